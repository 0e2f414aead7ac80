"""record which worker claimed a queued row

Revision ID: 0008_f
Revises: 0007_f
Create Date: 2026-12-09 14:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_f"
down_revision = "0007_f"
branch_labels = None
depends_on = None
TABLES = ("inbox_event", "outbox_post")


def upgrade() -> None:
    # a nullable column without a default: PostgreSQL adds it without rewriting the table
    for table in TABLES:
        op.add_column(table, sa.Column("claimed_by", sa.String(length=128)))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("claimed_by")
