"""Selecting the best scores gives what a full sort gives, whatever the scores' shape."""

import numpy as np
import pytest

from knowledge.selection import best


def sorted_best(scores: np.ndarray, limit: int) -> list[tuple[int, float]]:
    """The reference: every positive score sorted, best first, ties to the lower slot."""
    order = sorted((-float(s), i) for i, s in enumerate(scores.tolist()) if s > 0)
    return [(i, -s) for s, i in order[:limit]]


@pytest.mark.parametrize("size", [1, 20, 500, 10_000])
@pytest.mark.parametrize("limit", [3, 30, 60])
@pytest.mark.parametrize(
    "shape", ["spread", "ties", "sparse", "sparse ties", "few high", "zeros", "negative zero"]
)
def test_best_equals_a_full_sort(size, limit, shape):
    rng = np.random.default_rng(size * limit + len(shape))
    scores = rng.random(size).astype(np.float32)
    if shape == "ties":
        scores = np.round(scores * 4).astype(np.float32)  # many equal scores
    elif shape == "sparse":
        scores[rng.random(size) < 0.95] = 0.0  # most entries hold no term of the question
    elif shape == "sparse ties":  # zeros sampled are left out: fewer samples than wanted
        scores = np.round(scores * 3).astype(np.float32)
        scores[rng.random(size) < 0.8] = 0.0
    elif shape == "few high":
        # A few outliers among the sampled scores: a guess from the sample's best is too
        # high, fewer than `limit` entries reach it, and the sure bound is used.
        scores[0:80:16] = 2.0 + scores[0:80:16]
    elif shape == "zeros":
        scores = np.zeros(size, dtype=np.float32)
    elif shape == "negative zero":
        scores[rng.random(size) < 0.5] = -0.0
    assert best(scores, limit) == sorted_best(scores, limit)
