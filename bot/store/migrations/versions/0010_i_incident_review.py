"""hold a resolution's follow-ups until a volunteer approves its text

Revision ID: 0010_i
Revises: 0009_h
Create Date: 2026-12-10 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_i"
down_revision = "0009_h"
branch_labels = None
depends_on = None
COLUMNS = ("held_at", "approved_by", "approved_at")


def upgrade() -> None:
    # nullable columns without a default: PostgreSQL adds them without rewriting the table
    op.add_column("incident_update", sa.Column("held_at", sa.DateTime(timezone=True)))
    op.add_column("incident_update", sa.Column("approved_by", sa.String(length=128)))
    op.add_column("incident_update", sa.Column("approved_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("incident_update") as batch_op:
        for column in COLUMNS:
            batch_op.drop_column(column)
