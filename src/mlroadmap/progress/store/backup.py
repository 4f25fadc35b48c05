"""A profile's whole progress as one JSON document, and back (docs/progress.md describes it).

Export, import into an empty store, export again: the two documents are identical. Import is
validated first and written in one transaction, so a corrupt file changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import Connection, Table, insert, select

from mlroadmap.progress.store.progress import ProgressStore, StoreError
from mlroadmap.progress.store.tables import (
    STATUSES,
    answers,
    goals,
    plans,
    study_sessions,
    topic_links,
    topic_notes,
    topic_progress,
)

FORMAT = "mlroadmap-progress"
VERSION = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PlanEntry(_Strict):
    document: dict[str, Any]
    created_at: datetime


class GoalEntry(_Strict):
    roadmap: str | None
    career: str | None
    topics: list[str]
    day_hours: list[float] = Field(min_length=7, max_length=7)
    start: date
    deadline: date | None
    max_parallel: int = Field(ge=1)
    created_at: datetime
    plans: list[PlanEntry]


class ProgressEntry(_Strict):
    topic: str = Field(min_length=1)
    status: Literal[STATUSES]  # type: ignore[valid-type]
    started_at: datetime | None
    finished_at: datetime | None
    updated_at: datetime


class SessionEntry(_Strict):
    topic: str = Field(min_length=1)
    day: date
    hours: float = Field(gt=0)
    note: str | None
    created_at: datetime


class NoteEntry(_Strict):
    topic: str = Field(min_length=1)
    text: str
    created_at: datetime


class LinkEntry(_Strict):
    topic: str = Field(min_length=1)
    url: str
    title: str | None
    created_at: datetime


class AnswerEntry(_Strict):
    question: str = Field(min_length=1)
    topic: str = Field(min_length=1)
    correct: bool
    given: str
    source: Literal["quiz", "placement"]
    created_at: datetime


class Backup(_Strict):
    format: Literal["mlroadmap-progress"]
    version: Literal[1]
    profile: str
    goals: list[GoalEntry]
    progress: list[ProgressEntry]
    sessions: list[SessionEntry]
    notes: list[NoteEntry]
    links: list[LinkEntry]
    answers: list[AnswerEntry] = Field(default_factory=list)
    """Added later within version 1: older backups have none."""


def export_progress(store: ProgressStore) -> dict[str, Any]:
    """Everything the profile has, each list in the order it was written."""
    mine = store.profile_id

    def rows(connection: Connection, table: Table) -> Any:
        return connection.execute(
            select(table).where(table.c.profile_id == mine).order_by(table.c.id)
        ).all()

    with store.reading() as connection:
        goal_entries = []
        for goal in rows(connection, goals):
            saved = connection.execute(
                select(plans).where(plans.c.goal_id == goal.id).order_by(plans.c.id)
            )
            goal_entries.append(
                GoalEntry(
                    roadmap=goal.roadmap,
                    career=goal.career,
                    topics=goal.topics,
                    day_hours=goal.day_hours,
                    start=goal.start,
                    deadline=goal.deadline,
                    max_parallel=goal.max_parallel,
                    created_at=goal.created_at,
                    plans=[PlanEntry(document=p.document, created_at=p.created_at) for p in saved],
                )
            )
        backup = Backup(
            format=FORMAT,
            version=VERSION,
            profile=store.profile_name,
            goals=goal_entries,
            progress=[
                ProgressEntry(
                    topic=r.topic_id,
                    status=r.status,
                    started_at=r.started_at,
                    finished_at=r.finished_at,
                    updated_at=r.updated_at,
                )
                for r in rows(connection, topic_progress)
            ],
            sessions=[
                SessionEntry(
                    topic=r.topic_id,
                    day=r.day,
                    hours=r.hours,
                    note=r.note,
                    created_at=r.created_at,
                )
                for r in rows(connection, study_sessions)
            ],
            notes=[
                NoteEntry(topic=r.topic_id, text=r.text, created_at=r.created_at)
                for r in rows(connection, topic_notes)
            ],
            links=[
                LinkEntry(topic=r.topic_id, url=r.url, title=r.title, created_at=r.created_at)
                for r in rows(connection, topic_links)
            ],
            answers=[
                AnswerEntry(
                    question=r.question_id,
                    topic=r.topic_id,
                    correct=r.correct,
                    given=r.given,
                    source=r.source,
                    created_at=r.created_at,
                )
                for r in rows(connection, answers)
            ],
        )
    return backup.model_dump(mode="json")


def parse_backup(data: Any) -> Backup:
    """Validate a backup document; StoreError names the first problems found."""
    try:
        return Backup.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'document'}: {e['msg']}"
            for e in exc.errors()[:3]
        )
        raise StoreError(f"not a valid progress backup ({problems})") from None


def import_progress(store: ProgressStore, backup: Backup) -> None:
    """Load a backup into this profile, which must hold no progress yet (all or nothing)."""
    mine = store.profile_id
    with store.writing() as connection:
        for table in (goals, topic_progress, study_sessions):
            if connection.scalar(select(table.c.id).where(table.c.profile_id == mine).limit(1)):
                raise StoreError(
                    f"profile '{store.profile_name}' already has progress: import into a new "
                    "profile with --profile NAME"
                )
        for entry in backup.goals:
            goal_id = connection.execute(
                insert(goals)
                .values(
                    profile_id=mine,
                    **entry.model_dump(exclude={"plans"}),
                )
                .returning(goals.c.id)
            ).scalar_one()
            for plan in entry.plans:
                connection.execute(insert(plans).values(goal_id=goal_id, **plan.model_dump()))
        _insert_all(connection, topic_progress, mine, backup.progress)
        _insert_all(connection, study_sessions, mine, backup.sessions)
        _insert_all(connection, topic_notes, mine, backup.notes)
        _insert_all(connection, topic_links, mine, backup.links)
        for answer in backup.answers:
            values = answer.model_dump()
            values["question_id"], values["topic_id"] = values.pop("question"), values.pop("topic")
            connection.execute(insert(answers).values(profile_id=mine, **values))


def _insert_all(connection: Connection, table: Table, profile_id: int, entries: list[Any]) -> None:
    """Insert entries in order (their `topic` becomes the `topic_id` column)."""
    for entry in entries:
        values = entry.model_dump()
        values["topic_id"] = values.pop("topic")
        connection.execute(insert(table).values(profile_id=profile_id, **values))
