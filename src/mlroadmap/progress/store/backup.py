"""A profile's whole progress as one JSON document, and back (docs/progress.md describes it).

Export, import into an empty store, export again: the two documents are identical. Import is
validated first and written in one transaction, so a corrupt file changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    ValidationError,
    field_validator,
    model_validator,
)
from sqlalchemy import Connection, Table, insert, select

from mlroadmap.planning.plan_schema import check_plan_document
from mlroadmap.progress.store import rules
from mlroadmap.progress.store.progress import ProgressStore, StoreError
from mlroadmap.progress.store.tables import (
    STATUSES,
    answers,
    goals,
    placement_tests,
    plans,
    study_sessions,
    topic_links,
    topic_notes,
    topic_progress,
)

FORMAT = "mlroadmap-progress"
VERSION = 1


MAX_BACKUP_BYTES = 50_000_000
"""A year of daily study with a hundred re-plans is a few megabytes; the cap keeps a wrong
file (or /dev/zero) from filling memory."""


def _rule(check: Any, *args: Any) -> Any:
    """A pydantic validator from one of the store's rules, so an imported entry is held to
    exactly what a live write is."""

    def validate(value: Any) -> Any:
        if value is None:
            return value
        try:
            return check(value, *args)
        except StoreError as exc:
            raise ValueError(str(exc)) from None

    return AfterValidator(validate)


TopicId = Annotated[str, _rule(rules.name, "the topic", rules.MAX_TOPIC_ID)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class PlanEntry(_Strict):
    document: dict[str, Any]
    created_at: datetime

    @field_validator("document")
    @classmethod
    def _a_plan(cls, document: dict[str, Any]) -> dict[str, Any]:
        check_plan_document(document)
        return document


class GoalEntry(_Strict):
    roadmap: Annotated[str, _rule(rules.name, "the roadmap", rules.MAX_TOPIC_ID)] | None
    career: Annotated[str, _rule(rules.name, "the career", rules.MAX_TOPIC_ID)] | None
    topics: list[TopicId]
    day_hours: list[float] = Field(min_length=7, max_length=7)
    start: date
    deadline: date | None
    max_parallel: int = Field(ge=1)
    created_at: datetime
    plans: list[PlanEntry]

    @model_validator(mode="after")
    def _plannable(self) -> GoalEntry:
        """The settings a live `start` would accept: the rule the store applies to one."""
        try:
            rules.goal_settings(self.day_hours, self.start, self.deadline, self.max_parallel)
        except StoreError as exc:
            raise ValueError(str(exc)) from None
        return self


class ProgressEntry(_Strict):
    topic: TopicId
    status: Literal[STATUSES]  # type: ignore[valid-type]
    started_at: datetime | None
    finished_at: datetime | None
    updated_at: datetime
    marked_by: Literal["placement"] | None = None
    """Added later within version 1: 'placement' when a placement test saved the topic."""


class SessionEntry(_Strict):
    topic: TopicId
    day: Annotated[date, _rule(rules.session_day)]
    hours: Annotated[float, Strict(), _rule(rules.hours)]
    """Strict: a number (an integer too), never `true`."""
    note: Annotated[str, _rule(rules.text, "the note", rules.MAX_NOTE)] | None
    created_at: datetime


class NoteEntry(_Strict):
    topic: TopicId
    text: Annotated[str, _rule(rules.text, "the note")]
    created_at: datetime


class LinkEntry(_Strict):
    topic: TopicId
    url: Annotated[str, _rule(rules.url)]
    title: Annotated[str, _rule(rules.name, "the title", rules.MAX_TITLE)] | None
    created_at: datetime


class AnswerEntry(_Strict):
    question: Annotated[str, _rule(rules.name, "the question", rules.MAX_TOPIC_ID)]
    topic: TopicId
    correct: bool
    given: Annotated[str, _rule(rules.text, "the answer", rules.MAX_NOTE)]
    source: Literal["quiz", "placement"]
    created_at: datetime
    attempt: Annotated[str, _rule(rules.name, "the attempt", 40)] | None = None
    """Added later within version 1, as are `variant` and the placement tests."""
    variant: Annotated[str, _rule(rules.text, "the drawn values", rules.MAX_NOTE)] | None = None


class PlacementTestEntry(_Strict):
    token: Annotated[str, _rule(rules.name, "the test token", 40)]
    goal: Annotated[str, _rule(rules.text, "the goal")]
    max_questions: int = Field(ge=1, le=1000)
    saved_at: datetime | None
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
    placement_tests: list[PlacementTestEntry] = Field(default_factory=list)

    @field_validator("progress")
    @classmethod
    def _one_status_per_topic(cls, entries: list[ProgressEntry]) -> list[ProgressEntry]:
        seen: set[str] = set()
        for entry in entries:
            if entry.topic in seen:
                raise ValueError(f"topic '{entry.topic}' has two statuses; a topic has one")
            seen.add(entry.topic)
        return entries


def export_progress(store: ProgressStore) -> dict[str, Any]:
    """Everything the profile has, each list in the order it was written.

    Built without validation: whatever the store holds must always be exportable, even a
    value an earlier release let in that today's rules refuse (importing it will say so)."""
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
                GoalEntry.model_construct(
                    roadmap=goal.roadmap,
                    career=goal.career,
                    topics=goal.topics,
                    day_hours=goal.day_hours,
                    start=goal.start,
                    deadline=goal.deadline,
                    max_parallel=goal.max_parallel,
                    created_at=goal.created_at,
                    plans=[
                        PlanEntry.model_construct(document=p.document, created_at=p.created_at)
                        for p in saved
                    ],
                )
            )
        backup = Backup.model_construct(
            format=FORMAT,
            version=VERSION,
            profile=store.profile_name,
            goals=goal_entries,
            progress=[
                ProgressEntry.model_construct(
                    topic=r.topic_id,
                    status=r.status,
                    started_at=r.started_at,
                    finished_at=r.finished_at,
                    updated_at=r.updated_at,
                    **_when_set(marked_by=r.marked_by),
                )
                for r in rows(connection, topic_progress)
            ],
            sessions=[
                SessionEntry.model_construct(
                    topic=r.topic_id,
                    day=r.day,
                    hours=r.hours,
                    note=r.note,
                    created_at=r.created_at,
                )
                for r in rows(connection, study_sessions)
            ],
            notes=[
                NoteEntry.model_construct(topic=r.topic_id, text=r.text, created_at=r.created_at)
                for r in rows(connection, topic_notes)
            ],
            links=[
                LinkEntry.model_construct(
                    topic=r.topic_id, url=r.url, title=r.title, created_at=r.created_at
                )
                for r in rows(connection, topic_links)
            ],
            answers=[
                AnswerEntry.model_construct(
                    question=r.question_id,
                    topic=r.topic_id,
                    correct=r.correct,
                    given=r.given,
                    source=r.source,
                    created_at=r.created_at,
                    **_when_set(attempt=r.attempt, variant=r.variant),
                )
                for r in rows(connection, answers)
            ],
            **_when_set(
                placement_tests=[
                    PlacementTestEntry.model_construct(
                        token=r.token,
                        goal=r.goal,
                        max_questions=r.max_questions,
                        saved_at=r.saved_at,
                        created_at=r.created_at,
                    )
                    for r in rows(connection, placement_tests)
                ]
            ),
        )
    return backup.model_dump(mode="json", exclude_unset=True)


def _when_set(**values: Any) -> dict[str, Any]:
    """The fields added later within version 1, only where they hold something: a store
    without them exports the document older releases did."""
    return {name: value for name, value in values.items() if value}


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
        kept = (goals, topic_progress, study_sessions, topic_notes, topic_links, answers)
        for table in (*kept, placement_tests):
            if connection.scalar(select(table.c.id).where(table.c.profile_id == mine).limit(1)):
                held = table.name.replace("_", " ")
                raise StoreError(
                    f"profile '{store.profile_name}' is not empty (it has {held}): import "
                    "into a new profile with --profile NAME"
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
        for test in backup.placement_tests:
            connection.execute(insert(placement_tests).values(profile_id=mine, **test.model_dump()))


def _insert_all(connection: Connection, table: Table, profile_id: int, entries: list[Any]) -> None:
    """Insert entries in order (their `topic` becomes the `topic_id` column)."""
    for entry in entries:
        values = entry.model_dump()
        values["topic_id"] = values.pop("topic")
        connection.execute(insert(table).values(profile_id=profile_id, **values))
