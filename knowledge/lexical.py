"""The lexical engine: terms analyzed in Python (knowledge.text), scored by BM25 as
tantivy scores, over postings kept in NumPy (knowledge.postings, knowledge.bm25).

The statistics are those of the live entries only. Tantivy's count replaced and removed
entries until it merges a segment, so that a base's scores depended on its history of
imports (and on its own calibration, which swaps pages in and out)."""

import numpy as np

from knowledge.bm25 import Scorer
from knowledge.postings import Postings

TEXT_FIELDS = ("title", "body", "services")
# Real documentation titles are short and generic ("Domaines", "Configuration"): scored
# as a field of their own they outweigh the body's words. At 0 a page's title counts as
# its body's first line (knowledge.index puts it there) and a section's headings count
# through its page: the boost chosen by CV over the three dev sets, where plain BM25 had
# beaten the boost of 1 on the handbook's questions (bench/RESULTS.md, "Knowledge:
# quality"). Ranking's title weight still counts the question's words an entry holds.
# Services are not searched here: ranking compares them with the question separately.
FIELD_BOOSTS = {"title": 0.0, "body": 1.0}


class LexicalIndex:
    """BM25 over entries known by an integer slot; changes apply at commit."""

    def __init__(self):
        self.boosts = dict(FIELD_BOOSTS)
        self.postings = Postings(TEXT_FIELDS)
        self._scorer = Scorer(self.postings)

    def add(self, slot: int, fields: dict[str, list[str]]) -> None:
        """Queue an entry given its analyzed terms per field (call commit to apply)."""
        self.postings.add(slot, fields)

    def remove(self, slot: int) -> None:
        """Queue the removal of an entry (call commit to apply)."""
        self.postings.remove(slot)

    def commit(self) -> None:
        """Apply queued changes and make them visible to searches."""
        self.postings.commit()
        # A new scorer: searches running meanwhile keep the one they started with.
        self._scorer = Scorer(self.postings)

    def search(self, terms: dict[str, float], limit: int) -> list[tuple[int, float]]:
        """Return (slot, BM25 score) of the best entries for an OR of weighted terms."""
        slots, scores = self.ranked(terms, limit)
        return list(zip(slots.tolist(), scores.tolist(), strict=True))

    def ranked(self, terms: dict[str, float], limit: int) -> tuple[np.ndarray, np.ndarray]:
        """Return the slots and float32 BM25 scores of the best entries, best first."""
        if not terms:
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.float32)
        return self._scorer.top(terms, self.boosts, limit)
