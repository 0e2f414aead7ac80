"""Show a base's own confidences on the scale of members' questions (pure)."""

import math

from knowledge.confidence import Calibration
from knowledge.ranking import sigmoid

# Headings asked alone (with their own section taken out) are harder than members'
# questions, so a base's own model is pessimistic: its probability p is shown as
# sigmoid(SLOPE * logit(p) + SHIFT),
# and the threshold alike, so decisions do not change. Fitted on the three dev sets'
# questions, measured by 5-fold CV (bench/RESULTS.md, "Does a confidence mean the same on
# every base?").
RELABEL_SLOPE, RELABEL_SHIFT = 1.48, 2.39


def relabel(p: float) -> float:
    """Return a probability of the base's model on the scale of members' questions."""
    return sigmoid(RELABEL_SLOPE * math.log(p / (1.0 - p)) + RELABEL_SHIFT)


def relabelled(model: Calibration) -> Calibration:
    """Return the model whose probability is the relabelled one (its logit stays linear)."""
    a, b = RELABEL_SLOPE, RELABEL_SHIFT
    return Calibration(a * model.score, a * model.gap, a * model.coverage, a * model.bias + b)
