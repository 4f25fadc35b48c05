"""Profiles, goals, saved plans, topic progress, study sessions, notes and links.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TOPIC_ID = 200


def _profile_fk() -> sa.Column:
    return sa.Column(
        "profile_id", sa.Integer, sa.ForeignKey("profiles.id", ondelete="CASCADE"), nullable=False
    )


def _created() -> sa.Column:
    return sa.Column("created_at", sa.DateTime, server_default=sa.func.now(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "profiles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        _created(),
    )
    op.create_table(
        "goals",
        sa.Column("id", sa.Integer, primary_key=True),
        _profile_fk(),
        sa.Column("roadmap", sa.String(100)),
        sa.Column("career", sa.String(100)),
        sa.Column("topics", sa.JSON, nullable=False),
        sa.Column("day_hours", sa.JSON, nullable=False),
        sa.Column("start", sa.Date, nullable=False),
        sa.Column("deadline", sa.Date),
        sa.Column("max_parallel", sa.Integer, nullable=False),
        _created(),
    )
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "goal_id", sa.Integer, sa.ForeignKey("goals.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("document", sa.JSON, nullable=False),
        _created(),
    )
    op.create_table(
        "topic_progress",
        sa.Column("id", sa.Integer, primary_key=True),
        _profile_fk(),
        sa.Column("topic_id", sa.String(TOPIC_ID), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("started_at", sa.DateTime),
        sa.Column("finished_at", sa.DateTime),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("profile_id", "topic_id"),
    )
    op.create_table(
        "study_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        _profile_fk(),
        sa.Column("topic_id", sa.String(TOPIC_ID), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("hours", sa.Float, nullable=False),
        sa.Column("note", sa.Text),
        _created(),
    )
    op.create_index("ix_study_sessions_profile_id", "study_sessions", ["profile_id"])
    op.create_index("ix_study_sessions_day", "study_sessions", ["day"])
    op.create_table(
        "topic_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        _profile_fk(),
        sa.Column("topic_id", sa.String(TOPIC_ID), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        _created(),
    )
    op.create_table(
        "topic_links",
        sa.Column("id", sa.Integer, primary_key=True),
        _profile_fk(),
        sa.Column("topic_id", sa.String(TOPIC_ID), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        _created(),
    )


def downgrade() -> None:
    for table in (
        "topic_links",
        "topic_notes",
        "study_sessions",
        "topic_progress",
        "plans",
        "goals",
        "profiles",
    ):
        op.drop_table(table)
