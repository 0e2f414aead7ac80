"""Calibrated confidence of a hit, and the threshold under which the engine stays silent."""

from knowledge.ranking import sigmoid

SUGGEST_THRESHOLD = 0.5


def calibrate(index, question, ranked) -> list[float]:
    """Return the probability that each ranked hit answers the question."""
    return [sigmoid(4.0 * (c.score - 2.0)) for c in ranked]
