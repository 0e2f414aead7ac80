"""Pure ranking rules: combine the signals of a candidate, calibrate a confidence."""

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

# Enough to show three hits after near-duplicates and withheld entries are set aside.
RANKED_KEPT = 16


@dataclass(frozen=True)
class Weights:
    """Weights of the combined score, chosen by cross-validation (bench/quality.py).

    BM25 is divided by the question's best score, so it lies in [0, 1]; the semantic score
    is a raw cosine, comparable across questions; `passage_*` are the same two signals for
    the entry's best section (an entry of one section is its own passage); title is the
    share of the question's title terms that the entry contains; service is 1 when the
    question names the entry's service.

    Chosen on the pooled dev questions of the three dev bases, on a plateau and inside the
    grid on every axis, with the title field's boost at 0 (knowledge.lexical); 5-fold
    cross-validation measures the choice (the folds' points lie around it, semantic 1 to
    3): bench/RESULTS.md, "Knowledge: quality"."""

    lexical: float = 1.0
    semantic: float = 1.5
    title: float = 0.6
    service: float = 0.1
    passage_lexical: float = 1.0
    passage_semantic: float = 2.0


DEFAULT_WEIGHTS = Weights()


class Candidate(NamedTuple):
    """The signals of one entry for one question; `passage` is its best section (-1: none).

    A search gathers its candidates as one Candidate of arrays, a field's values for every
    candidate in one array, and makes tuples of the ranked ones it keeps: a
    named tuple, as a frozen dataclass takes ten times longer to build."""

    slot: int
    lexical: float = 0.0
    bm25: float = 0.0
    semantic: float = 0.0
    title: float = 0.0
    service: float = 0.0
    coverage: float = 0.0
    feedback: float = 0.0
    passage_lexical: float = 0.0
    passage_semantic: float = 0.0
    passage: int = -1
    score: float = 0.0


def column_scores(c: Candidate, semantic_on: bool, w: Weights = DEFAULT_WEIGHTS) -> np.ndarray:
    """Return the ranking score of each candidate of a Candidate of arrays."""
    # A boost is worth a share of a perfect lexical match (the best BM25, in the entry and
    # its best section, and every word of the question), whatever the weights' scale.
    boost = w.lexical + w.passage_lexical + w.title
    # Added left to right, term by term, as a Python sum of floats: the same bits.
    scores = w.lexical * c.lexical + w.passage_lexical * c.passage_lexical
    if semantic_on:
        scores = scores + (w.semantic * c.semantic + w.passage_semantic * c.passage_semantic)
    else:
        scores = scores + 0.0  # as before: a zero's sign comes out as a Python sum's
    return scores + w.title * c.title + w.service * c.service + c.feedback * boost


def rank_columns(
    c: Candidate, semantic_on: bool, weights: Weights = DEFAULT_WEIGHTS
) -> list[Candidate]:
    """Score a Candidate of arrays and return its best RANKED_KEPT candidates, best first."""
    scores = column_scores(c, semantic_on, weights)
    # Ties to the lower slot (slots are distinct); only the kept become tuples.
    order = np.lexsort((c.slot, -scores))[:RANKED_KEPT]
    fields = [values.take(order).tolist() for values in (*c[:-1], scores)]
    # One tuple each, its length known right: quicker than Candidate's constructor or _make.
    return [tuple.__new__(Candidate, row) for row in zip(*fields, strict=True)]


def sigmoid(x: float) -> float:
    """Return the logistic function of x."""
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, x))))
