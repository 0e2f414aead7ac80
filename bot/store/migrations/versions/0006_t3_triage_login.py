"""triage page login: local volunteers, DiscourseConnect nonces, login throttle

Revision ID: 0006_t3
Revises: 0005_t2
Create Date: 2026-12-03 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_t3"
down_revision = "0005_t2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "volunteer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("forum", "username", name="uq_volunteer_username"),
    )
    op.create_table(
        "login_nonce",
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("forum", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("nonce"),
    )
    op.create_index("ix_login_nonce_created_at", "login_nonce", ["created_at"])
    op.create_table(
        "login_throttle",
        sa.Column("forum", sa.String(length=64), nullable=False),
        sa.Column("bucket", sa.String(length=255), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("forum", "bucket"),
    )


def downgrade() -> None:
    op.drop_table("login_throttle")
    op.drop_index("ix_login_nonce_created_at", table_name="login_nonce")
    op.drop_table("login_nonce")
    op.drop_table("volunteer")
