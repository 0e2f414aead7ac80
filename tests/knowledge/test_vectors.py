"""The vector store: projected scan, exact rescoring, changes."""

import numpy as np
import pytest

from knowledge.selection import highest
from knowledge.vectors import EXACT_RESCORE, PROJECTED_DIMENSIONS, VectorStore, widen


def unit_rows(count, seed=1):
    """Return random unit vectors."""
    rows = np.random.default_rng(seed).normal(size=(count, 512)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def near(vector, seed):
    """Return a unit vector close to `vector`."""
    query = vector + 0.1 * unit_rows(1, seed=seed)[0]
    return query / np.linalg.norm(query)


def test_nearest_entries_survive_the_projection():
    vectors = unit_rows(3 * PROJECTED_DIMENSIONS)
    store = VectorStore()
    store.add(list(range(len(vectors))), vectors)
    query = near(vectors[17], seed=2)
    best = store.top(query, 3)
    assert next(iter(best)) == 17
    exact = np.argsort(-(vectors @ query))[:3]
    assert set(best) == set(exact.tolist())


def test_a_store_larger_than_the_rescored_rows_scans_the_projection():
    vectors = unit_rows(3 * EXACT_RESCORE)
    store = VectorStore()
    store.add(list(range(len(vectors))), vectors)
    for slot in (5, 600, 1100):
        best = store.top(near(vectors[slot], seed=slot), 5)
        assert next(iter(best)) == slot
        for found, score in best.items():  # rescored exactly, up to float16 storage
            assert abs(score - float(vectors[found] @ near(vectors[slot], seed=slot))) < 2e-3


def test_add_remove_and_scores():
    vectors = unit_rows(10)
    store = VectorStore()
    store.add(list(range(5)), vectors[:5])
    store.add(list(range(5, 10)), vectors[5:])
    store.remove({3, 7})
    assert len(store) == 8 and store.vector(3) is None
    assert store.vector(-1) is None and store.vector(10) is None and store.vector(10**12) is None
    assert np.allclose(store.vector(9), vectors[9], atol=1e-3)
    assert VectorStore().vector(0) is None
    scores = store.scores(vectors[4], [4, 7, 9])
    assert set(scores) == {4, 9} and abs(scores[4] - 1.0) < 1e-2


def test_widen_equals_astype_on_every_half():
    halves = np.arange(2**16, dtype=np.uint32).astype(np.uint16).view(np.float16)
    assert np.array_equal(widen(halves).view(np.uint32), halves.astype(np.float32).view(np.uint32))


@pytest.mark.parametrize("size", [10, 400, 401, 5_000, 50_000])
def test_highest_selects_what_argpartition_selects(size):
    scores = np.random.default_rng(size).normal(size=size).astype(np.float32)
    expected = np.argpartition(-scores, 400)[:400] if size > 400 else np.arange(size)
    assert sorted(highest(scores, 400).tolist()) == sorted(expected.tolist())
