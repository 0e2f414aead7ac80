"""How many live entries hold each term, kept by the index itself as entries come and go.

An engine that counts a replaced or removed entry's terms until it merges a segment (as
tantivy, the engine before, did), while its number of live documents drops at once,
gives a common term a negative idf after a base calibrates itself (its pages are swapped
in and out) or after many imports. Counting here keeps the idf exact."""

import math

import numpy as np


class DocFrequencies:
    """Per term id, the number of live entries holding it."""

    def __init__(self):
        self.counts = np.zeros(1024, dtype=np.int32)

    def add(self, term_ids: np.ndarray) -> None:
        """Count one more entry holding these distinct term ids."""
        if len(term_ids) and term_ids[-1] >= len(self.counts):
            grown = np.zeros(max(2 * len(self.counts), int(term_ids[-1]) + 1), dtype=np.int32)
            grown[: len(self.counts)] = self.counts
            self.counts = grown  # one assignment: a reader sees the old array or the new one
        self.counts[term_ids] += 1

    def remove(self, term_ids: np.ndarray) -> None:
        """Count one entry fewer holding these distinct term ids."""
        self.counts[term_ids] -= 1

    def idf(self, term_ids: dict[str, int | None], entries: int) -> dict[str, float]:
        """Return BM25's idf of each term over `entries` live ones (None: a term no entry
        ever held)."""
        total, size = max(entries, 1), len(self.counts)
        held = [i for i in term_ids.values() if i is not None and i < size]
        # One read of the counts: indexing the array term by term took most of the time.
        counts = iter(self.counts.take(held).tolist())
        out = {}
        for term, i in term_ids.items():
            df = next(counts) if i is not None and i < size else 0
            out[term] = math.log(1.0 + (total - df + 0.5) / (df + 0.5))
        return out
