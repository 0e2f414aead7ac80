"""BM25 as tantivy computes it (k1 1.2, b 0.75, its coded field lengths, float32), over
the postings of knowledge.postings and the statistics of the live entries.
Ties go to the lower slot, as tantivy gives them to the lower document address."""

import numpy as np

from knowledge.postings import FIELDNORMS, Postings
from knowledge.row_cache import RowCache
from knowledge.selection import best_arrays

K1, B = np.float32(1.2), np.float32(0.75)


class Scorer:
    """Scores of one commit's entries; a commit makes a new scorer, searches keep theirs."""

    def __init__(self, postings: Postings):
        self.slots = postings.slot_end  # the dense score array's length
        self.rows, self.indptr = postings.rows, postings.indptr
        self.entries, self.kinds = postings.slots, postings.kinds
        self.documents = postings.documents
        kinds = np.array(postings.kind_table, dtype=np.int64).reshape(-1, 3)
        self.factors = np.zeros(len(kinds), dtype=np.float32)
        for position, tokens in enumerate(postings.field_tokens.tolist()):
            if tokens:  # tantivy: a field's tokens over every document, the field or not
                average = np.float32(tokens) / np.float32(self.documents)
                mine = kinds[:, 0] == position
                self.factors[mine] = _factors(kinds[mine, 1], kinds[mine, 2], average)
        # A row's length is its document frequency: every row's weight is known at once.
        self.row_weights = _weights(np.diff(self.indptr), self.documents)
        # Each row's scores as questions ask for it: the statistics change only at a commit,
        # which makes a new scorer, so the cache never holds a stale score.
        self._cache = RowCache()
        if rows := self._cache.longest(self.indptr):  # scored now: the first question waits less
            for row, part in zip(rows, self._score([(r, 1.0) for r in rows]), strict=True):
                self._cache.keep(row, part)

    def top(self, terms: dict[str, float], boosts: dict[str, float], limit: int):
        """Return the slots and scores of the best entries for an OR of weighted terms,
        best first (two arrays)."""
        known = len(self.indptr) - 1  # rows of entries added since this commit are not known
        asked = [
            (row, boost * weight)
            for term, weight in terms.items()
            for name, boost in boosts.items()  # tantivy's order: a term's fields in turn
            if boost and (row := self.rows[name].get(term, known)) < known  # 0 adds nothing
        ]
        if not asked:
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.float32)
        parts = self._postings(asked)
        scores = np.zeros(self.slots, dtype=np.float32)
        # In order, one posting at a time: each entry sums its terms in tantivy's order.
        # Native integers: add.at converts int32 slots on its own, a quarter slower.
        slots = np.concatenate([slots for slots, _ in parts], dtype=np.intp)
        np.add.at(scores, slots, np.concatenate([weights for _, weights in parts]))
        return best_arrays(scores, limit)

    def _postings(self, asked: list[tuple[int, float]]) -> list:
        """Return the slots and scores of each (row, boost), scoring those not cached at once."""
        cache = self._cache
        parts = [cache.get(row) if boost == 1.0 else None for row, boost in asked]
        missing = [i for i, part in enumerate(parts) if part is None]
        if missing:
            for i, part in zip(missing, self._score([asked[i] for i in missing]), strict=True):
                parts[i] = part
                if asked[i][1] == 1.0:  # other boosts are rare: calibration's and the tests'
                    cache.keep(asked[i][0], part)
        return parts

    def _score(self, asked: list[tuple[int, float]]) -> list:
        """Return the slots and scores of rows: idf, boost, tf and field length, in float32."""
        where = np.array([row for row, _ in asked])
        starts, ends = self.indptr[where].tolist(), self.indptr[where + 1].tolist()
        clause = self.row_weights.take(where)
        if any(boost != 1.0 for _, boost in asked):  # multiplying by 1.0 changes nothing
            clause = clause * np.array([boost for _, boost in asked], dtype=np.float32)
        lengths = np.subtract(ends, starts)
        kinds = np.concatenate([self.kinds[a:b] for a, b in zip(starts, ends, strict=True)])
        weights = np.repeat(clause, lengths) * self.factors.take(kinds)
        cuts = np.cumsum(lengths).tolist()
        return [
            (self.entries[a:b], weights[cut - b + a : cut])
            for a, b, cut in zip(starts, ends, cuts, strict=True)
        ]


def _weights(frequencies, documents: int) -> np.ndarray:
    """Return idf times (k1 + 1) of terms by document frequency, in float32 as tantivy."""
    frequencies = np.asarray(frequencies, dtype=np.int64)
    ratio = (documents - frequencies).astype(np.float32) + np.float32(0.5)
    ratio /= frequencies.astype(np.float32) + np.float32(0.5)
    idf = np.log((np.float32(1.0) + ratio).astype(np.float64)).astype(np.float32)
    return idf * (np.float32(1.0) + K1)


def _factors(freqs: np.ndarray, norm_ids: np.ndarray, average: np.float32) -> np.ndarray:
    """Return tf / (tf + k1 * (1 - b + b * dl / avgdl)) of kinds of postings, in float32."""
    lengths = np.array(FIELDNORMS, dtype=np.float32)
    norms = K1 * ((np.float32(1.0) - B) + B * lengths / average)
    freqs = freqs.astype(np.float32)
    return freqs / (freqs + norms[norm_ids])
