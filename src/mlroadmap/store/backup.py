"""A profile's whole progress as one JSON document, and back (docs/progress.md describes it).

Export, import into an empty store, export again: the two documents are identical. Import is
validated first and written in one transaction, so a corrupt file changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select

from mlroadmap.store.progress import ProgressStore, StoreError
from mlroadmap.store.tables import (
    STATUSES,
    Goal,
    SavedPlan,
    StudySession,
    TopicLink,
    TopicNote,
    TopicProgress,
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


class Backup(_Strict):
    format: Literal["mlroadmap-progress"]
    version: Literal[1]
    profile: str
    goals: list[GoalEntry]
    progress: list[ProgressEntry]
    sessions: list[SessionEntry]
    notes: list[NoteEntry]
    links: list[LinkEntry]


def export_progress(store: ProgressStore) -> dict[str, Any]:
    """Everything the profile has, each list in the order it was written."""
    mine = store.profile_id
    with store.reading() as session:
        goals = session.scalars(select(Goal).where(Goal.profile_id == mine).order_by(Goal.id))
        goal_entries = []
        for goal in goals:
            plans = session.scalars(
                select(SavedPlan).where(SavedPlan.goal_id == goal.id).order_by(SavedPlan.id)
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
                    plans=[PlanEntry(document=p.document, created_at=p.created_at) for p in plans],
                )
            )

        def rows(table: Any) -> Any:
            return session.scalars(select(table).where(table.profile_id == mine).order_by(table.id))

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
                for r in rows(TopicProgress)
            ],
            sessions=[
                SessionEntry(
                    topic=r.topic_id, day=r.day, hours=r.hours, note=r.note, created_at=r.created_at
                )
                for r in rows(StudySession)
            ],
            notes=[
                NoteEntry(topic=r.topic_id, text=r.text, created_at=r.created_at)
                for r in rows(TopicNote)
            ],
            links=[
                LinkEntry(topic=r.topic_id, url=r.url, title=r.title, created_at=r.created_at)
                for r in rows(TopicLink)
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
    with store.writing() as session:
        if session.scalar(select(Goal.id).where(Goal.profile_id == mine).limit(1)) or (
            session.scalar(
                select(TopicProgress.id).where(TopicProgress.profile_id == mine).limit(1)
            )
            or session.scalar(
                select(StudySession.id).where(StudySession.profile_id == mine).limit(1)
            )
        ):
            raise StoreError(
                f"profile '{store.profile_name}' already has progress: import into a new "
                "profile with --profile NAME"
            )
        for entry in backup.goals:
            goal = Goal(
                profile_id=mine,
                roadmap=entry.roadmap,
                career=entry.career,
                topics=entry.topics,
                day_hours=entry.day_hours,
                start=entry.start,
                deadline=entry.deadline,
                max_parallel=entry.max_parallel,
                created_at=entry.created_at,
            )
            session.add(goal)
            session.flush()
            for plan in entry.plans:
                session.add(
                    SavedPlan(goal_id=goal.id, document=plan.document, created_at=plan.created_at)
                )
        session.add_all(
            TopicProgress(
                profile_id=mine,
                topic_id=p.topic,
                status=p.status,
                started_at=p.started_at,
                finished_at=p.finished_at,
                updated_at=p.updated_at,
            )
            for p in backup.progress
        )
        session.add_all(
            StudySession(
                profile_id=mine,
                topic_id=s.topic,
                day=s.day,
                hours=s.hours,
                note=s.note,
                created_at=s.created_at,
            )
            for s in backup.sessions
        )
        session.add_all(
            TopicNote(profile_id=mine, topic_id=n.topic, text=n.text, created_at=n.created_at)
            for n in backup.notes
        )
        session.add_all(
            TopicLink(
                profile_id=mine, topic_id=k.topic, url=k.url, title=k.title, created_at=k.created_at
            )
            for k in backup.links
        )
