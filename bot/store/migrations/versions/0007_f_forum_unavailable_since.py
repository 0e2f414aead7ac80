"""remember since when the forum has been unavailable to a queued row

Revision ID: 0007_f
Revises: 0006_t3
Create Date: 2026-12-09 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_f"
down_revision = "0006_t3"
branch_labels = None
depends_on = None
TABLES = ("inbox_event", "outbox_post")


def upgrade() -> None:
    # a nullable column without a default: PostgreSQL adds it without rewriting the table
    for table in TABLES:
        op.add_column(table, sa.Column("unavailable_since", sa.DateTime(timezone=True)))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("unavailable_since")
