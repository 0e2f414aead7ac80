"""The volunteers' whispers in a topic, queued through the outbox in the caller's transaction."""

from __future__ import annotations

from sqlalchemy import Connection

from bot.events import QUESTION_POST
from bot.store import outbox
from bot.suggestions import records, texts
from bot.suggestions.rows import SuggestionRow


def post(conn: Connection, settings, row: SuggestionRow) -> int:
    """Queue the whisper of a new suggestion, under the question; return its outbox id."""
    raw = texts.whisper(row, bot=settings.bot_username, language=settings.language)
    outbox_id = outbox.queue(
        conn,
        settings.forum_id,
        dedupe_key=f"whisper:{row.id}",
        purpose="whisper",
        raw=raw,
        topic_id=row.topic_id,
        reply_to_post_number=QUESTION_POST,
        whisper=True,
    )
    records.change(conn, row.id, whisper_outbox_id=outbox_id)
    return outbox_id


def rewrite(conn: Connection, settings, row: SuggestionRow, version: str) -> None:
    """Queue an edit of the suggestion's whisper: refreshed while pending, else its outcome.

    `version` names this state of the whisper, so that a redelivered event queues it once."""
    if row.whisper_outbox_id is None:
        return  # whispers were refused, or the reply went out automatically
    language, timezone = settings.language, settings.timezone
    outcome = "" if row.pending else texts.outcome(row, language=language, timezone=timezone)
    raw = texts.whisper(row, bot=settings.bot_username, language=language, outcome=outcome)
    key = f"whisper-edit:{row.id}:{version}"
    outbox.queue_edit(conn, settings.forum_id, row.whisper_outbox_id, dedupe_key=key, raw=raw)


def tell(conn: Connection, settings, topic_id: int, key: str, text: str) -> None:
    """Whisper a short answer to volunteers in a topic (help, a refused command), once per key."""
    outbox.queue(
        conn,
        settings.forum_id,
        dedupe_key=key,
        purpose="whisper",
        raw=text,
        topic_id=topic_id,
        whisper=True,
    )
