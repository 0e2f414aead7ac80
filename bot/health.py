"""Health report shared by GET /healthz and `coopbot config check`."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from bot import inbox, state
from bot.clock import utcnow
from bot.db import ping

WORKER_STALE_SECONDS = 300
RECEIVERS = {
    "discourse": "discourse_webhook_secret",
    "zammad": "zammad_webhook_secret",
    "gitlab": "gitlab_webhook_token",
    "cachet": "cachet_webhook_secret",
    "uptime-kuma": "status_webhook_token",
    "statuspage": "status_webhook_token",
}


def receivers(settings) -> dict[str, str]:
    """Say which receivers accept deliveries and why the others refuse them."""
    report = {}
    for name, field in RECEIVERS.items():
        configured = bool(getattr(settings, field))
        setting = "COOPBOT_" + field.upper()
        report[name] = "configured" if configured else f"refusing all deliveries: set {setting}"
    return report


def health(context) -> tuple[bool, dict]:
    """Return (healthy, report): healthy means the database answers."""
    settings, engine = context.settings, context.engine
    report = {"database": "ok", "receivers": receivers(settings), "dry_run": settings.dry_run}
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
