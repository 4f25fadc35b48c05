"""The shape of a plan document (`planning.document.plan_document`), to check one that comes
from outside: a restored backup holds plan documents, and `status`, `next`, the dashboard and
the exports read them back as they are. A document of the wrong shape, or with NaN hours,
is refused when it is imported instead of breaking every page that shows it later.

Kept apart from `planning.document`, which makes documents and is imported by quick commands
that must start without pydantic.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mlroadmap.planning.planner import MAX_PARALLEL, WEEKDAYS


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, strict=False)


class _Goal(_Part):
    roadmap: str | None
    career: str | None
    topics: list[str]


class _Phase(_Part):
    title: str
    source: str
    targets: list[str]


class _Resource(_Part):
    id: str
    core: bool
    title: str | None = None
    url: str | None = None
    section: str | None = None


class _Item(_Part):
    topic: str = Field(min_length=1)
    title: str
    hours: float = Field(ge=0)
    resources: list[_Resource]


class _Milestone(_Part):
    title: str
    date: date


class _Week(_Part):
    index: int = Field(ge=1)
    start: date
    end: date
    hours: float = Field(ge=0)
    items: list[_Item]
    milestones: list[_Milestone]


class PlanDocument(_Part):
    goal: _Goal
    start: date
    deadline: date | None
    hours_per_week: float = Field(gt=0, le=7 * 24)
    schedule: dict[str, float]
    known: list[str]
    max_parallel: int = Field(ge=1, le=MAX_PARALLEL)
    phases: list[_Phase]
    weeks: list[_Week]
    topic_count: int = Field(ge=0)
    total_hours: float = Field(ge=0)
    finish: date
    warnings: list[str]


def check_plan_document(document: Any) -> None:
    """Raise ValueError naming the first fault of a plan document that did not come from
    `plan_document` (or was changed since)."""
    try:
        parsed = PlanDocument.model_validate(document)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "document"
        raise ValueError(f"the plan document is not valid ({where}: {first['msg']})") from None
    if sorted(parsed.schedule) != sorted(WEEKDAYS):
        raise ValueError("the plan document's schedule must name each weekday once")
    if any(not 0 <= hours <= 24 for hours in parsed.schedule.values()):
        raise ValueError("the plan document's schedule has a day outside 0-24 hours")
