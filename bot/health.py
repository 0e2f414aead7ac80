"""Health report shared by GET /healthz and `coopbot config check`."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from bot.clock import utcnow
from bot.store import inbox, state
from bot.store.db import ping

WORKER_STALE_SECONDS = 300


def health(context, receivers: dict[str, str]) -> tuple[bool, dict]:
    """Return (healthy, report): healthy means the database answers; receivers are their states."""
    settings, engine = context.settings, context.engine
    report = {"database": "ok", "receivers": receivers, "dry_run": settings.dry_run}
    if not ping(engine):
        report["database"] = "unreachable"
        report["status"] = "unhealthy"
        return False, report
    try:
        report["inbox"] = inbox.backlog(engine)
        report["worker"] = _worker(engine, settings.forum_id)
    except SQLAlchemyError:
        report["database"] = "schema missing or outdated: run `coopbot db upgrade`"
        report["status"] = "unhealthy"
        return False, report
    report["status"] = "ok" if report["worker"]["alive"] else "degraded"
    return True, report


def _worker(engine, forum: str) -> dict:
    """When the worker last said it was alive."""
    beat = state.get(engine, forum, state.WORKER_HEARTBEAT)
    if beat is None:
        return {"alive": False, "last_heartbeat": None, "who": None}
    who, at = beat
    age = (utcnow() - at).total_seconds()
    return {"alive": age < WORKER_STALE_SECONDS, "last_heartbeat": at.isoformat(), "who": who}
