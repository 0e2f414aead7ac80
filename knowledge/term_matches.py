"""Which of a question's terms candidate entries hold: one pass over their term ids."""

import numpy as np


def holding(entries, slots: list[int], ids: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Return the row (slot) and column (term) of each term a slot holds; term ids sorted."""
    ids = np.array(ids, dtype=np.int32)
    blobs = [entries[slot].term_bytes for slot in slots]
    # One pass over the slots' concatenated term ids instead of a search per slot.
    flat = np.frombuffer(b"".join(blobs), dtype=np.int32)
    position = np.searchsorted(ids, flat)
    where = np.flatnonzero(ids.take(position, mode="clip") == flat)
    # Hits are few among the slots' terms: only theirs are given a row (4 bytes a term).
    rows = np.searchsorted(np.cumsum([len(b) for b in blobs]), where * 4, side="right")
    return rows, position.take(where)


def matched_weights(vocabulary, entries, weights, slots: list[int], held=None) -> np.ndarray:
    """Return, for each slot (row) and weighting (column), the weight of the terms found;
    `held` (a dict, when given) gets the terms each slot holds, in id order."""
    known = sorted((vocabulary[t], t) for t in set().union(*weights) if t in vocabulary)
    if not known or not slots:
        return np.zeros((len(slots), len(weights)))
    # One flat list: NumPy reads it faster than a list of rows, into the same array.
    flat = [w.get(t, 0.0) for _, t in known for w in weights]
    values = np.array(flat).reshape(len(known), len(weights))
    rows, columns = holding(entries, slots, [i for i, _ in known])
    found = np.zeros((len(slots), len(known)))
    found[rows, columns] = 1.0
    if held is not None:
        _keep_held(held, slots, [t for _, t in known], rows.tolist(), columns.tolist())
    # The same product as ever: BLAS adds in its own order, and scores stay bit for bit.
    return found @ values


def _keep_held(held: dict, slots: list[int], terms: list[str], rows, columns) -> None:
    """Put in `held` the terms each slot holds (a row and a column for each term held)."""
    mine: list[list[str]] = [[] for _ in slots]
    for row, column in zip(rows, columns, strict=True):
        mine[row].append(terms[column])
    held.update(zip(slots, mine, strict=True))


def matched_terms(vocabulary, entries, slots: list[int], terms: list[str]) -> list[list[str]]:
    """Return, for each slot, the terms (of a question, in order) that the entry holds."""
    known = [t for t in terms if t in vocabulary]
    if not known:
        return [[] for _ in slots]
    ids = np.array([vocabulary[t] for t in known], dtype=np.int32)
    # A search per slot: the hits are few, and each entry's term ids are sorted.
    return [_held(entries[slot].term_ids, ids, known) for slot in slots]


def sorted_matches(held: dict, slots: list[int], terms: frozenset[str]):
    """Return, for each slot, the `terms` it holds in sorted order, as matched_terms does
    with sorted terms; None when `held` (from matched_weights) lacks a slot."""
    if not all(slot in held for slot in slots):
        return None
    return [sorted([t for t in held[slot] if t in terms]) for slot in slots]


def _held(term_ids: np.ndarray, ids: np.ndarray, terms: list[str]) -> list[str]:
    """Return the terms (ids in the same order) that sorted term ids hold."""
    if not len(term_ids):
        return []
    hit = term_ids.take(np.searchsorted(term_ids, ids), mode="clip") == ids
    return [t for t, held in zip(terms, hit.tolist(), strict=True) if held]
