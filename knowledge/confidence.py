"""Calibrated confidence of a hit, and the threshold under which the engine stays silent."""

from dataclasses import dataclass

from knowledge.ranking import Candidate, sigmoid

# The engine suggests when the best hit's confidence reaches this; below, it stays silent.
# Calibrated on the dev set: see the trade-off table in bench/RESULTS.md.
SUGGEST_THRESHOLD = 0.6
SUGGEST_THRESHOLD_LEXICAL = 0.66


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


# Fitted by logistic regression on the dev set (leave-one-out checked, bench/quality.py):
# the combined score, its gap to the next distinct entry, and the idf-weighted share of
# the question's terms found in the entry. Lexical scores alone spread differently.
WITH_ENCODER = Calibration(score=1.90, gap=0.81, coverage=3.21, bias=-4.38)
LEXICAL_ONLY = Calibration(score=6.04, gap=1.73, coverage=3.94, bias=-7.68)


def calibration(semantic_on: bool) -> Calibration:
    """Return the calibration matching the signals in use."""
    return WITH_ENCODER if semantic_on else LEXICAL_ONLY


def default_threshold(semantic_on: bool) -> float:
    """Return the suggestion threshold matching the signals in use."""
    return SUGGEST_THRESHOLD if semantic_on else SUGGEST_THRESHOLD_LEXICAL


def should_suggest(has_hits: bool, best: float, threshold: float) -> bool:
    """Say whether to suggest: there is a hit and the best confidence reaches the threshold."""
    return has_hits and best >= threshold


def confidences(hits: list[Candidate], runner_up: float, semantic_on: bool) -> list[float]:
    """Return each hit's probability; `runner_up` is the best score after the hits."""
    model = calibration(semantic_on)
    scores = [c.score for c in hits] + [runner_up]
    out = []
    for i, hit in enumerate(hits):
        others = max(s for j, s in enumerate(scores) if j != i)
        out.append(model.probability(hit.score, hit.score - others, hit.coverage))
    return out
