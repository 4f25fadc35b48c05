"""Reading and writing a learner's progress. Every write is one transaction.

`ProgressStore` is the library the faces call: each CLI command or API route opens it and calls
one method. Methods take and return plain values (ids, dates, floats, dicts).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, Table, delete, func, insert, select, update

from mlroadmap.progress.store import rules
from mlroadmap.progress.store.engine import make_engine, resolve_url
from mlroadmap.progress.store.migrate import ensure_current
from mlroadmap.progress.store.rules import StoreError
from mlroadmap.progress.store.tables import (
    STATUSES,
    answers,
    goals,
    placement_tests,
    plans,
    profiles,
    study_sessions,
    topic_links,
    topic_notes,
    topic_progress,
)
from mlroadmap.progress.tracking import QuizRecord

if TYPE_CHECKING:  # annotations only: `status` must start without the content models
    from mlroadmap.planning.goals import Goal
    from mlroadmap.planning.planner import Plan

DEFAULT_PROFILE = "default"
FINISHED_STATUSES = ("done", "skipped", "known")


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


ANSWER_SOURCES = ("quiz", "placement")


@dataclass(frozen=True)
class Answer:
    """One answer to one question: which, on what topic, whether right, and what was given."""

    question_id: str
    topic_id: str
    correct: bool
    given: str
    attempt: str | None = None
    """The quiz attempt or placement test it was given in."""
    variant: str | None = None
    """A templated question's drawn values ("name=value;..."), empty for a fixed question."""


@dataclass(frozen=True)
class PlacementTest:
    """A placement test as kept: its goal (`roadmap:ID` or `career:ID`), budget and answers."""

    token: str
    goal: str
    max_questions: int
    saved: bool
    answers: list[Answer]
    started: date


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _local_day(stored: datetime) -> date:
    """The learner's calendar day of a stored (naive UTC) time."""
    return stored.replace(tzinfo=UTC).astimezone().date()


def upsert(connection: Connection, table: Table) -> Any:
    """An INSERT that supports ON CONFLICT, for the database in use (SQLite or PostgreSQL):
    concurrent writers then update one row instead of failing on a duplicate."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    return dialect_insert(table)


class ProgressStore:
    """One learner profile's progress in one database."""

    def __init__(self, engine: Engine, profile: str = DEFAULT_PROFILE) -> None:
        rules.name(profile, "the profile name")  # refused before anything is saved
        ensure_current(engine)
        self.engine = engine
        self.profile_name = profile
        self.profile_id = self._profile_id(profile)

    @classmethod
    def open(cls, url: str | None = None, profile: str = DEFAULT_PROFILE) -> ProgressStore:
        """Open (creating and migrating if needed) the store at --db / $MLROADMAP_DB / default."""
        return cls(make_engine(resolve_url(url)), profile)

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A connection whose changes commit together at the end, or not at all.

        The same transaction bumps the profile's revision, so a long-running reader can tell
        with one small query whether anything changed, whichever process wrote.
        """
        with self.engine.begin() as connection:
            yield connection
            connection.execute(
                update(profiles)
                .where(profiles.c.id == self.profile_id)
                .values(revision=profiles.c.revision + 1)
            )

    def revision(self) -> int:
        """A number that grows with every write to this profile (see `writing`)."""
        with self.reading() as connection:
            found = connection.scalar(
                select(profiles.c.revision).where(profiles.c.id == self.profile_id)
            )
            return int(found or 0)

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reads only."""
        with self.engine.connect() as connection:
            yield connection

    def _profile_id(self, name: str) -> int:
        """The profile's id, creating it if needed (safe when two processes do so at once)."""
        with self.engine.begin() as connection:
            found = connection.scalar(select(profiles.c.id).where(profiles.c.name == name))
            if found is None:
                connection.execute(
                    upsert(connection, profiles)
                    .values(name=name)
                    .on_conflict_do_nothing(index_elements=["name"])
                )
                found = connection.scalar(select(profiles.c.id).where(profiles.c.name == name))
            assert found is not None
            return int(found)

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
        self._check_goal(day_hours, start, deadline, max_parallel, plan)
        with self.writing() as connection:
            return self._insert_goal(
                connection,
                roadmap,
                career,
                topics,
                day_hours,
                start,
                deadline,
                max_parallel,
                plan,
            )

    @staticmethod
    def _check_goal(
        day_hours: list[float],
        start: date,
        deadline: date | None,
        max_parallel: int,
        plan: dict[str, Any],
    ) -> None:
        """The rules a restored backup's goal is held to as well (see `backup`)."""
        from mlroadmap.planning.plan_schema import check_plan_document

        rules.goal_settings(day_hours, start, deadline, max_parallel)
        try:
            check_plan_document(plan)
        except ValueError as exc:
            raise StoreError(str(exc)) from None

    def start_plan(self, goal: Goal, plan: Plan, document: dict[str, Any]) -> int:
        """Save a goal, its settings and its plan as the active goal, and record the topics
        the learner said they know, in one transaction (what `start` does in every face)."""
        learner = plan.learner
        with self.writing() as connection:
            goal_id = self._insert_goal(
                connection,
                goal.roadmap,
                goal.career,
                list(goal.topics),
                list(learner.day_hours),
                learner.start,
                learner.deadline,
                learner.max_parallel,
                document,
            )
            if learner.known:
                self._set_status(connection, sorted(learner.known), "known")
            return goal_id

    def _insert_goal(
        self,
        connection: Connection,
        roadmap: str | None,
        career: str | None,
        topics: list[str],
        day_hours: list[float],
        start: date,
        deadline: date | None,
        max_parallel: int,
        plan: dict[str, Any],
    ) -> int:
        goal_id = connection.execute(
            insert(goals)
            .values(
                profile_id=self.profile_id,
                roadmap=roadmap,
                career=career,
                topics=list(topics),
                day_hours=list(day_hours),
                start=start,
                deadline=deadline,
                max_parallel=max_parallel,
            )
            .returning(goals.c.id)
        ).scalar_one()
        connection.execute(insert(plans).values(goal_id=goal_id, document=plan))
        return int(goal_id)

    def save_plan(self, plan: dict[str, Any]) -> None:
        """Attach a re-made plan to the active goal."""
        with self.writing() as connection:
            goal_id = self._active_goal_id(connection)
            if goal_id is None:
                raise StoreError("no goal started yet: run 'mlroadmap start' first")
            connection.execute(insert(plans).values(goal_id=goal_id, document=plan))

    def _active_goal_id(self, connection: Connection) -> int | None:
        return connection.scalar(
            select(goals.c.id)
            .where(goals.c.profile_id == self.profile_id)
            .order_by(goals.c.id.desc())
            .limit(1)
        )

    def active_goal(self) -> ActiveGoal | None:
        with self.reading() as connection:
            goal_id = self._active_goal_id(connection)
            if goal_id is None:
                return None
            goal = connection.execute(select(goals).where(goals.c.id == goal_id)).one()
            plan = connection.scalar(
                select(plans.c.document)
                .where(plans.c.goal_id == goal_id)
                .order_by(plans.c.id.desc())
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

    def set_status(self, topic_ids: list[str], status: str, marked_by: str | None = None) -> None:
        """Set the status of one or more topics at once (all or nothing); `marked_by` is
        'placement' when a placement test found them known, None when the learner says so."""
        with self.writing() as connection:
            self._set_status(connection, topic_ids, status, marked_by)

    def _set_status(
        self,
        connection: Connection,
        topic_ids: list[str],
        status: str,
        marked_by: str | None = None,
    ) -> None:
        if status not in STATUSES:
            raise StoreError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        for topic_id in topic_ids:
            rules.name(topic_id, "the topic", rules.MAX_TOPIC_ID)
        now = _now()
        finished = now if status in FINISHED_STATUSES else None
        started = now if status == "in-progress" else None
        for topic_id in topic_ids:
            statement = upsert(connection, topic_progress).values(
                profile_id=self.profile_id,
                topic_id=topic_id,
                status=status,
                started_at=started,
                finished_at=finished,
                updated_at=now,
                marked_by=marked_by,
            )
            connection.execute(
                statement.on_conflict_do_update(
                    index_elements=["profile_id", "topic_id"],
                    set_={
                        "status": status,
                        "marked_by": marked_by,
                        "updated_at": now,
                        "started_at": func.coalesce(topic_progress.c.started_at, started),
                        "finished_at": finished or topic_progress.c.finished_at,
                    },
                )
            )

    def statuses(self) -> dict[str, str]:
        """Every topic with a recorded status."""
        with self.reading() as connection:
            rows = connection.execute(
                select(topic_progress.c.topic_id, topic_progress.c.status).where(
                    topic_progress.c.profile_id == self.profile_id
                )
            )
            return {topic: status for topic, status in rows}

    def known_by_placement(self) -> set[str]:
        """Topics whose status `known` a placement test set (not the learner)."""
        columns = topic_progress.c
        with self.reading() as connection:
            rows = connection.execute(
                select(columns.topic_id).where(
                    columns.profile_id == self.profile_id,
                    columns.status == "known",
                    columns.marked_by == "placement",
                )
            )
            return {topic for (topic,) in rows}

    def finish_dates(self) -> dict[str, date]:
        """The day each finished (done, skipped or known) topic was marked so."""
        columns = topic_progress.c
        with self.reading() as connection:
            rows = connection.execute(
                select(columns.topic_id, columns.finished_at).where(
                    columns.profile_id == self.profile_id,
                    columns.status.in_(FINISHED_STATUSES),
                    columns.finished_at.is_not(None),
                )
            )
            return {topic: _local_day(finished) for topic, finished in rows}

    # --- answers to questions ---------------------------------------------------------------

    def record_answer(self, answer: Answer, source: str) -> None:
        """Keep one answer at once, so a quiz stopped half-way loses nothing answered."""
        if source not in ANSWER_SOURCES:
            raise StoreError(f"unknown answer source {source!r}")
        with self.writing() as connection:
            connection.execute(
                insert(answers).values(
                    profile_id=self.profile_id,
                    question_id=answer.question_id,
                    topic_id=answer.topic_id,
                    correct=answer.correct,
                    given=answer.given,
                    source=source,
                    attempt=answer.attempt,
                    variant=answer.variant,
                )
            )

    def quiz_results(self) -> list[QuizRecord]:
        """Every quiz answer, oldest first, with its attempt and day: what verification and
        quiz scores count (tracking.topic_scores)."""
        columns = answers.c
        with self.reading() as connection:
            rows = connection.execute(
                select(
                    columns.topic_id,
                    columns.question_id,
                    columns.variant,
                    columns.correct,
                    columns.attempt,
                    columns.created_at,
                )
                .where(columns.profile_id == self.profile_id, columns.source == "quiz")
                .order_by(columns.id)
            )
            return [
                QuizRecord(topic, question, variant, correct, attempt, _local_day(created))
                for topic, question, variant, correct, attempt, created in rows
            ]

    # --- placement tests --------------------------------------------------------------------

    def start_placement(self, token: str, goal: str, max_questions: int) -> None:
        """Keep a new placement test, so its answers can be resumed or saved later."""
        rules.name(token, "the test token", 40)
        rules.text(goal, "the goal")
        with self.writing() as connection:
            connection.execute(
                insert(placement_tests).values(
                    profile_id=self.profile_id,
                    token=token,
                    goal=goal,
                    max_questions=max_questions,
                )
            )

    def placement_test(self, token: str | None = None) -> PlacementTest | None:
        """A kept placement test with its answers in the order given: the one with `token`,
        or else the latest not saved yet (None if there is none)."""
        columns = placement_tests.c
        query = select(
            columns.token, columns.goal, columns.max_questions, columns.saved_at, columns.created_at
        ).where(columns.profile_id == self.profile_id)
        if token is None:
            query = query.where(columns.saved_at.is_(None))
        else:
            query = query.where(columns.token == token)
        with self.reading() as connection:
            found = connection.execute(query.order_by(columns.id.desc()).limit(1)).first()
            if found is None:
                return None
            a = answers.c
            rows = connection.execute(
                select(a.question_id, a.topic_id, a.correct, a.given, a.attempt, a.variant)
                .where(
                    a.profile_id == self.profile_id,
                    a.source == "placement",
                    a.attempt == found.token,
                )
                .order_by(a.id)
            )
            given = [Answer(*row) for row in rows]
        return PlacementTest(
            found.token,
            found.goal,
            found.max_questions,
            found.saved_at is not None,
            given,
            _local_day(found.created_at),
        )

    def close_placement(self, token: str) -> None:
        """Mark a placement test's result as saved: it is no longer offered for resuming."""
        columns = placement_tests.c
        with self.writing() as connection:
            connection.execute(
                update(placement_tests)
                .where(columns.profile_id == self.profile_id, columns.token == token)
                .values(saved_at=_now())
            )

    # --- study sessions, notes, links -------------------------------------------------------

    def log(self, topic_id: str, hours: float, day: date, note: str | None = None) -> None:
        """Record hours studied; a topic not started yet becomes in-progress."""
        rules.name(topic_id, "the topic", rules.MAX_TOPIC_ID)
        hours = rules.hours(hours)
        rules.session_day(day)
        if note is not None:
            rules.text(note, "the note", rules.MAX_NOTE)
        now = _now()
        with self.writing() as connection:
            connection.execute(
                insert(study_sessions).values(
                    profile_id=self.profile_id, topic_id=topic_id, day=day, hours=hours, note=note
                )
            )
            connection.execute(
                upsert(connection, topic_progress)
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
        with self.reading() as connection:
            total = connection.scalar(
                select(func.coalesce(func.sum(study_sessions.c.hours), 0.0)).where(
                    study_sessions.c.profile_id == self.profile_id,
                    study_sessions.c.day >= first,
                    study_sessions.c.day <= last,
                )
            )
            return float(total or 0.0)

    def hours_by_topic(self) -> dict[str, float]:
        """Hours logged per topic, summed by the database."""
        return self._hours_by(study_sessions.c.topic_id)

    def hours_by_day(self) -> dict[date, float]:
        """Hours logged per day, summed by the database."""
        return self._hours_by(study_sessions.c.day)

    def _hours_by(self, column: Any) -> dict[Any, float]:
        columns = study_sessions.c
        with self.reading() as connection:
            rows = connection.execute(
                select(column, func.sum(columns.hours))
                .where(columns.profile_id == self.profile_id)
                .group_by(column)
            )
            return {key: float(hours) for key, hours in rows}

    def sessions(self) -> list[dict[str, Any]]:
        columns = study_sessions.c
        with self.reading() as connection:
            rows = connection.execute(
                select(columns.topic_id, columns.day, columns.hours, columns.note)
                .where(columns.profile_id == self.profile_id)
                .order_by(columns.day, columns.id)
            )
            return [
                {"topic": topic, "day": day.isoformat(), "hours": hours, "note": note}
                for topic, day, hours, note in rows
            ]

    def add_note(self, topic_id: str, text: str) -> None:
        rules.name(topic_id, "the topic", rules.MAX_TOPIC_ID)
        rules.text(text, "the note")
        with self.writing() as connection:
            connection.execute(
                insert(topic_notes).values(profile_id=self.profile_id, topic_id=topic_id, text=text)
            )

    def add_link(self, topic_id: str, url: str, title: str | None = None) -> None:
        rules.name(topic_id, "the topic", rules.MAX_TOPIC_ID)
        rules.url(url)
        if title is not None:
            rules.name(title, "the title", rules.MAX_TITLE)
        with self.writing() as connection:
            connection.execute(
                insert(topic_links).values(
                    profile_id=self.profile_id, topic_id=topic_id, url=url, title=title
                )
            )

    def notes(self, topic_id: str) -> list[str]:
        with self.reading() as connection:
            return list(
                connection.scalars(
                    select(topic_notes.c.text)
                    .where(
                        topic_notes.c.profile_id == self.profile_id,
                        topic_notes.c.topic_id == topic_id,
                    )
                    .order_by(topic_notes.c.id)
                )
            )

    def links(self, topic_id: str) -> list[dict[str, str | None]]:
        with self.reading() as connection:
            rows = connection.execute(
                select(topic_links.c.url, topic_links.c.title)
                .where(
                    topic_links.c.profile_id == self.profile_id,
                    topic_links.c.topic_id == topic_id,
                )
                .order_by(topic_links.c.id)
            )
            return [{"url": url, "title": title} for url, title in rows]

    # --- profiles ---------------------------------------------------------------------------

    def profiles(self) -> list[str]:
        with self.reading() as connection:
            return list(connection.scalars(select(profiles.c.name).order_by(profiles.c.name)))

    def remove_profile(self, name: str) -> None:
        with self.writing() as connection:
            connection.execute(delete(profiles).where(profiles.c.name == name))
