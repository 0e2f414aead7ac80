"""Propose knowledge-base answers for a new support question, for volunteers to triage."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict

from sqlalchemy import Engine

from bot import render
from bot.clock import utcnow
from bot.events import QUESTION_POST
from bot.forum import categories
from bot.kb import feedback, live_index
from bot.store.db import upsert_insert
from bot.store.models import Suggestion
from bot.suggestions.rows import SuggestionStatus
from knowledge.search import SearchResult

log = logging.getLogger("coopbot.suggestions")
T = Suggestion.__table__
# Secondary hits this unsure stay visible to volunteers but out of the draft reply:
# a link that plainly does not fit costs the member's trust in the next one.
DRAFT_MIN_CONFIDENCE = 0.3


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


def find_answers(engine: Engine, settings, title: str, body: str) -> SearchResult:
    """Search the current index, with the recorded feedback and the coop's threshold."""
    forum = settings.forum_id
    base = live_index.current(engine, forum, synonyms_file=settings.synonyms_file)
    return base.search(title, body, feedback.records(engine, forum), settings.suggest_threshold)


def propose(context, event) -> int | None:
    """Store a pending suggestion for a topic's first post when confident; once per topic."""
    engine, settings = context.engine, context.settings
    result = find_answers(engine, settings, event.topic_title, event.raw)
    if not result.suggested:
        log.info(
            "topic %s: no suggestion (best %.2f < %.2f)",
            event.topic_id,
            result.best_score,
            result.threshold,
        )
        return None
    hits = [asdict(h) for h in result.hits]
    values = {
        "forum": settings.forum_id,
        "topic_id": event.topic_id,
        "post_id": event.post_id,
        "title": event.topic_title[:500],
        "status": SuggestionStatus.PENDING,
        "lang": result.lang,
        "query_terms": json.dumps(sorted(result.terms)),
        "hits": json.dumps(hits, ensure_ascii=False),
        "draft": render.suggestion_draft(draft_hits(hits), event.username, settings.language),
        "best_score": result.best_score,
        "threshold": result.threshold,
        "created_at": utcnow(),
    }
    with engine.begin() as conn:
        stmt = upsert_insert(engine, T).values(**values).on_conflict_do_nothing().returning(T.c.id)
        row = conn.execute(stmt).first()
    return row[0] if row else None


def draft_hits(hits: list[dict]) -> list[dict]:
    """The best hit, and the others that are sure enough to show a member."""
    return hits[:1] + [h for h in hits[1:] if h["confidence"] >= DRAFT_MIN_CONFIDENCE]
