"""weekly digest: activity records, coop events, one digest run per week

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 16:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _forum() -> sa.Column:
    return sa.Column("forum", sa.String(length=64), nullable=False)


def _time(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _text(name: str, length: int) -> sa.Column:
    return sa.Column(name, sa.String(length=length), nullable=False)


def upgrade() -> None:
    op.create_table(
        "activity_topic",
        _id(),
        _forum(),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        _text("title", 500),
        sa.Column("category_id", sa.Integer(), nullable=True),
        _text("category", 255),
        sa.Column("support", sa.Boolean(), nullable=False),
        _text("author", 255),
        _time("created_at"),
        sa.Column("posts_count", sa.Integer(), nullable=False),
        sa.Column("solved", sa.Boolean(), nullable=False),
        _time("solved_at"),
        _text("accepted_author", 255),
        _text("source", 16),
        _time("updated_at", nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("forum", "topic_id", name="uq_activity_topic"),
    )
    op.create_index("ix_activity_topic_created", "activity_topic", ["forum", "created_at"])
    op.create_table(
        "activity_post",
        _id(),
        _forum(),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("post_number", sa.Integer(), nullable=False),
        _text("author", 255),
        sa.Column("category_id", sa.Integer(), nullable=True),
        _time("created_at", nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("forum", "post_id", name="uq_activity_post"),
    )
    op.create_index("ix_activity_post_created", "activity_post", ["forum", "created_at"])
    op.create_table(
        "activity_member",
        _id(),
        _forum(),
        _text("username", 255),
        sa.Column("user_id", sa.Integer(), nullable=True),
        _time("joined_at", nullable=False),
        sa.Column("opted_out", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("forum", "username", name="uq_activity_member"),
    )
    op.create_index("ix_activity_member_joined", "activity_member", ["forum", "joined_at"])
    op.create_table(
        "activity_incident",
        _id(),
        _forum(),
        _text("source_key", 255),
        _text("title", 500),
        _text("services", 500),
        _time("started_at", nullable=False),
        _time("resolved_at"),
        _text("url", 1000),
        _time("updated_at", nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("forum", "source_key", "started_at", name="uq_activity_incident"),
    )
    op.create_table(
        "activity_ticket",
        _id(),
        _forum(),
        _text("system", 32),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        _time("opened_at"),
        _time("closed_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("forum", "system", "ticket_id", name="uq_activity_ticket"),
    )
    op.create_table(
        "activity_week",
        _forum(),
        _text("week", 8),
        _time("as_of"),
        _text("forum_url", 1000),
        sa.Column("tickets_opened", sa.Integer(), nullable=True),
        sa.Column("tickets_closed", sa.Integer(), nullable=True),
        sa.Column("tickets_open", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("forum", "week"),
    )
    op.create_table(
        "coop_event",
        _id(),
        _forum(),
        _text("uid", 255),
        _text("kind", 32),
        _text("title", 500),
        _time("starts_at", nullable=False),
        _time("ends_at"),
        _text("location", 500),
        sa.Column("topic_id", sa.Integer(), nullable=True),
        sa.Column("voters", sa.Integer(), nullable=True),
        sa.Column("eligible", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("forum", "uid", name="uq_coop_event"),
    )
    op.create_table(
        "digest_run",
        _id(),
        _forum(),
        _text("week", 8),
        _text("status", 16),
        _text("title", 255),
        sa.Column("raw", sa.Text(), nullable=True),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("decided_by", sa.String(length=255), nullable=True),
        _time("created_at", nullable=False),
        _time("updated_at", nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("forum", "week", name="uq_digest_run"),
    )


def downgrade() -> None:
    for index, table in (
        ("ix_activity_member_joined", "activity_member"),
        ("ix_activity_post_created", "activity_post"),
        ("ix_activity_topic_created", "activity_topic"),
    ):
        op.drop_index(index, table_name=table)
    for table in (
        "digest_run",
        "coop_event",
        "activity_week",
        "activity_ticket",
        "activity_incident",
        "activity_member",
        "activity_post",
        "activity_topic",
    ):
        op.drop_table(table)
