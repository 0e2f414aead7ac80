"""Event kind -> handlers. Handlers are idempotent: running one twice has the effect of once."""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.events import Event
from bot.forum import categories, learning
from bot.kb import entries, feedback, live_index
from bot.privacy import redact_emails
from bot.suggestions import propose
from knowledge.documents import thread_document
from knowledge.text import clean_forum_text

log = logging.getLogger("coopbot.handlers")
# A handler returns None once it acted, or why it declined: the row is then ignored with it.
Handler = Callable[[object, Event], str | None]
HANDLERS: dict[str, list[Handler]] = {}
QUESTION_POST = 1


def handles(*kinds: str):
    """Register a handler for event kinds."""

    def register(func: Handler) -> Handler:
        for kind in kinds:
            HANDLERS.setdefault(kind, []).append(func)
        return func

    return register


def handlers_for(kind: str) -> list[Handler]:
    """Every handler registered for a kind (none means the event is recorded only)."""
    return HANDLERS.get(kind, [])


@handles("post_created")
def suggest_answers(context, event) -> str | None:
    """A new question in a support category gets a pending suggestion when one fits."""
    support = context.settings.support_categories
    learning.teach(context.forum, event, support)
    if event.post_number != QUESTION_POST:
        return None
    refusal = categories.support_refusal(context.forum, event.category_id, support)
    if refusal:
        log.info("topic %s gets no suggestion: %s", event.topic_id, refusal)
        return refusal
    propose.propose(context, event)
    return None


@handles("solution_accepted")
def learn_solved_thread(context, event) -> str | None:
    """An accepted solution turns the question and its answer into a knowledge entry."""
    learning.teach(context.forum, event, context.settings.support_categories)
    refusal = categories.public_refusal(context.forum, event.category_id)
    if refusal:
        log.info("topic %s stays out of the knowledge base: %s", event.topic_id, refusal)
        return refusal
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
    return None


@handles("solution_unaccepted")
def forget_solved_thread(context, event) -> None:
    """A withdrawn solution withdraws the thread's entry."""
    entries.remove(context.engine, context.settings.forum_id, [f"topic-{event.topic_id}"])


def _topic_url(context, topic_id: int) -> str:
    """Where members read the thread."""
    return f"{context.settings.discourse_url.rstrip('/')}/t/{topic_id}"
