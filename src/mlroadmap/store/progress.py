"""Reading and writing a learner's progress. Every write is one transaction.

`ProgressStore` is the library the faces call: each CLI command or API route opens it and calls
one method. Methods take and return plain values (ids, dates, floats, dicts), never ORM rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from mlroadmap.store.engine import make_engine, resolve_url
from mlroadmap.store.migrate import ensure_current
from mlroadmap.store.tables import (
    STATUSES,
    Goal,
    Profile,
    SavedPlan,
    StudySession,
    TopicLink,
    TopicNote,
    TopicProgress,
)

DEFAULT_PROFILE = "default"


class StoreError(ValueError):
    """A write the store refuses (unknown status, non-positive hours ...); nothing was changed."""


@dataclass(frozen=True)
class ActiveGoal:
    roadmap: str | None
    career: str | None
    topics: list[str]
    day_hours: list[float]
    start: date
    deadline: date | None
    max_parallel: int
    plan: dict[str, Any] | None


def _insert(session: Session, table: Any) -> Any:
    """An INSERT that supports ON CONFLICT, for the database in use (SQLite or PostgreSQL):
    concurrent writers then update one row instead of failing on a duplicate."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class ProgressStore:
    """One learner profile's progress in one database."""

    def __init__(self, engine: Engine, profile: str = DEFAULT_PROFILE) -> None:
        ensure_current(engine)
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.profile_name = profile
        self.profile_id = self._profile_id(profile)

    @classmethod
    def open(cls, url: str | None = None, profile: str = DEFAULT_PROFILE) -> ProgressStore:
        """Open (creating and migrating if needed) the store at --db / $MLROADMAP_DB / default."""
        return cls(make_engine(resolve_url(url)), profile)

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session whose changes commit together at the end, or not at all."""
        with self._sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only."""
        with self._sessions() as session:
            yield session

    def _profile_id(self, name: str) -> int:
        """The profile's id, creating it if needed (safe when two processes do so at once)."""
        with self.writing() as session:
            session.execute(
                _insert(session, Profile.__table__)
                .values(name=name)
                .on_conflict_do_nothing(index_elements=["name"])
            )
            found = session.scalar(select(Profile.id).where(Profile.name == name))
            assert found is not None
            return found

    # --- goal and plan ----------------------------------------------------------------------

    def start_goal(
        self,
        roadmap: str | None,
        career: str | None,
        topics: list[str],
        day_hours: list[float],
        start: date,
        deadline: date | None,
        max_parallel: int,
        plan: dict[str, Any],
    ) -> int:
        """Save a goal with its settings and its plan; it becomes the active goal."""
        with self.writing() as session:
            goal = Goal(
                profile_id=self.profile_id,
                roadmap=roadmap,
                career=career,
                topics=list(topics),
                day_hours=list(day_hours),
                start=start,
                deadline=deadline,
                max_parallel=max_parallel,
            )
            session.add(goal)
            session.flush()
            session.add(SavedPlan(goal_id=goal.id, document=plan))
            return goal.id

    def save_plan(self, plan: dict[str, Any]) -> None:
        """Attach a re-made plan to the active goal."""
        with self.writing() as session:
            goal_id = self._active_goal_id(session)
            if goal_id is None:
                raise StoreError("no goal started yet: run 'mlroadmap start' first")
            session.add(SavedPlan(goal_id=goal_id, document=plan))

    def _active_goal_id(self, session: Session) -> int | None:
        return session.scalar(
            select(Goal.id)
            .where(Goal.profile_id == self.profile_id)
            .order_by(Goal.id.desc())
            .limit(1)
        )

    def active_goal(self) -> ActiveGoal | None:
        with self.reading() as session:
            goal_id = self._active_goal_id(session)
            if goal_id is None:
                return None
            goal = session.get(Goal, goal_id)
            assert goal is not None
            plan = session.scalar(
                select(SavedPlan.document)
                .where(SavedPlan.goal_id == goal_id)
                .order_by(SavedPlan.id.desc())
                .limit(1)
            )
            return ActiveGoal(
                goal.roadmap,
                goal.career,
                list(goal.topics),
                list(goal.day_hours),
                goal.start,
                goal.deadline,
                goal.max_parallel,
                plan,
            )

    # --- topic status -----------------------------------------------------------------------

    def set_status(self, topic_ids: list[str], status: str) -> None:
        """Set the status of one or more topics at once (all or nothing)."""
        if status not in STATUSES:
            raise StoreError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        now = _now()
        finished = now if status in ("done", "skipped", "known") else None
        started = now if status == "in-progress" else None
        table = TopicProgress.__table__
        with self.writing() as session:
            for topic_id in topic_ids:
                statement = _insert(session, table).values(
                    profile_id=self.profile_id,
                    topic_id=topic_id,
                    status=status,
                    started_at=started,
                    finished_at=finished,
                    updated_at=now,
                )
                session.execute(
                    statement.on_conflict_do_update(
                        index_elements=["profile_id", "topic_id"],
                        set_={
                            "status": status,
                            "updated_at": now,
                            "started_at": func.coalesce(table.c.started_at, started),
                            "finished_at": finished if finished else table.c.finished_at,
                        },
                    )
                )

    def statuses(self) -> dict[str, str]:
        """Every topic with a recorded status."""
        with self.reading() as session:
            rows = session.execute(
                select(TopicProgress.topic_id, TopicProgress.status).where(
                    TopicProgress.profile_id == self.profile_id
                )
            )
            return {topic: status for topic, status in rows}

    # --- study sessions, notes, links -------------------------------------------------------

    def log(self, topic_id: str, hours: float, day: date, note: str | None = None) -> None:
        """Record hours studied; a topic not started yet becomes in-progress."""
        if not hours > 0:
            raise StoreError(f"hours must be more than 0, got {hours:g}")
        now = _now()
        with self.writing() as session:
            session.add(
                StudySession(
                    profile_id=self.profile_id, topic_id=topic_id, day=day, hours=hours, note=note
                )
            )
            session.execute(
                _insert(session, TopicProgress.__table__)
                .values(
                    profile_id=self.profile_id,
                    topic_id=topic_id,
                    status="in-progress",
                    started_at=now,
                    updated_at=now,
                )
                .on_conflict_do_nothing(index_elements=["profile_id", "topic_id"])
            )

    def hours_between(self, first: date, last: date) -> float:
        with self.reading() as session:
            total = session.scalar(
                select(func.coalesce(func.sum(StudySession.hours), 0.0)).where(
                    StudySession.profile_id == self.profile_id,
                    StudySession.day >= first,
                    StudySession.day <= last,
                )
            )
            return float(total or 0.0)

    def sessions(self) -> list[dict[str, Any]]:
        with self.reading() as session:
            rows = session.execute(
                select(
                    StudySession.topic_id, StudySession.day, StudySession.hours, StudySession.note
                )
                .where(StudySession.profile_id == self.profile_id)
                .order_by(StudySession.day, StudySession.id)
            )
            return [
                {"topic": topic, "day": day.isoformat(), "hours": hours, "note": note}
                for topic, day, hours, note in rows
            ]

    def add_note(self, topic_id: str, text: str) -> None:
        with self.writing() as session:
            session.add(TopicNote(profile_id=self.profile_id, topic_id=topic_id, text=text))

    def add_link(self, topic_id: str, url: str, title: str | None = None) -> None:
        with self.writing() as session:
            session.add(
                TopicLink(profile_id=self.profile_id, topic_id=topic_id, url=url, title=title)
            )

    def notes(self, topic_id: str) -> list[str]:
        with self.reading() as session:
            return list(
                session.scalars(
                    select(TopicNote.text)
                    .where(TopicNote.profile_id == self.profile_id, TopicNote.topic_id == topic_id)
                    .order_by(TopicNote.id)
                )
            )

    def links(self, topic_id: str) -> list[dict[str, str | None]]:
        with self.reading() as session:
            rows = session.scalars(
                select(TopicLink)
                .where(TopicLink.profile_id == self.profile_id, TopicLink.topic_id == topic_id)
                .order_by(TopicLink.id)
            )
            return [{"url": r.url, "title": r.title} for r in rows]

    # --- profiles ---------------------------------------------------------------------------

    def profiles(self) -> list[str]:
        with self.reading() as session:
            return list(session.scalars(select(Profile.name).order_by(Profile.name)))

    def remove_profile(self, name: str) -> None:
        with self.writing() as session:
            session.execute(delete(Profile).where(Profile.name == name))
