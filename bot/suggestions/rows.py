"""A stored suggestion as a typed row: its status, its hits, its decision and its posts."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from enum import StrEnum

from knowledge.hits import Hit

# The reply's outbox statuses that carry an error worth showing.
REPLY_ERRORS = ("failed", "dead")


class SuggestionStatus(StrEnum):
    """Where a suggestion stands."""

    PENDING = "pending"  # waiting for a volunteer
    APPROVED = "approved"  # the reply is queued or posted
    REJECTED = "rejected"
    # a human answered first, the topic was closed or deleted, or an incident notice came
    SUPERSEDED = "superseded"


@dataclass(frozen=True, kw_only=True)
class SuggestionRow:
    """One stored suggestion, its JSON columns parsed, its whisper's and reply's state joined."""

    id: int
    forum: str
    topic_id: int
    post_id: int
    title: str
    status: SuggestionStatus
    lang: str
    query_terms: tuple[str, ...]
    hits: tuple[Hit, ...]
    draft: str
    best_score: float
    threshold: float
    created_at: datetime
    username: str = ""  # who asked
    category_id: int | None = None
    services: tuple[str, ...] = ()
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_source: str | None = None
    reason: str | None = None
    published: tuple[str, ...] = ()  # the entry ids the approved reply links
    whisper_outbox_id: int | None = None
    reply_outbox_id: int | None = None
    whisper_post_id: int | None = None
    reply_post_id: int | None = None
    reply_status: str | None = None  # the reply's outbox status: pending, sent, enqueued ...
    reply_error: str | None = None  # why the reply failed or was refused

    @property
    def pending(self) -> bool:
        """True while no decision was taken."""
        return self.status is SuggestionStatus.PENDING

    @classmethod
    def from_mapping(cls, row) -> SuggestionRow:
        """Read a row of the suggestion table, with the joined outbox columns when present."""
        hits = tuple(Hit(**{**h, "why": tuple(h["why"])}) for h in json.loads(row["hits"]))
        values = {name: row[name] for name in FIELDS if name in row}
        error = row.get("reply_error") if row.get("reply_status") in REPLY_ERRORS else None
        values |= {name: _utc(values[name]) for name in ("created_at", "decided_at")}
        return cls(
            **values,
            status=SuggestionStatus(row["status"]),
            query_terms=tuple(json.loads(row["query_terms"])),
            hits=hits,
            services=split(row.get("services")),
            published=split(row.get("published")),
            reply_error=error,
        )

    def to_dict(self) -> dict:
        """Return a JSON-ready dict, columns in the table's order."""
        shown = asdict(self)
        for name in ("created_at", "decided_at"):
            shown[name] = shown[name].isoformat() if shown[name] else None
        return shown


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back; every stored time is UTC."""
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment


def split(stored: str | None) -> tuple[str, ...]:
    """Read a comma-separated column."""
    return tuple(part for part in (stored or "").split(",") if part)


PARSED = ("status", "query_terms", "hits", "services", "published", "reply_error")
FIELDS = tuple(name for name in SuggestionRow.__dataclass_fields__ if name not in PARSED)
