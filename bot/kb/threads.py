"""Solved threads: an accepted solution becomes a knowledge entry; an unaccepted one leaves."""

from __future__ import annotations

from bot.events import QUESTION_POST
from bot.forum import categories
from bot.kb import entries, feedback, live_index
from bot.privacy import redact_emails
from knowledge.documents import thread_document
from knowledge.text import clean_forum_text


def learn_solved_thread(context, event) -> None:
    """An accepted solution turns the question and its answer into a knowledge entry."""
    if not categories.is_public(context.forum, event.category_id):
        return
    posts = context.forum.topic_posts(event.topic_id)
    question = next((p.raw for p in posts if p.post_number == QUESTION_POST), "")
    document = thread_document(
        event.topic_id,
        event.topic_title,
        redact_emails(clean_forum_text(question)),
        redact_emails(clean_forum_text(event.raw)),
        _topic_url(context, event.topic_id),
    )
    forum_id = context.settings.forum_id
    entries.upsert(context.engine, forum_id, [document], source="thread", topic_id=event.topic_id)
    base = live_index.current(
        context.engine, forum_id, synonyms_file=context.settings.synonyms_file
    )
    terms = base.query_terms(event.topic_title, question)
    feedback.record(
        context.engine,
        forum_id,
        terms,
        document.id,
        "accepted",
        f"accepted:{event.topic_id}:{event.post_id}",
    )


def forget_solved_thread(context, event) -> None:
    """A withdrawn solution withdraws the thread's entry."""
    entries.remove(context.engine, context.settings.forum_id, [f"topic-{event.topic_id}"])


def _topic_url(context, topic_id: int) -> str:
    """Where members read the thread."""
    return f"{context.settings.discourse_url.rstrip('/')}/t/{topic_id}"
