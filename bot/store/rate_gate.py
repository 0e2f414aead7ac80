"""The forum's rate limit, shared by every worker: one 429 holds them all back.

Discourse counts an API key's requests across the whole site. Each event or post waiting
out its own Retry-After, the others would keep asking meanwhile and spend the budget
again; the gate is stored beside the queues, so every worker process sees it."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine

from bot.clock import utcnow
from bot.store import state

KEY = "forum.rate_limited_until"
REASON = "waiting out the forum's rate limit"


def hold(engine: Engine, forum: str, seconds: float) -> None:
    """Hold every worker back from the forum for `seconds`."""
    until = utcnow() + timedelta(seconds=seconds)
    with engine.begin() as conn:
        state.put(conn, forum, KEY, until.isoformat())


def remaining(engine: Engine, forum: str, now: datetime | None = None) -> float:
    """Return the seconds left before the forum may be asked again (0: it may)."""
    found = state.get(engine, forum, KEY)
    if found is None:
        return 0.0
    until = datetime.fromisoformat(found[0])
    return max(0.0, (until - (now or utcnow())).total_seconds())
