"""index inbox events by status and received time

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 14:00:00.000000
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # CONCURRENTLY: PostgreSQL keeps taking deliveries while a large inbox is indexed.
    with op.get_context().autocommit_block():
        op.create_index(
            "ix_inbox_status_received",
            "inbox_event",
            ["status", "received_at"],
            unique=False,
            postgresql_concurrently=True,
        )


def downgrade() -> None:
    op.drop_index("ix_inbox_status_received", table_name="inbox_event")
