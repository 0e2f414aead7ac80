"""Suggestions that leave by themselves: a human answered first, the topic closed or went
away; and pending ones that follow their question when it is edited."""

from __future__ import annotations

import logging

from bot.events import QUESTION_POST
from bot.suggestions import propose, queries, records, superseded, whispers
from bot.triage.commands import command_in

log = logging.getLogger("coopbot.suggestions")


def on_reply(context, event) -> None:
    """A human's reply (the bot's own posts never arrive here) withdraws the suggestion."""
    if event.post_number == QUESTION_POST:
        return
    if command_in(event.raw, context.settings.bot_username) is not None:
        # a member's attempt at a command (only volunteers can whisper one): not an answer
        log.info("topic %s: %s addressed the bot publicly", event.topic_id, event.username)
        return
    supersede(context, event.topic_id, "human_reply")


def on_topic_closed(context, event) -> None:
    """A closed topic withdraws its suggestion."""
    supersede(context, event.topic_id, "topic_closed")


def on_topic_deleted(context, event) -> None:
    """A deleted topic withdraws its suggestion; its whisper went with it."""
    supersede(context, event.topic_id, "topic_deleted", tell=False)


def supersede(context, topic_id: int, why: str, *, tell: bool = True) -> None:
    """Withdraw a topic's pending suggestion, say so in its whisper and in the audit log."""
    with context.engine.begin() as conn:
        superseded.supersede(conn, context.settings, topic_id, why, tell=tell)


def on_question_edited(context, event) -> None:
    """An edited question refreshes its pending suggestion, or gets one if it now fits."""
    if event.post_number != QUESTION_POST:
        return
    forum = context.settings.forum_id
    row = queries.for_topic(context.engine, forum, event.topic_id)
    if row is None:
        if propose.in_support(context, event):
            propose.propose(context, event)
        return
    if not row.pending:
        return
    found = propose.search(context, event)
    if found is None:
        supersede(context, event.topic_id, "question_edited")
        return
    with context.engine.begin() as conn:
        if records.refresh(conn, row.id, **found):
            refreshed = queries.get(conn, forum, row.id)
            whispers.rewrite(conn, context.settings, refreshed, f"version-{event.version}")
