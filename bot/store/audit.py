"""The audit log: every decision on a suggestion, who took it, when and from where."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, func, select

from bot.clock import utcnow
from bot.privacy import redact_emails
from bot.store.models.suggestions import AuditLine

T = AuditLine.__table__
DECISIONS = ("approve", "reject")  # a skip leaves the suggestion to someone else
BY_HAND = ("forum", "page", "cli")  # "auto" is the bot's own


@dataclass(frozen=True, kw_only=True)
class AuditRow:
    """One line of the audit log."""

    id: int
    forum: str
    at: datetime
    actor: str
    source: str
    action: str
    suggestion_id: int | None
    detail: dict

    def to_dict(self) -> dict:
        """Return a JSON-ready dict."""
        return {**self.__dict__, "at": self.at.isoformat()}


def record(
    conn: Connection,
    forum: str,
    *,
    actor: str,
    source: str,
    action: str,
    suggestion_id: int | None,
    detail: dict | None = None,
) -> None:
    """Add a line in the caller's transaction; e-mail addresses never reach it."""
    values = {"forum": forum, "at": utcnow(), "actor": actor[:64], "source": source}
    values |= {"action": action, "suggestion_id": suggestion_id}
    text = redact_emails(json.dumps(detail or {}, ensure_ascii=False, sort_keys=True))
    conn.execute(T.insert().values(**values, detail=text))


def lines(engine: Engine, forum: str, since: datetime | None = None) -> list[AuditRow]:
    """The lines of a forum, oldest first, from `since` on."""
    query = select(T).where(T.c.forum == forum).order_by(T.c.at, T.c.id)
    if since is not None:
        query = query.where(T.c.at >= since)
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [AuditRow(**{**r, "detail": json.loads(r["detail"])}) for r in rows]


def count_since(conn: Connection, forum: str, *, source: str, action: str, since) -> int:
    """How many lines of this source and action were written from `since` on."""
    where = (T.c.forum == forum, T.c.source == source, T.c.action == action, T.c.at >= since)
    return conn.execute(select(func.count()).select_from(T).where(*where)).scalar_one()


def deciders(conn: Connection, forum: str, since: datetime, until: datetime) -> dict[str, int]:
    """Who decided suggestions by hand in [since, until), and how many each decided."""
    where = (
        T.c.forum == forum,
        T.c.action.in_(DECISIONS),
        T.c.source.in_(BY_HAND),
        T.c.at >= since,
        T.c.at < until,
    )
    decided = func.count(func.distinct(T.c.suggestion_id))
    query = select(T.c.actor, decided).where(*where).group_by(T.c.actor)
    return {actor: count for actor, count in conn.execute(query)}
