"""Quiz attempts, templated values, placement tests that can be resumed, and who marked a topic.

* `answers.attempt`: the quiz attempt or placement test an answer belongs to, so verification
  can tell a fresh attempt from a repeat of the one before;
* `answers.variant`: the values a templated question was drawn with;
* `placement_tests`: each placement test's goal and budget, and when its result was saved, so a
  declined test can be resumed or saved later;
* `topic_progress.marked_by`: 'placement' for a topic saved as known by a placement test,
  empty when the learner set the status themselves.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TOKEN = 40


def upgrade() -> None:
    op.add_column("answers", sa.Column("attempt", sa.String(TOKEN)))
    op.add_column("answers", sa.Column("variant", sa.Text))
    op.add_column("topic_progress", sa.Column("marked_by", sa.String(20)))
    op.create_table(
        "placement_tests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "profile_id",
            sa.Integer,
            sa.ForeignKey("profiles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("token", sa.String(TOKEN), nullable=False),
        sa.Column("goal", sa.Text, nullable=False),
        sa.Column("max_questions", sa.Integer, nullable=False),
        sa.Column("saved_at", sa.DateTime),
        sa.Column("created_at", sa.DateTime, server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("profile_id", "token"),
    )


def downgrade() -> None:
    op.drop_table("placement_tests")
    with op.batch_alter_table("topic_progress") as batch:
        batch.drop_column("marked_by")
    with op.batch_alter_table("answers") as batch:
        batch.drop_column("variant")
        batch.drop_column("attempt")
