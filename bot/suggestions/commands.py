"""Volunteers deciding inside Discourse: whispered commands and likes on the bot's whisper."""

from __future__ import annotations

import logging

from bot.messages import say
from bot.store import state
from bot.suggestions import queries, texts, whispers
from bot.suggestions.decisions import (
    Actor,
    AlreadyDecided,
    DecisionError,
    DecisionSource,
    RejectReason,
    approve,
    reject,
)
from bot.triage.incident_commands import VERBS as INCIDENT_VERBS
from bot.triage.permissions import may_triage

log = logging.getLogger("coopbot.triage")


def on_command(context, event) -> None:
    """Act on a volunteer's command in a topic; anyone else's is logged and ignored."""
    if event.verb in INCIDENT_VERBS:
        return  # bot/incidents/commands.py acts on it
    if not may_triage(context, event.username):
        # never answered in the forum: a member's attempt must not draw attention
        log.warning("topic %s: %s may not triage; command ignored", event.topic_id, event.username)
        return
    settings = context.settings
    if event.verb == "help":
        _tell(context, event, say("triage.help", settings.language, bot=settings.bot_username))
        return
    row = queries.for_topic(context.engine, settings.forum_id, event.topic_id)
    if row is None:
        log.info("topic %s: command %s but no suggestion", event.topic_id, event.verb)
        return
    try:
        _decide(context, row.id, Actor(event.username, DecisionSource.FORUM), event)
    except AlreadyDecided as e:
        if e.row.decided_by != event.username:  # not this very command, delivered again
            language, timezone = settings.language, settings.timezone
            answer = texts.already_decided(e.row, language=language, timezone=timezone)
            _tell(context, event, answer)
    except DecisionError as e:
        _tell(context, event, say("triage.refused", settings.language, error=str(e)))


def _decide(context, suggestion_id: int, actor: Actor, event) -> None:
    """Run the decision the verb names."""
    if event.verb == "approve":
        approve(context, suggestion_id, actor)
    elif event.verb == "approve_entry":
        approve(context, suggestion_id, actor, entries=(_entry(event.argument),))
    elif event.verb == "reject":
        reason, note = reject_reason(event.argument)
        reject(context, suggestion_id, actor, reason, note)
    else:
        log.warning("topic %s: unknown command verb %r", event.topic_id, event.verb)


def _entry(argument: str) -> int:
    """The entry number of `@bot 2`."""
    if not argument.strip().isdigit():
        raise DecisionError(f"not an entry number: {argument!r}")
    return int(argument)


def reject_reason(argument: str) -> tuple[RejectReason, str]:
    """The reason code and the note of a reject command; an unknown code is `other`."""
    code, _, note = argument.strip().partition(" ")
    if code in {r.value for r in RejectReason}:
        return RejectReason(code), note.strip()
    return RejectReason.OTHER, argument.strip()


def on_like(context, event) -> None:
    """A volunteer's like on the bot's whisper approves its draft."""
    settings = context.settings
    row = queries.for_whisper_post(context.engine, settings.forum_id, event.post_id)
    if row is None or not row.pending:
        return  # a like on anything else, or after the decision: nothing to do
    if not may_triage(context, event.username):
        log.warning("topic %s: %s may not triage; like ignored", event.topic_id, event.username)
        return
    try:
        approve(context, row.id, Actor(event.username, DecisionSource.FORUM))
    except AlreadyDecided:
        log.info("suggestion %s: liked after someone decided", row.id)


def _tell(context, event, text: str) -> None:
    """Whisper an answer to a command, once per command; logged only when whispers are off."""
    settings = context.settings
    if state.whispers_refused(context.engine, settings.forum_id) is not None:
        log.info("topic %s: cannot whisper the answer: %s", event.topic_id, text)
        return
    with context.engine.begin() as conn:
        whispers.tell(conn, settings, event.topic_id, f"answer:{event.post_id}", text)
