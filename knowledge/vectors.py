"""Entry vectors: a small projected matrix to scan, full vectors to rescore the best."""

import contextlib

import numpy as np

from knowledge.selection import highest

try:  # one BLAS thread: on small products, more threads wait on each other
    from threadpoolctl import ThreadpoolController

    _limit = ThreadpoolController().limit
except ImportError:  # pragma: no cover - threadpoolctl is an optional speed-up
    _limit = None

# Scanning 50,000 full 512-d vectors costs ~10 ms; 64 principal directions (13 MB) cost
# 0.4 ms and keep the right entries among the first few hundred, which are then rescored
# exactly. On 20,000 encoded entries and the dev questions, 64 directions and 400 rescored
# rows keep 99.5 % of the exact top 30 and all of the top 5 (128 and 200: 99.9 %, 2.5 ms).
PROJECTED_DIMENSIONS = 64
EXACT_RESCORE = 400
# Refit the directions when the store has grown this much since they were fitted.
REFIT_GROWTH = 2.0
# Rows converted to float32 at a time while fitting, to bound the transient memory.
FIT_CHUNK = 4096


class VectorStore:
    """Vectors of entries by slot; cosine scores against a question vector."""

    def __init__(self, dimensions: int = 512):
        self.slots = np.zeros(0, dtype=np.int64)
        self.full = np.zeros((0, dimensions), dtype=np.float16)
        self.basis = np.zeros((dimensions, 0), dtype=np.float32)
        self.projected = np.zeros((0, 0), dtype=np.float32)
        self.fitted_size = 0
        # Row of each slot (-1: none), an array: a dict of 43,000 sections' rows weighed
        # 5 MB, and a question of a base of long pages looks up a thousand of them.
        self.row_of_slot = np.zeros(0, dtype=np.int32)

    def __len__(self) -> int:
        return len(self.slots)

    def add(self, slots: list[int], vectors: np.ndarray) -> None:
        """Add the vectors of new slots."""
        self.slots = np.concatenate([self.slots, np.asarray(slots, dtype=np.int64)])
        self.full = np.concatenate([self.full, vectors.astype(np.float16)])
        if not self.fitted_size or len(self) >= self.fitted_size * REFIT_GROWTH:
            self._fit()
        else:
            self.projected = np.concatenate([self.projected, vectors @ self.basis])
        self._map_rows()

    def remove(self, slots: set[int]) -> None:
        """Drop the vectors of some slots."""
        keep = ~np.isin(self.slots, list(slots))
        self.slots, self.full, self.projected = (
            self.slots[keep],
            self.full[keep],
            self.projected[keep],
        )
        self._map_rows()

    def _map_rows(self) -> None:
        """Index rows by slot."""
        rows = np.full(int(self.slots.max()) + 1 if len(self) else 0, -1, dtype=np.int32)
        rows[self.slots] = np.arange(len(self), dtype=np.int32)
        self.row_of_slot = rows  # one assignment: a reader sees the old table or the new

    def rows(self, slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return the slots (in the order given) that have a vector, and their rows."""
        table = self.row_of_slot
        slots = slots[(slots >= 0) & (slots < len(table))]
        rows = table[slots]
        return slots[rows >= 0], rows[rows >= 0]

    def _fit(self) -> None:
        """Fit the principal directions of the stored vectors and project them."""
        gram = np.zeros((self.full.shape[1],) * 2, dtype=np.float64)
        for start in range(0, len(self), FIT_CHUNK):
            chunk = self.full[start : start + FIT_CHUNK].astype(np.float32)
            gram += chunk.T @ chunk
        _, eigenvectors = np.linalg.eigh(gram)
        basis = eigenvectors[:, ::-1][:, :PROJECTED_DIMENSIONS]
        self.basis = np.ascontiguousarray(basis, dtype=np.float32)
        self.projected = np.concatenate(
            [
                self.full[start : start + FIT_CHUNK].astype(np.float32) @ self.basis
                for start in range(0, len(self), FIT_CHUNK)
            ]
        )
        self.fitted_size = len(self)

    def vector(self, slot: int) -> np.ndarray | None:
        """Return the full vector of a slot, or None."""
        # One slot read as a Python int: an array of one and its masks cost five times more.
        table = self.row_of_slot
        row = int(table[slot]) if 0 <= slot < len(table) else -1
        return widen(self.full[row]) if row >= 0 else None

    def top(self, query: np.ndarray, limit: int) -> dict[int, float]:
        """Return the exact cosine of the `limit` nearest slots."""
        if not len(self):
            return {}
        wanted = max(limit, EXACT_RESCORE)
        with _one_thread():
            coarse = self.projected @ (self.basis.T @ query)
            rows = highest(coarse, wanted)
            exact = widen(self.full[rows]) @ query
        best = np.argsort(-exact)[:limit]
        return {int(self.slots[rows[i]]): float(exact[i]) for i in best}

    def scores(self, query: np.ndarray, slots: list[int]) -> dict[int, float]:
        """Return the exact cosine of given slots (those without a vector are left out)."""
        known, exact = self.scored(query, np.array(slots, dtype=np.int64))
        return dict(zip(known.tolist(), exact.tolist(), strict=True))

    def scored(self, query: np.ndarray, slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return the slots (in the order given) that have a vector, and their exact cosine."""
        known, rows = self.rows(slots)
        with _one_thread():
            return known, widen(self.full[rows]) @ query


def widen(half: np.ndarray) -> np.ndarray:
    """Return float16 values as float32, exactly as astype does, in half its time."""
    # One read of a table of all 65,536 halves (256 kB, held in the CPU's cache) a value.
    # A conversion by bit shifts and one multiplication was quicker than astype only while
    # the encoder's library had set the CPU to flush subnormal floats: without it, the
    # few subnormal halves of unit vectors made that multiplication seven times slower.
    return _HALVES.take(half.view(np.uint16))


_HALVES = np.arange(2**16, dtype=np.uint32).astype(np.uint16).view(np.float16).astype(np.float32)


def _one_thread():
    """Return a context limiting BLAS to one thread (a no-op without threadpoolctl)."""
    return _limit(limits=1, user_api="blas") if _limit else contextlib.nullcontext()
