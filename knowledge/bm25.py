"""BM25 as tantivy computes it, over the postings of knowledge.postings, in float32.

Tantivy counts deleted entries in its statistics until it merges its segments, and it
merges when it chooses: the statistics are read from tantivy at each commit (documents
and average field lengths from a query's explanation, document frequencies term by term
unless no deleted document is left), so that scores equal tantivy's to float rounding.
Ties go to the lower slot, as tantivy gives them to the lower document address."""

import numpy as np

from knowledge.postings import FIELDNORMS, Postings
from knowledge.selection import best
from knowledge.tantivy_stats import field_statistics

K1, B = np.float32(1.2), np.float32(0.75)
# Document frequencies read from tantivy are kept until the next commit, this many at most.
FREQUENCIES_KEPT = 100_000


class Scorer:
    """Scores of one commit's entries; a commit makes a new scorer, searches keep theirs."""

    def __init__(self, searcher, schema, postings: Postings, slots: int):
        self.searcher = searcher
        self.slots = slots
        self.rows, self.indptr = postings.rows, postings.indptr
        self.entries, self.kinds = postings.slots, postings.kinds
        self.documents = 0
        kinds = np.array(postings.kind_table, dtype=np.int64).reshape(-1, 3)
        self.factors = np.zeros(len(kinds), dtype=np.float32)
        for position, name in enumerate(postings.rows):
            stats = field_statistics(searcher, schema, name, postings)
            if stats is not None:
                self.documents, average = stats
                mine = kinds[:, 0] == position
                self.factors[mine] = _factors(kinds[mine, 1], kinds[mine, 2], average)
        # With no deleted document left in tantivy, a row's length is its document frequency,
        # and every row's weight is known at once.
        self.exact = self.documents == searcher.num_docs
        if self.exact:
            self.row_weights = _weights(np.diff(self.indptr), self.documents)
        self._frequencies: dict[tuple[str, str], int] = {}

    def doc_freq(self, name: str, term: str) -> int:
        """Return the number of documents whose field holds the term, as tantivy counts."""
        if not self.exact:
            found = self._frequencies.get((name, term))
            if found is None:
                if len(self._frequencies) > FREQUENCIES_KEPT:  # typos would grow it
                    self._frequencies.clear()
                found = self._frequencies[(name, term)] = self.searcher.doc_freq(name, term)
            return found
        row, known = self.rows[name].get(term, len(self.indptr)), len(self.indptr) - 1
        return int(self.indptr[row + 1] - self.indptr[row]) if row < known else 0

    def top(self, terms: dict[str, float], boosts: dict[str, float], limit: int) -> list:
        """Return (slot, score) of the best entries for an OR of weighted terms, best first."""
        rows, boosted, asked, known = [], [], [], len(self.indptr) - 1
        for term, weight in terms.items():
            for name, boost in boosts.items():  # tantivy's order: a term's fields in turn
                row = self.rows[name].get(term, known)
                if row < known:  # rows of entries added since this commit are not known
                    rows += (row,)
                    boosted += (boost * weight,)
                    asked += ((name, term),)
        if not rows:
            return []
        where = np.array(rows)
        starts, ends = self.indptr[where], self.indptr[where + 1]
        lengths = ends - starts
        if self.exact:
            clause = self.row_weights.take(where)
        else:
            clause = _weights([self.doc_freq(*a) for a in asked], self.documents)
        if any(b != 1.0 for b in boosted):  # multiplying by 1.0 changes nothing
            clause = clause * np.array(boosted, dtype=np.float32)
        starts, ends = starts.tolist(), ends.tolist()
        entries = np.concatenate([self.entries[a:b] for a, b in zip(starts, ends, strict=True)])
        kinds = np.concatenate([self.kinds[a:b] for a, b in zip(starts, ends, strict=True)])
        factors = self.factors.take(kinds)
        scores = np.zeros(self.slots, dtype=np.float32)
        # In order, one posting at a time: each entry sums its terms in tantivy's order.
        np.add.at(scores, entries, np.repeat(clause, lengths) * factors)
        return best(scores, limit)


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
