"""incidents: incidents, their timeline and sources, members' reports, links, notices

Revision ID: 0009_h
Revises: 0008_f
Create Date: 2026-12-02 13:59:32.488971
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_h"
down_revision = "0008_f"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("services", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=True),
        sa.Column("banner", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.create_index("ix_incident_status", ["forum", "status"], unique=False)

    op.create_table(
        "incident_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum", sa.String(length=64), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("report", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("scores", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("still_failing_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("still_failing_post", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("forum", "incident_id", "report", name="uq_incident_link"),
    )
    with op.batch_alter_table("incident_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incident_link_incident_id"), ["incident_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_incident_link_report"), ["report"], unique=False)

    op.create_table(
        "incident_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum", sa.String(length=64), nullable=False),
        sa.Column("link", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=64), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("forum", "link", "purpose", name="uq_incident_notice"),
    )
    with op.batch_alter_table("incident_notice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_notice_link"), ["link"], unique=False)

    op.create_table(
        "incident_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("system", sa.String(length=16), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("url", sa.String(length=1000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=True),
        sa.Column("services", sa.String(length=500), nullable=False),
        sa.Column("symptoms", sa.String(length=1000), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("forum", "kind", "system", "report_id", name="uq_incident_report"),
    )
    with op.batch_alter_table("incident_report", schema=None) as batch_op:
        batch_op.create_index("ix_incident_report_created", ["forum", "created_at"], unique=False)

    op.create_table(
        "incident_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum", sa.String(length=64), nullable=False),
        sa.Column("system", sa.String(length=32), nullable=False),
        sa.Column("external_id", sa.String(length=255), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("forum", "system", "external_id", name="uq_incident_source"),
    )
    op.create_table(
        "incident_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forum", sa.String(length=64), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("source_key", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("forum", "incident_id", "source_key", name="uq_incident_update"),
    )
    with op.batch_alter_table("incident_update", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incident_update_incident_id"), ["incident_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("incident_update", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_update_incident_id"))

    op.drop_table("incident_update")
    op.drop_table("incident_source")
    with op.batch_alter_table("incident_report", schema=None) as batch_op:
        batch_op.drop_index("ix_incident_report_created")

    op.drop_table("incident_report")
    with op.batch_alter_table("incident_notice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_notice_link"))

    op.drop_table("incident_notice")
    with op.batch_alter_table("incident_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_link_report"))
        batch_op.drop_index(batch_op.f("ix_incident_link_incident_id"))

    op.drop_table("incident_link")
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_index("ix_incident_status")

    op.drop_table("incident")
