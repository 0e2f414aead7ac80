"""Propose knowledge-base answers for a new support question, for volunteers to triage."""

from __future__ import annotations

import json
import logging

from sqlalchemy import Engine

from bot.clock import utcnow
from bot.events import QUESTION_POST
from bot.forum import categories
from bot.kb import entries, feedback, live_index
from bot.kb.options import IndexOptions
from bot.store import state
from bot.suggestions import auto, decisions, drafting, queries, records, whispers
from bot.suggestions.rows import SuggestionStatus
from knowledge.search import SearchResult

log = logging.getLogger("coopbot.suggestions")


def suggest_answers(context, event) -> str | None:
    """A new question in a support category gets a pending suggestion when one fits.

    Returns why a first post gets none because of its category (the row is then ignored).
    """
    if event.post_number != QUESTION_POST:
        return None
    support = context.settings.support_categories
    refusal = categories.support_refusal(context.forum, event.category_id, support)
    if refusal:
        log.info("topic %s gets no suggestion: %s", event.topic_id, refusal)
        return refusal
    propose(context, event)
    return None


def in_support(context, event) -> bool:
    """The question sits in a public support category."""
    support = context.settings.support_categories
    return categories.support_refusal(context.forum, event.category_id, support) is None


def find_answers(engine: Engine, settings, title: str, body: str) -> SearchResult:
    """Search the current index, with the recorded feedback and the coop's threshold."""
    forum = settings.forum_id
    base = live_index.current(engine, forum, IndexOptions.of(settings))
    return base.search(title, body, feedback.records(engine, forum), settings.suggest_threshold)


def search(context, event) -> dict | None:
    """The suggestion's columns for a question, or None when the engine stays silent."""
    engine, settings = context.engine, context.settings
    result = find_answers(engine, settings, event.topic_title, event.raw)
    if not result.suggested:
        best, threshold = result.best_score, result.threshold
        log.info("topic %s: no suggestion (best %.2f < %.2f)", event.topic_id, best, threshold)
        return None
    hits = drafting.ordered(result.hits)
    drafted = drafting.drafted(hits, result.threshold)
    language = drafting.reply_language(result.lang, settings.language, settings.reply_languages)
    services = entries.services(engine, settings.forum_id, [h.entry_id for h in drafted])
    return {
        "title": event.topic_title[:500],
        "lang": result.lang,
        "query_terms": json.dumps(sorted(result.terms)),
        "hits": records.hits_json(hits),
        "draft": drafting.draft(drafted, event.username, language),
        "best_score": result.best_score,
        "threshold": result.threshold,
        "category_id": event.category_id,
        "services": ",".join(drafting.services_of(services, drafted))[:500],
    }


def propose(context, event) -> int | None:
    """Store a pending suggestion for a topic's first post when confident; once per topic.

    The same transaction queues its whisper for volunteers, or its reply when the category
    answers automatically."""
    settings, forum = context.settings, context.settings.forum_id
    found = search(context, event)
    if found is None:
        return None
    automatic = auto.eligible(context, event.category_id, found["best_score"])
    whisper = state.whispers_refused(context.engine, forum) is None
    values = {"forum": forum, "topic_id": event.topic_id, "post_id": event.post_id, **found}
    values |= {"status": SuggestionStatus.PENDING, "username": event.username[:64]}
    with context.engine.begin() as conn:
        suggestion_id = records.insert(conn, {**values, "created_at": utcnow()})
        if suggestion_id is None:
            return None
        if automatic and auto.under_cap(conn, settings):
            bot = decisions.Actor(settings.bot_username, decisions.DecisionSource.AUTO)
            decisions.approve_in(conn, settings, suggestion_id, bot)
        elif whisper:
            whispers.post(conn, settings, queries.get(conn, forum, suggestion_id))
    return suggestion_id
