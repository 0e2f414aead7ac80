"""The scores of a BM25 scorer's rows, kept between questions, within a size."""

import numpy as np

# Postings whose scores a scorer keeps (four bytes each, 8 MB): the common terms of the
# questions asked; a question's rare terms cost little to score again.
CACHED_POSTINGS = 2_000_000


class RowCache:
    """Rows' (slots, scores), emptied when it would pass `limit` postings."""

    def __init__(self, limit: int | None = None):
        self.limit = CACHED_POSTINGS if limit is None else limit
        self.rows: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self.postings = 0

    def get(self, row: int):
        """Return a row's (slots, scores), or None."""
        return self.rows.get(row)

    def keep(self, row: int, found: tuple[np.ndarray, np.ndarray]) -> None:
        """Keep a row's scores; the cache is emptied first when it would pass its size."""
        self.postings += len(found[1])
        if self.postings > self.limit:
            self.rows.clear()
            self.postings = len(found[1])
        self.rows[row] = found

    def longest(self, indptr: np.ndarray) -> list[int]:
        """Return the longest rows that fit in half the cache: common terms are asked most,
        and cost most to score on the first question after a commit."""
        lengths = np.diff(indptr)
        order = np.argsort(-lengths, kind="stable")
        fits = int(np.searchsorted(np.cumsum(lengths[order]), self.limit // 2, "right"))
        return order[:fits].tolist()
