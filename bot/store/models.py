"""Database tables. Every record carries the forum it belongs to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.clock import utcnow
from bot.store.status import InboxStatus, OutboxStatus

DEFAULT_FORUM = "default"


class InboxEvent(SQLModel, table=True):
    """One delivery received from a sender, normalized, waiting for the worker."""

    __tablename__ = "inbox_event"
    __table_args__ = (
        UniqueConstraint("forum", "source", "delivery_id", name="uq_inbox_delivery"),
        UniqueConstraint("forum", "source", "semantic_key", name="uq_inbox_semantic"),
        Index("ix_inbox_claim", "status", "next_attempt_at"),
        # health's oldest pending event and the retention prune, without scanning the inbox
        Index("ix_inbox_status_received", "status", "received_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    source: str = Field(max_length=32)
    kind: str = Field(max_length=64)
    delivery_id: str | None = Field(default=None, max_length=128)
    semantic_key: str = Field(max_length=255)
    event: str = Field(sa_column=Column(Text, nullable=False))
    raw_body: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    status: str = Field(default=InboxStatus.PENDING, max_length=16)
    ignored_reason: str | None = Field(default=None, max_length=255)
    attempts: int = 0
    received_at: datetime = Field(default_factory=utcnow)
    next_attempt_at: datetime = Field(default_factory=utcnow)
    done_at: datetime | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    unavailable_since: datetime | None = None  # the forum has not answered its tries since then
    claimed_by: str | None = Field(default=None, max_length=128)  # host:pid of its last worker


class OutboxPost(SQLModel, table=True):
    """One post the bot makes: queued, sent once, retried, or failed with a reason."""

    __tablename__ = "outbox_post"
    __table_args__ = (
        UniqueConstraint("forum", "dedupe_key", name="uq_outbox_dedupe"),
        Index("ix_outbox_claim", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    dedupe_key: str = Field(max_length=255)
    purpose: str = Field(max_length=32)
    topic_id: int | None = None
    reply_to_post_number: int | None = None
    category_id: int | None = None
    title: str | None = Field(default=None, max_length=255)
    raw: str = Field(sa_column=Column(Text, nullable=False))
    whisper: bool = False
    status: str = Field(default=OutboxStatus.PENDING, max_length=16)
    attempts: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    next_attempt_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None
    post_id: int | None = None
    post_number: int | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    unavailable_since: datetime | None = None  # the forum has not answered its tries since then
    claimed_by: str | None = Field(default=None, max_length=128)  # host:pid of its last worker
    target_outbox_id: int | None = None  # an edit: the outbox row whose post it rewrites


class KeyValue(SQLModel, table=True):
    """Small named state: reconciliation high-water marks, worker heartbeats."""

    __tablename__ = "key_value"

    forum: str = Field(default=DEFAULT_FORUM, primary_key=True, max_length=64)
    key: str = Field(primary_key=True, max_length=128)
    value: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)


class KnowledgeEntry(SQLModel, table=True):
    """A knowledge-base entry: an article or a solved thread. The source of truth."""

    __tablename__ = "knowledge_entry"
    __table_args__ = (UniqueConstraint("forum", "entry_id", name="uq_knowledge_entry"),)

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    entry_id: str = Field(max_length=128)
    kind: str = Field(default="article", max_length=16)
    source: str = Field(default="import", max_length=32)
    title: str = Field(max_length=500)
    body: str = Field(sa_column=Column(Text, nullable=False))
    services: str = Field(default="", max_length=500)
    url: str = Field(default="", max_length=1000)
    lang: str = Field(default="fr", max_length=8)
    topic_id: int | None = None
    content_hash: str = Field(max_length=64)
    updated_at: datetime = Field(default_factory=utcnow)


class EmbeddingVector(SQLModel, table=True):
    """A cached sentence vector, keyed by the hash of the text it encodes."""

    __tablename__ = "embedding_vector"

    forum: str = Field(default=DEFAULT_FORUM, primary_key=True, max_length=64)
    content_hash: str = Field(primary_key=True, max_length=64)
    vector: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class Feedback(SQLModel, table=True):
    """A decision on an entry for a question: accepted, approved, edited or rejected."""

    __tablename__ = "feedback"

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    query_terms: str = Field(sa_column=Column(Text, nullable=False))
    entry_id: str = Field(max_length=128)
    outcome: str = Field(max_length=16)
    dedupe_key: str = Field(max_length=255, unique=True)
    created_at: datetime = Field(default_factory=utcnow)


class Suggestion(SQLModel, table=True):
    """Knowledge-base answers proposed for a new support topic, and the decision on them."""

    __tablename__ = "suggestion"
    __table_args__ = (
        UniqueConstraint("forum", "topic_id", name="uq_suggestion_topic"),
        # the volunteers' queue: pending ones, oldest first
        Index("ix_suggestion_queue", "forum", "status", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    topic_id: int
    post_id: int
    title: str = Field(max_length=500)
    status: str = Field(default="pending", max_length=16)
    lang: str = Field(default="fr", max_length=8)
    query_terms: str = Field(sa_column=Column(Text, nullable=False))
    hits: str = Field(sa_column=Column(Text, nullable=False))
    draft: str = Field(sa_column=Column(Text, nullable=False))
    best_score: float = 0.0
    threshold: float = 0.0
    created_at: datetime = Field(default_factory=utcnow)
    username: str = Field(default="", max_length=64)  # who asked: the reply greets them
    category_id: int | None = None
    services: str = Field(default="", max_length=500)  # comma-separated, of the drafted entries
    decided_by: str | None = Field(default=None, max_length=64)
    decided_at: datetime | None = None
    decision_source: str | None = Field(default=None, max_length=16)
    reason: str | None = Field(default=None, max_length=32)
    # the entry ids the approved reply links, comma-separated
    published: str = Field(default="", max_length=1000)
    whisper_outbox_id: int | None = None
    reply_outbox_id: int | None = None


class AuditLine(SQLModel, table=True):
    """One decision on a suggestion: who, what, when, from where. No whisper text, no e-mail."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_forum_at", "forum", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    at: datetime = Field(default_factory=utcnow)
    actor: str = Field(max_length=64)
    source: str = Field(max_length=16)
    action: str = Field(max_length=32)
    suggestion_id: int | None = None
    detail: str = Field(sa_column=Column(Text, nullable=False))  # JSON


class Volunteer(SQLModel, table=True):
    """A local account of the triage page, used when DiscourseConnect is off."""

    __tablename__ = "volunteer"
    __table_args__ = (UniqueConstraint("forum", "username", name="uq_volunteer_username"),)

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    username: str = Field(max_length=64)
    password_hash: str = Field(max_length=255)
    created_at: datetime = Field(default_factory=utcnow)


class LoginNonce(SQLModel, table=True):
    """A DiscourseConnect nonce: issued with the redirect, deleted when used or stale."""

    __tablename__ = "login_nonce"

    nonce: str = Field(primary_key=True, max_length=64)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, index=True)


class LoginThrottle(SQLModel, table=True):
    """Login attempts counted per bucket (address or name) in a fixed window."""

    __tablename__ = "login_throttle"

    forum: str = Field(default=DEFAULT_FORUM, primary_key=True, max_length=64)
    bucket: str = Field(primary_key=True, max_length=255)
    window_start: datetime = Field(default_factory=utcnow)
    hits: int = 0


# The weekly digest: what the bot records of coop life, and one run per (forum, ISO week).
# Only public activity is kept; no text but titles, no e-mail address.


class ActivityTopic(SQLModel, table=True):
    """A public topic: who opened it, where, how many posts, whether it was solved."""

    __tablename__ = "activity_topic"
    __table_args__ = (
        UniqueConstraint("forum", "topic_id", name="uq_activity_topic"),
        Index("ix_activity_topic_created", "forum", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    topic_id: int
    title: str = Field(max_length=500)
    category_id: int | None = None
    category: str = Field(default="", max_length=255)
    support: bool = False
    author: str = Field(default="", max_length=255)
    created_at: datetime | None = None
    posts_count: int = 0
    solved: bool = False
    solved_at: datetime | None = None
    accepted_author: str = Field(default="", max_length=255)
    source: str = Field(default="events", max_length=16)
    updated_at: datetime = Field(default_factory=utcnow)


class ActivityPost(SQLModel, table=True):
    """A public post: its topic, its number, its author and its time; never its text."""

    __tablename__ = "activity_post"
    __table_args__ = (
        UniqueConstraint("forum", "post_id", name="uq_activity_post"),
        Index("ix_activity_post_created", "forum", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    post_id: int
    topic_id: int
    post_number: int
    author: str = Field(default="", max_length=255)
    category_id: int | None = None
    created_at: datetime


class ActivityMember(SQLModel, table=True):
    """A member who joined the forum: username and date only; `opted_out` ones are not named."""

    __tablename__ = "activity_member"
    __table_args__ = (
        UniqueConstraint("forum", "username", name="uq_activity_member"),
        Index("ix_activity_member_joined", "forum", "joined_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    username: str = Field(max_length=255)
    user_id: int | None = None
    joined_at: datetime
    opted_out: bool = False


class ActivityIncident(SQLModel, table=True):
    """A service incident, from its start to its resolution."""

    __tablename__ = "activity_incident"
    __table_args__ = (
        UniqueConstraint("forum", "source_key", "started_at", name="uq_activity_incident"),
    )

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    source_key: str = Field(max_length=255)  # system:external id, or import:id
    title: str = Field(max_length=500)
    services: str = Field(default="", max_length=500)
    started_at: datetime
    resolved_at: datetime | None = None
    url: str = Field(default="", max_length=1000)
    updated_at: datetime = Field(default_factory=utcnow)


class ActivityTicket(SQLModel, table=True):
    """When a ticket was opened and closed; nothing of its content."""

    __tablename__ = "activity_ticket"
    __table_args__ = (UniqueConstraint("forum", "system", "ticket_id", name="uq_activity_ticket"),)

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    system: str = Field(max_length=32)
    ticket_id: int
    opened_at: datetime | None = None
    closed_at: datetime | None = None


class ActivityWeek(SQLModel, table=True):
    """What an imported week states as a whole: its moment, its forum, its ticket figures."""

    __tablename__ = "activity_week"

    forum: str = Field(default=DEFAULT_FORUM, primary_key=True, max_length=64)
    week: str = Field(primary_key=True, max_length=8)
    as_of: datetime | None = None
    forum_url: str = Field(default="", max_length=1000)
    tickets_opened: int | None = None
    tickets_closed: int | None = None
    tickets_open: int | None = None


class CoopEventRecord(SQLModel, table=True):
    """A date of coop life: general assembly, vote, maintenance window."""

    __tablename__ = "coop_event"
    __table_args__ = (UniqueConstraint("forum", "uid", name="uq_coop_event"),)

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    uid: str = Field(max_length=255)
    kind: str = Field(max_length=32)
    title: str = Field(max_length=500)
    starts_at: datetime
    ends_at: datetime | None = None
    location: str = Field(default="", max_length=500)
    topic_id: int | None = None
    voters: int | None = None
    eligible: int | None = None


class DigestRun(SQLModel, table=True):
    """The one digest of a (forum, ISO week): its unique row decides who posts it."""

    __tablename__ = "digest_run"
    __table_args__ = (UniqueConstraint("forum", "week", name="uq_digest_run"),)

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    week: str = Field(max_length=8)
    status: str = Field(max_length=16)
    title: str = Field(default="", max_length=255)
    raw: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    outbox_id: int | None = None
    decided_by: str | None = Field(default=None, max_length=255)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Incident(SQLModel, table=True):
    """A service incident or maintenance: what it touches, where it stands, since when."""

    __tablename__ = "incident"
    __table_args__ = (Index("ix_incident_status", "forum", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    kind: str = Field(default="incident", max_length=16)
    title: str = Field(max_length=500)
    services: str = Field(default="", max_length=500)
    status: str = Field(default="investigating", max_length=16)
    started_at: datetime = Field(default_factory=utcnow)
    resolved_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    topic_id: int | None = None  # the incident's own topic in the status category
    banner: bool = False  # pinned as the site's banner


class IncidentUpdate(SQLModel, table=True):
    """One step of an incident's timeline; public ones are told in every linked thread."""

    __tablename__ = "incident_update"
    __table_args__ = (
        UniqueConstraint("forum", "incident_id", "source_key", name="uq_incident_update"),
    )

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    incident_id: int = Field(index=True)
    at: datetime = Field(default_factory=utcnow)
    status: str = Field(max_length=16)
    message: str = Field(sa_column=Column(Text, nullable=False))
    public: bool = True
    source_key: str = Field(max_length=255)
    # COOPBOT_INCIDENT_REVIEW_RESOLUTION: a resolution's follow-ups wait for a volunteer
    held_at: datetime | None = None
    approved_by: str | None = Field(default=None, max_length=128)
    approved_at: datetime | None = None


class IncidentSource(SQLModel, table=True):
    """A status page incident, monitor or component, and the incident it opened."""

    __tablename__ = "incident_source"
    __table_args__ = (
        UniqueConstraint("forum", "system", "external_id", name="uq_incident_source"),
    )

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    system: str = Field(max_length=32)
    external_id: str = Field(max_length=255)
    incident_id: int | None = None
    state: str = Field(max_length=16)  # what the source last said: down, up, open, resolved
    since: datetime = Field(default_factory=utcnow)


class IncidentReport(SQLModel, table=True):
    """A member's topic or ticket as linking reads it: terms and vector, never its text."""

    __tablename__ = "incident_report"
    __table_args__ = (
        UniqueConstraint("forum", "kind", "system", "report_id", name="uq_incident_report"),
        Index("ix_incident_report_created", "forum", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    kind: str = Field(max_length=16)  # topic or ticket
    system: str = Field(max_length=16)  # discourse, zammad, gitlab
    report_id: int
    number: str = Field(default="", max_length=64)
    title: str = Field(default="", max_length=500)  # public topics only
    url: str = Field(default="", max_length=1000)
    created_at: datetime = Field(default_factory=utcnow)
    lang: str = Field(default="fr", max_length=8)
    terms: str = Field(sa_column=Column(Text, nullable=False))
    vector: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    services: str = Field(default="", max_length=500)
    symptoms: str = Field(default="", max_length=1000)


class IncidentLink(SQLModel, table=True):
    """A report linked to an incident: automatically, proposed, accepted or unlinked."""

    __tablename__ = "incident_link"
    __table_args__ = (UniqueConstraint("forum", "incident_id", "report", name="uq_incident_link"),)

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    incident_id: int = Field(index=True)
    report: int = Field(index=True)  # incident_report.id
    state: str = Field(max_length=16)
    score: float = 0.0
    scores: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    decided_by: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    still_failing_at: datetime | None = None  # a member said it still fails after the fix
    still_failing_post: int | None = None


class IncidentNotice(SQLModel, table=True):
    """Every notice and follow-up a linked report got: once each, whatever replays."""

    __tablename__ = "incident_notice"
    __table_args__ = (UniqueConstraint("forum", "link", "purpose", name="uq_incident_notice"),)

    id: int | None = Field(default=None, primary_key=True)
    forum: str = Field(default=DEFAULT_FORUM, max_length=64)
    link: int = Field(index=True)  # incident_link.id
    purpose: str = Field(max_length=64)  # notice, update:ID, resolved
    outbox_id: int | None = None  # a thread's post
    created_at: datetime = Field(default_factory=utcnow)
