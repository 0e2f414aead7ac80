"""Postings of the text fields in NumPy arrays: which slots hold a term, and how.

A question is scored by a few array operations over them (knowledge.bm25), several times
faster than a query built, run and read back through tantivy's bindings.
A row is a (field, term) pair; all rows share one array, so that a question's rows are
gathered at once. Slots only grow (an entry changed gets a new one), which keeps each
row sorted by slot when new postings are appended at a commit.

A posting is its slot and a kind: the field, the term's frequency and the field's
coded length, all BM25 needs; a base has a few thousand kinds, so that a posting takes
six bytes and its BM25 factor is looked up in a table of kinds."""

import bisect
from array import array

import numpy as np

from knowledge.field_lengths import FieldLengths

# Tantivy drops longer tokens, and does not count them in the field's length.
MAX_TOKEN_BYTES = 65530


def _fieldnorm_table() -> list[int]:
    """Return tantivy's 256 field lengths (fieldnorm/code.rs): exact to 40, then buckets."""
    values, step = list(range(41)), 2
    while len(values) < 256:
        values += [values[-1] + step * (i + 1) for i in range(min(8, 256 - len(values)))]
        step *= 2
    return values


FIELDNORMS = _fieldnorm_table()


class Postings:
    """Rows of (slot, kind) by field and term, each row sorted by slot."""

    def __init__(self, fields: tuple[str, ...]):
        self.rows: dict[str, dict[str, int]] = {name: {} for name in fields}
        self.indptr = np.zeros(1, dtype=np.int64)
        self.slots = np.zeros(0, dtype=np.int32)
        self.kinds = np.zeros(0, dtype=np.uint16)
        # Each kind's (field position, term frequency, coded field length).
        self.kind_table: list[tuple[int, int, int]] = []
        self._kind_of: dict[tuple[int, int, int], int] = {}
        self._new = _pending()
        self._removed: set[int] = set()
        self._row_count = 0
        self.slot_end = 0  # one more than the highest slot added
        self.lengths = FieldLengths(len(fields))

    def add(self, slot: int, fields: dict[str, list[str]]) -> None:
        """Queue the terms of one entry by field (call commit to apply)."""
        rows, slots, kinds = self._new
        lengths = []
        for position, (name, known) in enumerate(self.rows.items()):
            counts: dict[str, int] = {}
            for term in fields.get(name, ()):
                if len(term) <= MAX_TOKEN_BYTES or len(term.encode()) <= MAX_TOKEN_BYTES:
                    counts[term] = counts.get(term, 0) + 1
            lengths.append(sum(counts.values()))
            norm = bisect.bisect_right(FIELDNORMS, lengths[-1]) - 1
            for term, count in counts.items():
                if term not in known:
                    known[term], self._row_count = self._row_count, self._row_count + 1
                rows.append(known[term])
                kinds.append(self._kind((position, count, norm)))
            slots.extend([slot] * len(counts))
        self.lengths.add(slot, lengths)
        self.slot_end = max(self.slot_end, slot + 1)

    def _kind(self, kind: tuple[int, int, int]) -> int:
        """Return the number of a kind of posting, giving new kinds the next one."""
        number = self._kind_of.get(kind)
        if number is None:
            number = self._kind_of[kind] = len(self.kind_table)
            self.kind_table.append(kind)
        return number

    def remove(self, slot: int) -> None:
        """Queue the removal of an entry (call commit to apply)."""
        self._removed.add(slot)
        self.lengths.remove(slot)

    @property
    def documents(self) -> int:
        """Return the number of live entries at the last commit."""
        return self.lengths.documents

    @property
    def field_tokens(self) -> np.ndarray:
        """Return each field's total length over the live entries at the last commit."""
        return self.lengths.field_tokens

    def commit(self) -> None:
        """Apply queued removals, then additions; each array is copied once."""
        lengths = np.diff(self.indptr)
        if self._removed:
            dead = np.zeros(max(self.slot_end, max(self._removed) + 1), dtype=bool)
            dead[list(self._removed)] = True
            gone = np.flatnonzero(dead[self.slots])
            owners = np.searchsorted(self.indptr, gone, side="right") - 1
            lengths -= np.bincount(owners, minlength=len(lengths))
            self.slots, self.kinds = np.delete(self.slots, gone), np.delete(self.kinds, gone)
        rows = np.frombuffer(self._new[0], dtype=np.int32).astype(np.int64)
        total = self._row_count
        lengths = np.concatenate([lengths, np.zeros(total - len(lengths), dtype=np.int64)])
        ends = np.cumsum(lengths)
        order = np.argsort(rows, kind="stable")
        # New slots are above every old one: they go at the end of their row.
        at = ends[rows[order]]
        self.slots = np.insert(self.slots, at, np.frombuffer(self._new[1], dtype=np.int32)[order])
        kinds = np.frombuffer(self._new[2], dtype=np.int32)[order]
        dtype = np.uint16 if len(self.kind_table) <= 2**16 else np.uint32
        self.kinds = np.insert(self.kinds.astype(dtype), at, kinds.astype(dtype))
        lengths += np.bincount(rows, minlength=total)
        self.indptr = np.concatenate([[0], np.cumsum(lengths)])
        self._new, self._removed = _pending(), set()
        self.lengths.commit()


def _pending() -> tuple[array, array, array]:
    """Return empty rows, slots and kinds of postings to add: four bytes each, where a
    list would take eight (a 50,000-entry import queues three million)."""
    return array("i"), array("i"), array("i")
