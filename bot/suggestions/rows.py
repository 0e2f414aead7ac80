"""A stored suggestion as a typed row: its status, its hits and its question's terms."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum

from knowledge.search import Hit


class SuggestionStatus(StrEnum):
    """Where a suggestion stands."""

    PENDING = "pending"
    SUPERSEDED = "superseded"  # the topic got an incident notice instead


@dataclass(frozen=True, kw_only=True)
class SuggestionRow:
    """One stored suggestion, its JSON columns parsed."""

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

    @classmethod
    def from_mapping(cls, row) -> SuggestionRow:
        """Read a row of the suggestion table."""
        hits = tuple(Hit(**{**h, "why": tuple(h["why"])}) for h in json.loads(row["hits"]))
        terms = tuple(json.loads(row["query_terms"]))
        status = SuggestionStatus(row["status"])
        return cls(**{**row, "status": status, "query_terms": terms, "hits": hits})

    def to_dict(self) -> dict:
        """Return a JSON-ready dict, columns in the table's order."""
        return {**asdict(self), "created_at": self.created_at.isoformat()}
