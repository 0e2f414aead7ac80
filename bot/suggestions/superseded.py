"""Withdraw a pending suggestion in the caller's transaction: a human answered first, the topic
was closed or deleted, or the question turned out to be an incident's symptom."""

from __future__ import annotations

import logging

from sqlalchemy import Connection

from bot.store import audit
from bot.suggestions import queries, records, whispers
from bot.suggestions.records import DecisionError
from bot.suggestions.rows import SuggestionStatus

log = logging.getLogger("coopbot.suggestions")
SOURCE = "auto"


def supersede(conn: Connection, settings, topic_id: int, why: str, *, tell: bool = True) -> bool:
    """Withdraw a topic's pending suggestion, say so in its whisper (unless `tell` is False)
    and in the audit log; True if there was one. `why` names a superseded.* message."""
    forum = settings.forum_id
    row = queries.for_topic(conn, forum, topic_id)
    if row is None or not row.pending:
        return False
    try:
        row = records.decide(
            conn,
            forum,
            row.id,
            SuggestionStatus.SUPERSEDED,
            actor=settings.bot_username,
            source=SOURCE,
            reason=why,
        )
    except DecisionError:
        return False  # a volunteer decided meanwhile
    audit.record(
        conn,
        forum,
        actor=settings.bot_username,
        source=SOURCE,
        action="supersede",
        suggestion_id=row.id,
        detail={"why": why},
    )
    if tell:
        whispers.rewrite(conn, settings, row, "decided")
    log.info("suggestion %s superseded: %s", row.id, why)
    return True
