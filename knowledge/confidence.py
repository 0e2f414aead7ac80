"""Calibrated confidence of a hit, and the threshold under which the engine stays silent.

A base calibrates itself when it is built (knowledge.calibration): its own sections'
headings become questions, so that a confidence of 0.8 means about the same precision on
any base. A base too small for that uses the defaults below."""

from dataclasses import dataclass
from typing import NamedTuple

from knowledge.ranking import Candidate, sigmoid

# Defaults for a base too small to calibrate itself (fewer pseudo-questions than
# knowledge.asking.MIN_QUESTIONS): the engine suggests when the best hit's confidence
# reaches the threshold. Each is the lowest keeping 95 % of the three dev sets' `none`
# questions silent under the models below, with the ranking weights chosen on them
# (bench/fallback_cv.py; 0.5 and 0.55 before, which those weights made too lax).
SUGGEST_THRESHOLD = 0.76
SUGGEST_THRESHOLD_LEXICAL = 0.95


@dataclass(frozen=True)
class Calibration:
    """A logistic model of "this hit answers the question" over three signals."""

    score: float
    gap: float
    coverage: float
    bias: float

    def probability(self, score: float, gap: float, coverage: float) -> float:
        """Return the calibrated probability."""
        z = self.score * score + self.gap * gap + self.coverage * coverage + self.bias
        return sigmoid(z)


# The combined score, its gap to the next distinct entry, and the idf-weighted share of
# the question's terms found in the entry; lexical scores alone spread differently.
# Fitted (every shown hit, "is it an expected entry") on the shared dev questions with
# the shipped weights; only bases too small to calibrate themselves use them.
WITH_ENCODER = Calibration(score=1.64, gap=2.07, coverage=2.89, bias=-6.38)
LEXICAL_ONLY = Calibration(score=3.03, gap=2.48, coverage=3.81, bias=-7.00)


@dataclass(frozen=True)
class Fitted:
    """A base's own calibration: the model, its threshold, and what it expects there."""

    model: Calibration
    threshold: float
    precision: float  # expected: the mean confidence of answerable ones suggested (tradeoff)
    silence: float  # share of unanswerable pseudo-questions left silent
    answerable: int  # pseudo-questions from the base's headings
    unanswerable: int  # pseudo-questions with no answer in the base
    semantic: bool = True  # the signals it was fitted on
    tradeoff: tuple = ()  # knowledge.tradeoff.Point at a few thresholds, the chosen one included


def _applies(fitted: Fitted | None, semantic_on: bool) -> bool:
    """Say whether a base's calibration fits the signals of this question."""
    return fitted is not None and fitted.semantic == semantic_on


def calibration(semantic_on: bool, fitted: Fitted | None = None) -> Calibration:
    """Return the calibration matching the signals in use."""
    if _applies(fitted, semantic_on):
        return fitted.model
    return WITH_ENCODER if semantic_on else LEXICAL_ONLY


def default_threshold(semantic_on: bool, fitted: Fitted | None = None) -> float:
    """Return the suggestion threshold matching the signals in use."""
    if _applies(fitted, semantic_on):
        return fitted.threshold
    return SUGGEST_THRESHOLD if semantic_on else SUGGEST_THRESHOLD_LEXICAL


def should_suggest(has_hits: bool, best: float, threshold: float) -> bool:
    """Say whether to suggest: there is a hit and the best confidence reaches the threshold."""
    return has_hits and best >= threshold


def signals(hits: list[Candidate], runner_up: float) -> list[tuple[float, float, float]]:
    """Return each hit's (score, gap to the best other, coverage)."""
    scores = [c.score for c in hits] + [runner_up]
    out = []
    for i, hit in enumerate(hits):
        others = max(s for j, s in enumerate(scores) if j != i)
        out.append((hit.score, hit.score - others, hit.coverage))
    return out


def confidences(
    hits: list[Candidate], runner_up: float, semantic_on: bool, fitted: Fitted | None = None
) -> list[float]:
    """Return each hit's probability; `runner_up` is the best score after the hits."""
    model = calibration(semantic_on, fitted)
    return [model.probability(*s) for s in signals(hits, runner_up)]


class Decision(NamedTuple):
    """How sure each hit is, the best of them, and whether that reaches the threshold."""

    sure: list[float]
    best: float
    suggested: bool


def decide(hits, runner_up: float, semantic_on: bool, fitted: Fitted | None, threshold: float):
    """Return the confidences of ranked hits and whether to suggest them."""
    sure = confidences(hits, runner_up, semantic_on, fitted)
    best = max(sure, default=0.0)
    return Decision(sure, best, should_suggest(bool(hits), best, threshold))
