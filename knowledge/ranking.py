"""Pure ranking rules: combine the signals of a candidate, calibrate a confidence."""

import math
from dataclasses import dataclass

# Weights of the combined score, chosen on a plateau of the dev set (see bench/RESULTS.md).
# BM25 is divided by the question's best score, so it lies in [0, 1]; the semantic score
# is a raw cosine, comparable across questions; title is the share of the question's
# title terms that the entry contains; service is 1 when the question names its service.
W_LEXICAL = 1.0
W_SEMANTIC = 3.0
W_TITLE = 0.3
W_SERVICE = 0.1
# Enough to show three hits after near-duplicates and withheld entries are set aside.
RANKED_KEPT = 16


@dataclass(frozen=True)
class Candidate:
    """The signals of one entry for one question."""

    slot: int
    lexical: float = 0.0
    bm25: float = 0.0
    semantic: float = 0.0
    title: float = 0.0
    service: float = 0.0
    coverage: float = 0.0
    feedback: float = 0.0
    score: float = 0.0


def combined_score(c: Candidate, semantic_on: bool) -> float:
    """Return the ranking score of a candidate."""
    return (
        W_LEXICAL * c.lexical
        + (W_SEMANTIC * c.semantic if semantic_on else 0.0)
        + W_TITLE * c.title
        + W_SERVICE * c.service
        + c.feedback
    )


def rank(candidates: list[Candidate], semantic_on: bool) -> list[Candidate]:
    """Score candidates and return the best RANKED_KEPT of them, best first."""
    scores = [combined_score(c, semantic_on) for c in candidates]
    order = sorted(range(len(candidates)), key=lambda i: (-scores[i], candidates[i].slot))
    return [_scored(candidates[i], scores[i]) for i in order[:RANKED_KEPT]]


def _scored(c: Candidate, score: float) -> Candidate:
    """Return the candidate with its score (dataclasses.replace costs five times more)."""
    return Candidate(
        c.slot, c.lexical, c.bm25, c.semantic, c.title, c.service, c.coverage, c.feedback, score
    )


def sigmoid(x: float) -> float:
    """Return the logistic function of x."""
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, x))))
