"""The tables of the store, as SQLAlchemy Core tables.

Core rather than the ORM: every command opens the store, and the ORM alone would add about
60 ms to each start. Progress is keyed on topic ids, which are stable forever.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

TOPIC_ID = 200
"""Longest topic id stored; ids are short kebab-case words."""
TOKEN = 40
"""Longest quiz attempt or placement test token."""

STATUSES = ("not-started", "in-progress", "done", "skipped", "known")

metadata = MetaData()


def _profile_id() -> Column:
    return Column(
        "profile_id", Integer, ForeignKey("profiles.id", ondelete="CASCADE"), nullable=False
    )


def _created_at() -> Column:
    return Column("created_at", DateTime, server_default=func.now(), nullable=False)


profiles = Table(
    "profiles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("revision", Integer, nullable=False, server_default="0"),
    _created_at(),
)
"""Learners sharing one store; `revision` counts the profile's writes (see `writing`)."""

goals = Table(
    "goals",
    metadata,
    Column("id", Integer, primary_key=True),
    _profile_id(),
    Column("roadmap", String(100)),
    Column("career", String(100)),
    Column("topics", JSON, nullable=False),
    Column("day_hours", JSON, nullable=False),
    Column("start", Date, nullable=False),
    Column("deadline", Date),
    Column("max_parallel", Integer, nullable=False),
    _created_at(),
)
"""Goals a learner started, with their settings; the newest one is the active goal."""

plans = Table(
    "plans",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("goal_id", Integer, ForeignKey("goals.id", ondelete="CASCADE"), nullable=False),
    Column("document", JSON, nullable=False),
    _created_at(),
)
"""Plans as made for a goal: the JSON document of docs/planning.md."""

topic_progress = Table(
    "topic_progress",
    metadata,
    Column("id", Integer, primary_key=True),
    _profile_id(),
    Column("topic_id", String(TOPIC_ID), nullable=False),
    Column("status", String(20), nullable=False),
    Column("started_at", DateTime),
    Column("finished_at", DateTime),
    Column("updated_at", DateTime, nullable=False),
    Column("marked_by", String(20)),
    UniqueConstraint("profile_id", "topic_id"),
)
"""`marked_by` is 'placement' for a topic a placement test saved as known, empty when the
learner set the status."""

study_sessions = Table(
    "study_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    _profile_id(),
    Column("topic_id", String(TOPIC_ID), nullable=False),
    Column("day", Date, nullable=False),
    Column("hours", Float, nullable=False),
    Column("note", Text),
    _created_at(),
    Index("ix_study_sessions_profile_id", "profile_id"),
    Index("ix_study_sessions_day", "day"),
)

topic_notes = Table(
    "topic_notes",
    metadata,
    Column("id", Integer, primary_key=True),
    _profile_id(),
    Column("topic_id", String(TOPIC_ID), nullable=False),
    Column("text", Text, nullable=False),
    _created_at(),
)

topic_links = Table(
    "topic_links",
    metadata,
    Column("id", Integer, primary_key=True),
    _profile_id(),
    Column("topic_id", String(TOPIC_ID), nullable=False),
    Column("url", Text, nullable=False),
    Column("title", Text),
    _created_at(),
)
"""A learner's own extra resources per topic."""

answers = Table(
    "answers",
    metadata,
    Column("id", Integer, primary_key=True),
    _profile_id(),
    Column("question_id", String(TOPIC_ID + 20), nullable=False),
    Column("topic_id", String(TOPIC_ID), nullable=False),
    Column("correct", Boolean, nullable=False),
    Column("given", Text, nullable=False),
    Column("source", String(20), nullable=False),
    _created_at(),
    Column("attempt", String(TOKEN)),
    Column("variant", Text),
    Index("ix_answers_profile_topic", "profile_id", "topic_id"),
)
"""Every answer to a quiz or placement question: what was given and whether it was right, the
quiz attempt or placement test it was part of, and a templated question's drawn values."""

placement_tests = Table(
    "placement_tests",
    metadata,
    Column("id", Integer, primary_key=True),
    _profile_id(),
    Column("token", String(TOKEN), nullable=False),
    Column("goal", Text, nullable=False),
    Column("max_questions", Integer, nullable=False),
    Column("saved_at", DateTime),
    _created_at(),
    UniqueConstraint("profile_id", "token"),
)
"""Each placement test: its goal (as `roadmap:ID` or `career:ID`), its budget, and when its
result was saved (empty while it can still be resumed or saved)."""
