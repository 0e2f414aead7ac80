"""The rows of the pieces questions use, kept between questions (least recently used out)."""

from collections import OrderedDict
from collections.abc import Callable

import numpy as np


class PieceCache:
    """At most `capacity` piece rows in one preallocated array."""

    def __init__(self, capacity: int, width: int, compute: Callable[[np.ndarray], np.ndarray]):
        self.capacity = capacity
        self.width = width
        self.compute = compute
        # piece id -> row of the store, least recently used first.
        self.slot_of: OrderedDict[int, int] = OrderedDict()
        self.store: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.slot_of)

    def table(self, pieces: list[int]) -> np.ndarray:
        """Return the rows of these distinct pieces, plus a zero row last."""
        for piece in pieces:  # this text's pieces are the last to be evicted
            if piece in self.slot_of:
                self.slot_of.move_to_end(piece)
        self._add([p for p in pieces if p not in self.slot_of])
        table = np.empty((len(pieces) + 1, self.width), dtype=np.float32)
        np.take(self.store, [self.slot_of[p] for p in pieces], axis=0, out=table[:-1])
        table[-1] = 0.0
        return table

    def _add(self, missing: list[int]) -> None:
        """Compute and keep the rows of distinct pieces not cached yet (fewer than capacity)."""
        if not missing:
            return
        free = self._free_slots(len(missing))
        self.store[free] = self.compute(np.array(missing))
        self.slot_of.update(zip(missing, free, strict=True))

    def _free_slots(self, count: int) -> list[int]:
        """Return count rows of the store to fill, evicting the least recently used pieces."""
        if self.store is None:
            self.store = np.empty((self.capacity, self.width), dtype=np.float32)
            # Touch every page now: left to fill in as rows arrive, the kernel backed the
            # store with a 2 MB huge page every 150 rows, and the question that touched it
            # waited 5 ms for it (every tenth question, on this virtual machine).
            self.store.fill(0.0)
        used = len(self.slot_of)
        free = list(range(used, min(self.capacity, used + count)))
        while len(free) < count:
            free.append(self.slot_of.popitem(last=False)[1])
        return free
