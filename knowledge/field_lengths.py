"""The live entries' count and each field's total length, which BM25's statistics need.

Kept per slot so that removing an entry takes back exactly what adding it counted."""

import numpy as np


class FieldLengths:
    """Each slot's token count per field; changes apply at commit."""

    def __init__(self, fields: int):
        self.by_slot = np.zeros((0, fields), dtype=np.int64)
        self.live = np.zeros(0, dtype=bool)
        self.field_tokens = np.zeros(fields, dtype=np.int64)  # over the live entries
        self.documents = 0
        self._added: dict[int, list[int]] = {}
        self._removed: set[int] = set()

    def add(self, slot: int, lengths: list[int]) -> None:
        """Queue an entry's token count per field."""
        self._added[slot] = lengths

    def remove(self, slot: int) -> None:
        """Queue the removal of an entry."""
        self._removed.add(slot)

    def commit(self) -> None:
        """Apply queued removals, then additions."""
        gone = [s for s in self._removed if s < len(self.live) and self.live[s]]
        self.field_tokens -= self.by_slot[gone].sum(0)
        self.live[gone], self.by_slot[gone] = False, 0
        if self._added:
            end = max(self._added) + 1
            if end > len(self.live):
                grown = max(end, 2 * len(self.live))
                self.by_slot = np.vstack(
                    [
                        self.by_slot,
                        np.zeros((grown - len(self.live), self.by_slot.shape[1]), dtype=np.int64),
                    ]
                )
                self.live = np.concatenate(
                    [self.live, np.zeros(grown - len(self.live), dtype=bool)]
                )
            slots = list(self._added)
            self.by_slot[slots] = list(self._added.values())
            self.live[slots] = True
            self.field_tokens += self.by_slot[slots].sum(0)
        self.documents = int(self.live.sum())
        self._added, self._removed = {}, set()
