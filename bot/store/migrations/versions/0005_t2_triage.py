"""volunteer triage: decisions on suggestions, their whisper and reply, the audit log

Revision ID: 0005_t2
Revises: 0004
Create Date: 2026-12-03 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_t2"
down_revision = "0004"
branch_labels = None
depends_on = None

SUGGESTION_COLUMNS = (
    ("username", sa.String(length=64), False, ""),
    ("category_id", sa.Integer(), True, None),
    ("services", sa.String(length=500), False, ""),
    ("decided_by", sa.String(length=64), True, None),
    ("decided_at", sa.DateTime(timezone=True), True, None),
    ("decision_source", sa.String(length=16), True, None),
    ("reason", sa.String(length=32), True, None),
    ("published", sa.String(length=1000), False, ""),
    ("whisper_outbox_id", sa.Integer(), True, None),
    ("reply_outbox_id", sa.Integer(), True, None),
)


def upgrade() -> None:
    with op.batch_alter_table("suggestion", schema=None) as batch_op:
        for name, kind, nullable, default in SUGGESTION_COLUMNS:
            # existing rows get the default; the models give new rows theirs
            server_default = sa.text("''") if default == "" else None
            column = sa.Column(name, kind, nullable=nullable, server_default=server_default)
            batch_op.add_column(column)
        batch_op.create_index("ix_suggestion_queue", ["forum", "status", "created_at"])
    with op.batch_alter_table("suggestion", schema=None) as batch_op:
        for name, _kind, _nullable, default in SUGGESTION_COLUMNS:
            if default == "":
                batch_op.alter_column(name, server_default=None)
    with op.batch_alter_table("outbox_post", schema=None) as batch_op:
        batch_op.add_column(sa.Column("target_outbox_id", sa.Integer(), nullable=True))
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("suggestion_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_forum_at", ["forum", "at"])


def downgrade() -> None:
    op.drop_table("audit_log")
    with op.batch_alter_table("outbox_post", schema=None) as batch_op:
        batch_op.drop_column("target_outbox_id")
    with op.batch_alter_table("suggestion", schema=None) as batch_op:
        batch_op.drop_index("ix_suggestion_queue")
        for name, *_ in reversed(SUGGESTION_COLUMNS):
            batch_op.drop_column(name)
