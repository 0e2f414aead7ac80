"""Solved threads: an accepted solution becomes a knowledge entry; an unaccepted one leaves."""

from __future__ import annotations

import logging

from bot.events import QUESTION_POST
from bot.forum import categories
from bot.kb import entries, feedback, live_index
from bot.kb.options import IndexOptions
from bot.privacy import redact_emails
from knowledge.documents import Document, thread_document
from knowledge.text import clean_forum_text

log = logging.getLogger("coopbot.kb")


def learn_solved_thread(context, event) -> str | None:
    """Store the question and its answer as an entry, and the acceptance as feedback, at once.

    Returns why a thread stays out of the knowledge base (the row is then ignored).
    """
    if event.username.lower() == context.settings.bot_username.lower():
        return None  # the bot's reply only links entries: bot.suggestions.lessons learns from it
    refusal = categories.public_refusal(context.forum, event.category_id)
    if refusal:
        log.info("topic %s stays out of the knowledge base: %s", event.topic_id, refusal)
        return refusal
    posts = context.forum.topic_posts(event.topic_id)
    question = next((p.raw for p in posts if p.post_number == QUESTION_POST), "")
    document = _thread_entry(context, event, question)
    forum_id, settings = context.settings.forum_id, context.settings
    base = live_index.current(context.engine, forum_id, IndexOptions.of(settings))
    terms = base.query_terms(event.topic_title, question)
    dedupe_key = f"accepted:{event.topic_id}:{event.post_id}"
    with context.engine.begin() as conn:
        entries.upsert(conn, forum_id, [document], source="thread", topic_id=event.topic_id)
        feedback.record(conn, forum_id, terms, document.id, "accepted", dedupe_key)
    return None


def forget_solved_thread(context, event) -> None:
    """A withdrawn solution withdraws the thread's entry."""
    with context.engine.begin() as conn:
        entries.remove(conn, context.settings.forum_id, [f"topic-{event.topic_id}"])


def _thread_entry(context, event, question: str) -> Document:
    """The entry of a solved thread: its question and answer as members wrote them."""
    url = f"{context.settings.discourse_url.rstrip('/')}/t/{event.topic_id}"
    return thread_document(
        event.topic_id,
        event.topic_title,
        redact_emails(clean_forum_text(question)),
        redact_emails(clean_forum_text(event.raw)),
        url,
    )
