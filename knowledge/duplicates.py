"""Keep distinct candidates: withheld entries out, near-duplicates collapsed."""

import functools
import math

import numpy as np

from knowledge.index import KnowledgeIndex
from knowledge.ranking import Candidate

# Two entries whose vectors are this close say the same thing: show the better one.
NEAR_DUPLICATE_COSINE = 0.97


def _same(index: KnowledgeIndex, a: Candidate, b: Candidate, vector) -> bool:
    """Say whether two entries are near-duplicates (`vector`: a slot's vector, or None)."""
    first, second = index.entries[a.slot], index.entries[b.slot]
    if first.content_hash == second.content_hash:
        return True
    va, vb = vector(a.slot), vector(b.slot)
    if va is not None and vb is not None:
        return float(np.dot(va, vb)) >= NEAR_DUPLICATE_COSINE
    return first.title_terms == second.title_terms and math.isclose(a.bm25, b.bm25, rel_tol=0.02)


def collapse(index: KnowledgeIndex, ranked: list[Candidate], limit: int) -> list[Candidate]:
    """Return the first `limit` candidates that are neither withheld nor a better one's twin."""
    kept: list[Candidate] = []
    # Each vector read once: a candidate is compared with every one kept before it.
    vector = functools.lru_cache(maxsize=None)(index.vectors.vector)
    for candidate in ranked:
        if len(kept) == limit:
            break
        if candidate.score == -math.inf:
            continue
        if not any(_same(index, candidate, other, vector) for other in kept):
            kept.append(candidate)
    return kept
