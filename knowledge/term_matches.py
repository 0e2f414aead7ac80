"""Which of a question's terms candidate entries hold: one pass over their term ids."""

import bisect

import numpy as np


def holding(entries, slots: list[int], ids: list[int], vocabulary) -> tuple[np.ndarray, np.ndarray]:
    """Return the row (slot) and column (term) of each term a slot holds; term ids sorted."""
    ids = np.array(ids, dtype=np.int32)
    blobs = [entries[slot].term_bytes for slot in slots]
    # One pass over the slots' concatenated term ids instead of a search per slot.
    flat = np.frombuffer(b"".join(blobs), dtype=np.int32)
    # A flag per term id, read once a term: a binary search a term took four times as long
    # over long articles' terms. Ids only grow: those read are below the size read after.
    asked = np.zeros(len(vocabulary), dtype=bool)
    asked[ids] = True
    # take, then nonzero: half the time of indexing, then flatnonzero.
    where = asked.take(flat).nonzero()[0]
    # Hits are few among the slots' terms: only theirs are given a row (4 bytes a term).
    rows = np.searchsorted(np.cumsum([len(b) for b in blobs]), where * 4, side="right")
    return rows, np.searchsorted(ids, flat.take(where))


def matched_weights(vocabulary, entries, weights, slots: list[int], held=None) -> np.ndarray:
    """Return, for each weighting (row) and slot (column), the weight of the terms found;
    `held` (a Held, when given) keeps which terms each slot holds."""
    known = sorted((vocabulary[t], t) for t in set().union(*weights) if t in vocabulary)
    if not known or not slots:
        return np.zeros((len(weights), len(slots)))
    rows, columns = holding(entries, slots, [i for i, _ in known], vocabulary)
    if held is not None:
        held.keep(slots, [t for _, t in known], rows, columns)
    # Each slot's weights added in its terms' order, on their own: a matrix product's sums
    # depend on the other rows (BLAS blocks them), so an entry's signals changed in their
    # last bits with the candidates beside it.
    return np.array(
        [
            np.bincount(rows, np.array([w.get(t, 0.0) for _, t in known]).take(columns), len(slots))
            for w in weights
        ]
    )


class Held:
    """The terms that gathered candidates hold (an entry's terms never change under its
    slot), read for the few hits shown of some thirty candidates."""

    def __init__(self):
        self.slots: list[int] = []
        self.terms: list[str] = []
        self._rows = self._columns = None

    def keep(self, slots: list[int], terms: list[str], rows, columns) -> None:
        """Keep the rows (slots) and columns (terms) of the terms held, rows in order."""
        self.slots, self.terms, self._rows, self._columns = slots, terms, rows, columns

    def sorted_terms(self, slots: list[int], asked: frozenset[str]):
        """Return, for each slot, the `asked` terms it holds in sorted order, as
        matched_terms does with sorted terms; None when a slot was not gathered."""
        if self._rows is None or not all(slot in self.slots for slot in slots):
            return None
        rows, columns, terms = self._rows.tolist(), self._columns.tolist(), self.terms
        out = []
        for slot in slots:
            row = self.slots.index(slot)
            mine = columns[bisect.bisect_left(rows, row) : bisect.bisect_right(rows, row)]
            out.append(sorted([terms[c] for c in mine if terms[c] in asked]))
        return out


def matched_terms(vocabulary, entries, slots: list[int], terms: list[str]) -> list[list[str]]:
    """Return, for each slot, the terms (of a question, in order) that the entry holds."""
    known = [t for t in terms if t in vocabulary]
    if not known:
        return [[] for _ in slots]
    ids = np.array([vocabulary[t] for t in known], dtype=np.int32)
    # A search per slot: the hits are few, and each entry's term ids are sorted.
    return [_held(entries[slot].term_ids, ids, known) for slot in slots]


def _held(term_ids: np.ndarray, ids: np.ndarray, terms: list[str]) -> list[str]:
    """Return the terms (ids in the same order) that sorted term ids hold."""
    if not len(term_ids):
        return []
    hit = term_ids.take(np.searchsorted(term_ids, ids), mode="clip") == ids
    return [t for t, held in zip(terms, hit.tolist(), strict=True) if held]
