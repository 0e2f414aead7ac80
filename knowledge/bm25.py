"""BM25 as tantivy computes it (k1 1.2, b 0.75, its coded field lengths, float32), over
the postings of knowledge.postings and the statistics of the live entries.
Ties go to the lower slot, as tantivy gives them to the lower document address."""

import numpy as np

from knowledge.postings import FIELDNORMS, Postings
from knowledge.selection import best

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

    def top(self, terms: dict[str, float], boosts: dict[str, float], limit: int) -> list:
        """Return (slot, score) of the best entries for an OR of weighted terms, best first."""
        rows, boosted, known = [], [], len(self.indptr) - 1
        for term, weight in terms.items():
            for name, boost in boosts.items():  # tantivy's order: a term's fields in turn
                row = self.rows[name].get(term, known)
                if row < known:  # rows of entries added since this commit are not known
                    rows += (row,)
                    boosted += (boost * weight,)
        if not rows:
            return []
        where = np.array(rows)
        starts, ends = self.indptr[where], self.indptr[where + 1]
        lengths = ends - starts
        clause = self.row_weights.take(where)
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
