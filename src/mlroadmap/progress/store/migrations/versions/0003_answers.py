"""Answers to quiz and placement questions, one row per answer.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TOPIC_ID = 200


def upgrade() -> None:
    op.create_table(
        "answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "profile_id",
            sa.Integer,
            sa.ForeignKey("profiles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("question_id", sa.String(TOPIC_ID + 20), nullable=False),
        sa.Column("topic_id", sa.String(TOPIC_ID), nullable=False),
        sa.Column("correct", sa.Boolean, nullable=False),
        sa.Column("given", sa.Text, nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime, server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_answers_profile_topic", "answers", ["profile_id", "topic_id"])


def downgrade() -> None:
    op.drop_index("ix_answers_profile_topic", table_name="answers")
    op.drop_table("answers")
