"""Keep distinct candidates: withheld entries out, near-duplicates collapsed."""

import math

import numpy as np

from knowledge.index import KnowledgeIndex
from knowledge.ranking import Candidate

# Two entries whose vectors are this close say the same thing: show the better one.
NEAR_DUPLICATE_COSINE = 0.97


def _same(index: KnowledgeIndex, a: Candidate, b: Candidate) -> bool:
    """Say whether two entries are near-duplicates."""
    first, second = index.entries[a.slot], index.entries[b.slot]
    if first.content_hash == second.content_hash:
        return True
    va, vb = index.vectors.vector(a.slot), index.vectors.vector(b.slot)
    if va is not None and vb is not None:
        return float(np.dot(va, vb)) >= NEAR_DUPLICATE_COSINE
    return first.title_terms == second.title_terms and math.isclose(a.bm25, b.bm25, rel_tol=0.02)


def collapse(index: KnowledgeIndex, ranked: list[Candidate], limit: int) -> list[Candidate]:
    """Return the first `limit` candidates that are neither withheld nor a better one's twin."""
    kept: list[Candidate] = []
    for candidate in ranked:
        if len(kept) == limit:
            break
        if candidate.score == -math.inf:
            continue
        if not any(_same(index, candidate, other) for other in kept):
            kept.append(candidate)
    return kept
