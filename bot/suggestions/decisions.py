"""A volunteer's decision on a suggestion, alike from the forum, the page and the command line.

Each decision is one transaction: the status, the reply's outbox row, the feedback, the
audit line and the edit of the whisper commit together or not at all.
"""

from __future__ import annotations

from bot.events import QUESTION_POST
from bot.privacy import redact_emails
from bot.store import audit, outbox
from bot.suggestions import drafting, lessons, queries, records, whispers
from bot.suggestions.deciders import Actor, DecisionSource, RejectReason
from bot.suggestions.records import AlreadyDecided, DecisionError, SuggestionNotFound
from bot.suggestions.rows import SuggestionRow, SuggestionStatus

__all__ = [
    "Actor",
    "AlreadyDecided",
    "DecisionError",
    "DecisionSource",
    "RejectReason",
    "SuggestionNotFound",
    "approve",
    "reject",
    "skip",
]
NOTE_CHARS = 300  # a reason's note is a few words, not a copy of the thread


def approve(
    context,
    suggestion_id: int,
    actor: Actor,
    *,
    entries: tuple[int, ...] | None = None,
    text: str | None = None,
) -> SuggestionRow:
    """Publish the draft, or the chosen entries (1-based), or the volunteer's edited text."""
    with context.engine.begin() as conn:
        approve_in(conn, context.settings, suggestion_id, actor, entries=entries, text=text)
    return queries.get(context.engine, context.settings.forum_id, suggestion_id)


def approve_in(conn, settings, suggestion_id: int, actor: Actor, *, entries=None, text=None):
    """Approve in the caller's transaction (a proposal that replies at once uses it)."""
    row = _decide(conn, settings.forum_id, suggestion_id, SuggestionStatus.APPROVED, actor)
    hits = _published_hits(row, entries)
    body = _reply_body(settings, row, hits, entries, text, actor)
    reply_id = outbox.queue(
        conn,
        row.forum,
        dedupe_key=f"reply:{row.id}",
        purpose="reply",
        raw=body,
        topic_id=row.topic_id,
        reply_to_post_number=QUESTION_POST,
    )
    if text is not None:
        hits = lessons.kept_in(body, hits)
    published = ",".join(h.entry_id for h in hits)
    records.change(conn, row.id, reply_outbox_id=reply_id, published=published)
    lessons.approved(conn, row, hits, text)
    detail = {"entries": list(entries or ()), "edited": text is not None}
    _audit(conn, row, actor, "approve", detail)
    whispers.rewrite(conn, settings, row, "decided")


def reject(
    context, suggestion_id: int, actor: Actor, reason: RejectReason, note: str = ""
) -> SuggestionRow:
    """Close a suggestion without a reply; a wrong article teaches the ranking."""
    settings, forum = context.settings, context.settings.forum_id
    reason = RejectReason(reason)
    with context.engine.begin() as conn:
        row = _decide(conn, forum, suggestion_id, SuggestionStatus.REJECTED, actor, reason)
        lessons.rejected(conn, row, drafting.drafted(row.hits, row.threshold), reason)
        note = redact_emails(" ".join(note.split()))[:NOTE_CHARS]
        _audit(conn, row, actor, "reject", {"reason": reason.value, "note": note})
        whispers.rewrite(conn, settings, row, "decided")
    return queries.get(context.engine, forum, suggestion_id)


def skip(context, suggestion_id: int, actor: Actor) -> None:
    """Leave a suggestion for someone else: only the audit log remembers it."""
    forum = context.settings.forum_id
    with context.engine.begin() as conn:
        row = queries.get(conn, forum, suggestion_id)
        if row is None:
            raise SuggestionNotFound(suggestion_id)
        if not row.pending:
            raise AlreadyDecided(row)
        _audit(conn, row, actor, "skip", {})


def _decide(conn, forum, suggestion_id, status, actor: Actor, reason=None) -> SuggestionRow:
    """Settle the suggestion for this actor, or raise why it cannot be."""
    source = DecisionSource(actor.source)
    reason = reason.value if reason else None
    return records.decide(
        conn, forum, suggestion_id, status, actor=actor.username, source=source, reason=reason
    )


def _published_hits(row: SuggestionRow, entries: tuple[int, ...] | None) -> tuple:
    """The entries the reply links: the chosen ones, else the draft's."""
    if entries is None:
        return drafting.drafted(row.hits, row.threshold)
    try:
        return drafting.chosen(row.hits, entries)
    except ValueError as e:
        raise DecisionError(f"suggestion #{row.id}: {e}") from None


def _reply_body(settings, row, hits, entries, text: str | None, actor: Actor) -> str:
    """The reply's Markdown: the volunteer's text, the stored draft, or a draft of the chosen."""
    if text is not None:
        text = redact_emails(text.strip())
        if not text:
            raise DecisionError(f"suggestion #{row.id}: the edited reply is empty")
        return text
    automatic = actor.source == DecisionSource.AUTO
    if entries is None and not automatic:
        return row.draft
    language = drafting.reply_language(row.lang, settings.language, settings.reply_languages)
    return drafting.draft(hits, row.username, language, automatic=automatic)


def _audit(conn, row: SuggestionRow, actor: Actor, action: str, detail: dict) -> None:
    """The decision's line in the audit log."""
    audit.record(
        conn,
        row.forum,
        actor=actor.username,
        source=DecisionSource(actor.source),
        action=action,
        suggestion_id=row.id,
        detail=detail,
    )
