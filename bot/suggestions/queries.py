"""Read suggestions for the command line, the handlers and the volunteers' pages."""

from __future__ import annotations

from sqlalchemy import Connection, Engine, Select, func, literal, select

from bot.store.models.queues import OutboxPost
from bot.store.models.suggestions import Suggestion
from bot.suggestions.rows import SuggestionRow, SuggestionStatus, split

T = Suggestion.__table__
WHISPER = OutboxPost.__table__.alias("whisper")
REPLY = OutboxPost.__table__.alias("reply")
QUEUE_LIMIT = 200


def _rows() -> Select:
    """Suggestions with their whisper's and reply's outbox state (one indexed join each)."""
    joined = T.outerjoin(WHISPER, WHISPER.c.id == T.c.whisper_outbox_id).outerjoin(
        REPLY, REPLY.c.id == T.c.reply_outbox_id
    )
    return select(
        T,
        WHISPER.c.post_id.label("whisper_post_id"),
        REPLY.c.post_id.label("reply_post_id"),
        REPLY.c.status.label("reply_status"),
        REPLY.c.last_error.label("reply_error"),
    ).select_from(joined)


def _read(bind: Engine | Connection, query: Select) -> list[SuggestionRow]:
    if isinstance(bind, Connection):
        return [SuggestionRow.from_mapping(r) for r in bind.execute(query).mappings()]
    with bind.connect() as conn:
        return _read(conn, query)


def list_suggestions(engine: Engine, forum: str, status: str | None = None) -> list[SuggestionRow]:
    """Suggestions, newest first."""
    query = _rows().where(T.c.forum == forum).order_by(T.c.id.desc())
    if status:
        query = query.where(T.c.status == status)
    return _read(engine, query)


def get(bind: Engine | Connection, forum: str, suggestion_id: int) -> SuggestionRow | None:
    """One suggestion, or None."""
    found = _read(bind, _rows().where(T.c.forum == forum, T.c.id == suggestion_id))
    return found[0] if found else None


def for_topic(bind: Engine | Connection, forum: str, topic_id: int) -> SuggestionRow | None:
    """The suggestion of a topic (there is at most one), or None."""
    found = _read(bind, _rows().where(T.c.forum == forum, T.c.topic_id == topic_id))
    return found[0] if found else None


def for_whisper_post(engine: Engine, forum: str, post_id: int) -> SuggestionRow | None:
    """The suggestion whose whisper is this forum post, or None."""
    found = _read(engine, _rows().where(T.c.forum == forum, WHISPER.c.post_id == post_id))
    return found[0] if found else None


def _pending(forum: str, category_id: int | None, service: str | None):
    """The conditions of the queue, filtered by category and service."""
    where = [T.c.forum == forum, T.c.status == SuggestionStatus.PENDING]
    if category_id is not None:
        where.append(T.c.category_id == category_id)
    if service:
        # services are stored comma-separated: match a whole name, not a part of one
        listed = literal(",") + T.c.services + literal(",")
        where.append(listed.contains(f",{service},", autoescape=True))
    return where


def pending_queue(
    engine: Engine,
    forum: str,
    *,
    category_id: int | None = None,
    service: str | None = None,
    limit: int = QUEUE_LIMIT,
) -> list[SuggestionRow]:
    """Pending suggestions, oldest first: the volunteers' queue."""
    where = _pending(forum, category_id, service)
    return _read(engine, _rows().where(*where).order_by(T.c.created_at, T.c.id).limit(limit))


def pending_count(
    engine: Engine, forum: str, *, category_id: int | None = None, service: str | None = None
) -> int:
    """How many suggestions wait, with the same filters as the queue."""
    query = select(func.count()).select_from(T).where(*_pending(forum, category_id, service))
    with engine.connect() as conn:
        return conn.execute(query).scalar_one()


def facets(engine: Engine, forum: str) -> tuple[list[int], list[str]]:
    """The categories and services of the pending suggestions, for the queue's filters."""
    query = select(T.c.category_id, T.c.services).where(*_pending(forum, None, None)).distinct()
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    categories = sorted({c for c, _ in rows if c is not None})
    services = sorted({s for _, stored in rows for s in split(stored)})
    return categories, services
