"""A revision counter on each profile, bumped by every write.

A long-running reader such as the web app compares it with the value it saw last, so one small
query tells it whether its rendered pages are still current, whichever process wrote.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("profiles", sa.Column("revision", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        batch.drop_column("revision")
