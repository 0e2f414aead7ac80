"""Health report shared by GET /healthz and `coopbot config check`."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sqlalchemy.exc import SQLAlchemyError

from bot.clock import utcnow
from bot.store import backlog, state
from bot.store.db import ping

WORKER_STALE_SECONDS = 3 * state.WORKER_HEARTBEAT_SECONDS  # three beats missed: degraded
WORKER_DOWN_SECONDS = 20 * state.WORKER_HEARTBEAT_SECONDS  # five minutes: down, 503
PUBLIC_CACHE_SECONDS = 5.0
UNHEALTHY = "unhealthy"


def report(context, receivers: dict[str, str] | None = None) -> dict:
    """The status, its reasons and every figure behind them; receivers when given."""
    settings, engine, forum = context.settings, context.engine, context.settings.forum_id
    facts = {"database": "ok", "dry_run": settings.dry_run}
    if receivers is not None:
        facts["receivers"] = receivers
    if not ping(engine):
        facts["database"] = "unreachable"
        return _judged(facts)
    try:
        facts["inbox"] = backlog.inbox_figures(engine)
        facts["outbox"] = backlog.outbox_figures(engine)
        facts["worker"] = _worker(engine, forum)
        facts["clock"] = _heartbeat(engine, forum, state.CLOCK_HEARTBEAT)
        facts["forum"] = _refusal(engine, forum, state.FORUM_REFUSED)
        facts["whispers"] = _refusal(engine, forum, state.WHISPERS_REFUSED)
    except SQLAlchemyError:
        facts["database"] = "schema missing or outdated: run `coopbot db upgrade`"
    return _judged(facts)


def _worker(engine, forum: str) -> dict:
    """The worker's last heartbeat, and whether it is recent."""
    beat = _heartbeat(engine, forum, state.WORKER_HEARTBEAT)
    age = beat["age_seconds"]
    return {"alive": age is not None and age <= WORKER_STALE_SECONDS, **beat}


def _heartbeat(engine, forum: str, key: str) -> dict:
    """Who last said it was alive, and how long ago."""
    beat = state.get(engine, forum, key)
    if beat is None:
        return {"last_heartbeat": None, "age_seconds": None, "who": None}
    who, at = beat
    at = at if at.tzinfo else at.replace(tzinfo=utcnow().tzinfo)
    age = round((utcnow() - at).total_seconds(), 1)
    return {"last_heartbeat": at.isoformat(), "age_seconds": age, "who": who}


def _refusal(engine, forum: str, key: str) -> dict:
    """A recorded refusal by the forum (of the bot's key or rights, of its whispers)."""
    refused = state.get(engine, forum, key)
    if refused is None:
        return {"refused": None, "since": None}
    return {"refused": refused[0], "since": refused[1].isoformat()}


def _judged(facts: dict) -> dict:
    """The facts with their status and reasons in front."""
    status, reasons = judge(facts)
    return {"status": status, "reasons": reasons, **facts}


def judge(facts: dict) -> tuple[str, list[str]]:
    """ok, degraded (something needs a person) or unhealthy (no database or no worker)."""
    if facts["database"] != "ok":
        return UNHEALTHY, [f"database {facts['database']}"]
    down = _worker_down(facts["worker"]["age_seconds"])
    degraded = _degraded(facts)
    status = UNHEALTHY if down else "degraded" if degraded else "ok"
    return status, ([down] if down else []) + degraded


def _worker_down(age: float | None) -> str | None:
    """Why the worker counts as down, or None."""
    if age is None:
        return "worker down: no heartbeat ever recorded (start `coopbot worker`)"
    if age > WORKER_DOWN_SECONDS:
        return f"worker down: last heartbeat {age:.0f} s ago"
    return None


def _degraded(facts: dict) -> list[str]:
    """Every sign that events or posts are not going through."""
    reasons = []
    age, every = facts["worker"]["age_seconds"], state.WORKER_HEARTBEAT_SECONDS
    if age is not None and WORKER_STALE_SECONDS < age <= WORKER_DOWN_SECONDS:
        reasons.append(f"worker heartbeat is {age:.0f} s old (it beats every {every} s)")
    dead, outbox = facts["inbox"]["counts"]["dead"], facts["outbox"]
    if dead:
        reasons.append(f"{dead} dead inbox event(s): see `coopbot inbox list --status dead`")
    waiting = facts["inbox"]["oldest_pending_seconds"]
    if waiting > backlog.INBOX_WAITING.total_seconds():
        reasons.append(
            f"the oldest waiting inbox event came {waiting / 60:.0f} minutes ago: events are not"
            " going through (is the forum reachable? see `coopbot inbox list --status failed`)"
        )
    if outbox["dead"]:
        reasons.append(f"{outbox['dead']} dead outbox post(s): the forum refused them")
    if outbox["failing"]:
        minutes = backlog.OUTBOX_FAILING_OUTAGE.total_seconds() / 60
        reasons.append(
            f"{outbox['failing']} outbox post(s) failing after "
            f"{backlog.OUTBOX_FAILING_ATTEMPTS} or more attempts or {minutes:g} minutes of "
            "forum outage"
        )
    refused = facts["forum"]["refused"]
    if refused:
        reasons.append(f"the forum refused the bot's API key or rights: {refused}")
    if facts["whispers"]["refused"]:
        reasons.append(whispers_reason(facts["whispers"]["refused"]))
    return reasons


def whispers_reason(refused: str) -> str:
    """Why volunteers get no whisper, and what to do about it."""
    return (
        f"Discourse refused the bot's whispers ({refused}): suggestions wait on the triage "
        "page only; add the bot's user to a group of whispers_allowed_groups, then run "
        "`coopbot suggestions resume-whispers`"
    )


def http_status(status: str) -> int:
    """503 tells load balancers that deliveries cannot be handled; degraded still answers 200."""
    return 503 if status == UNHEALTHY else 200


class CachedStatus:
    """The public status, computed at most once per period in a process, by one caller."""

    def __init__(self, seconds: float = PUBLIC_CACHE_SECONDS, clock=time.monotonic) -> None:
        self.seconds, self._clock = seconds, clock
        self._lock = threading.Lock()
        self._status: str | None = None
        self._until = 0.0

    def get(self, compute: Callable[[], str]) -> str:
        """The cached status, recomputed when older than the period."""
        with self._lock:  # the other callers wait for this one's answer instead of computing
            if self._status is None or self._clock() >= self._until:
                self._status = compute()
                self._until = self._clock() + self.seconds
            return self._status
