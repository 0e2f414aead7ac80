"""Postings of the text fields in NumPy arrays: which slots hold a term, and how often.

Kept beside tantivy's index so that a question is scored by a few array operations
(knowledge.bm25) instead of a query built, run and read back through tantivy's bindings.
A row is a (field, term) pair; all rows share one array, so that a question's rows are
gathered at once. Slots only grow (an entry changed gets a new one), which keeps each
row sorted by slot when new postings are appended at a commit."""

import numpy as np

# Tantivy drops longer tokens, and does not count them in the field's length.
MAX_TOKEN_BYTES = 65530


def _fieldnorm_table() -> np.ndarray:
    """Return tantivy's 256 field lengths (fieldnorm/code.rs): exact to 40, then buckets."""
    values, step = list(range(41)), 2
    while len(values) < 256:
        values += [values[-1] + step * (i + 1) for i in range(min(8, 256 - len(values)))]
        step *= 2
    return np.array(values, dtype=np.float64)


FIELDNORMS = _fieldnorm_table()


class Postings:
    """Rows of (slot, term frequency) by field and term, each row sorted by slot."""

    def __init__(self, fields: tuple[str, ...]):
        self.rows: dict[str, dict[str, int]] = {name: {} for name in fields}
        self.row_fields: list[int] = []  # the field (its position) of each row
        self.indptr = np.zeros(1, dtype=np.int64)
        self.slots = np.zeros(0, dtype=np.int32)
        self.freqs = np.zeros(0, dtype=np.uint16)
        # By field, then slot: the field's length, coded as tantivy's fieldnorms.
        self.norm_ids = {name: np.zeros(0, dtype=np.uint8) for name in fields}
        self._new: tuple[list[int], list[int], list[int]] = ([], [], [])
        self._lengths: dict[str, dict[int, int]] = {name: {} for name in fields}
        self._removed: set[int] = set()

    def add(self, slot: int, fields: dict[str, list[str]]) -> None:
        """Queue the terms of one entry by field (call commit to apply)."""
        rows, slots, freqs = self._new
        for position, (name, known) in enumerate(self.rows.items()):
            counts: dict[str, int] = {}
            for term in fields.get(name, ()):
                if len(term) <= MAX_TOKEN_BYTES or len(term.encode()) <= MAX_TOKEN_BYTES:
                    counts[term] = counts.get(term, 0) + 1
            for term in counts:
                if term not in known:
                    known[term] = len(self.row_fields)
                    self.row_fields.append(position)
                rows.append(known[term])
            slots += [slot] * len(counts)
            freqs += counts.values()
            self._lengths[name][slot] = sum(counts.values())

    def remove(self, slot: int) -> None:
        """Queue the removal of an entry (call commit to apply)."""
        self._removed.add(slot)

    def commit(self) -> None:
        """Apply queued additions and removals."""
        rows = np.repeat(np.arange(len(self.indptr) - 1, dtype=np.int32), np.diff(self.indptr))
        slots, freqs = self.slots, self.freqs
        if self._removed:
            keep = ~np.isin(slots, np.fromiter(self._removed, dtype=np.int32))
            rows, slots, freqs = rows[keep], slots[keep], freqs[keep]
        new_rows, new_slots, new_freqs = self._new
        rows = np.concatenate([rows, np.array(new_rows, dtype=np.int32)])
        # Old slots are all smaller than new ones: a stable sort by row keeps rows sorted.
        order = np.argsort(rows, kind="stable")
        self.slots = np.concatenate([slots, np.array(new_slots, dtype=np.int32)])[order]
        new = np.array(new_freqs, dtype=np.uint32)
        # Two bytes a posting, unless a hostile entry repeats a term more than 65,535 times.
        wide = (len(new) and new.max() > np.iinfo(np.uint16).max) or freqs.dtype == np.uint32
        self.freqs = np.concatenate([freqs, new]).astype(np.uint32 if wide else np.uint16)[order]
        counts = np.bincount(rows, minlength=len(self.row_fields))
        self.indptr = np.concatenate([[0], np.cumsum(counts)])
        for name, lengths in self._lengths.items():
            self.norm_ids[name] = _coded(self.norm_ids[name], lengths)
        self._new, self._removed = ([], [], []), set()
        self._lengths = {name: {} for name in self.rows}

    def posting_fields(self) -> np.ndarray:
        """Return the field (its position) of each posting."""
        fields = np.array(self.row_fields, dtype=np.uint8)
        return np.repeat(fields, np.diff(self.indptr))


def _coded(norm_ids: np.ndarray, lengths: dict[int, int]) -> np.ndarray:
    """Return the coded lengths by slot, with those of new slots set."""
    if not lengths:
        return norm_ids
    size = max(lengths) + 1
    if size > len(norm_ids):
        grown = np.zeros(max(size, 2 * len(norm_ids)), dtype=np.uint8)
        grown[: len(norm_ids)] = norm_ids
        norm_ids = grown
    slots = np.fromiter(lengths, dtype=np.int64, count=len(lengths))
    values = np.fromiter(lengths.values(), dtype=np.float64, count=len(slots))
    norm_ids[slots] = np.searchsorted(FIELDNORMS, values, side="right") - 1
    return norm_ids
