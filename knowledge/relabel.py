"""Show a base's own confidences on the scale of members' questions (pure)."""

import math

from knowledge.confidence import Calibration
from knowledge.ranking import sigmoid

# Headings asked alone are harder than members' questions, so a model fitted on them is
# pessimistic (0.5 was right 9 times in 10 on both dev sets): its probability p is shown
# as sigmoid(SLOPE * logit(p) + SHIFT), and the threshold alike, so decisions do not
# change. Fitted on both dev sets' questions with 5-fold CV (bench/RESULTS.md, "Does a
# confidence mean the same on both bases?").
RELABEL_SLOPE, RELABEL_SHIFT = 1.46, 2.13


def relabel(p: float) -> float:
    """Return a probability of the base's model on the scale of members' questions."""
    return sigmoid(RELABEL_SLOPE * math.log(p / (1.0 - p)) + RELABEL_SHIFT)


def relabelled(model: Calibration) -> Calibration:
    """Return the model whose probability is the relabelled one (its logit stays linear)."""
    a, b = RELABEL_SLOPE, RELABEL_SHIFT
    return Calibration(a * model.score, a * model.gap, a * model.coverage, a * model.bias + b)
