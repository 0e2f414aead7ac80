"""What other thresholds would give on a base's pseudo-questions, so a coop can choose (pure).

The calibrated threshold keeps most unanswerable questions silent, counting questions of
the base's own domain whose page is gone. Where a base's pages overlap, those look like
answerable ones, and a coop whose members rarely ask what the base does not cover may
prefer a lower threshold: `coopbot kb stats` shows what each one would give."""

from dataclasses import dataclass

import numpy as np

# Thresholds shown besides the calibrated one.
SHOWN = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
ANSWERABLE, IN_DOMAIN, OFF_TOPIC = "answerable", "in_domain", "off_topic"


@dataclass(frozen=True)
class Point:
    """What the base's pseudo-questions get at one threshold."""

    threshold: float
    useful: float  # answerable ones suggested with a right entry among those shown
    # The mean confidence of the answerable ones suggested: the share whose hits shown hold
    # the answer, as the calibrated confidences predict it. Counting the first entry right
    # among all pseudo-questions suggested read 0.25 to 0.39 on the dev bases, whose
    # members' questions suggested there held the answer 82 % to 98 % of the time; this
    # reads 0.79 to 0.88.
    precision: float
    silent_in_domain: float  # questions of a page taken out, left silent
    silent_off_topic: float  # the shipped off-topic questions, left silent


def _share(flags: np.ndarray) -> float:
    """Return the share of true flags (1.0 for none: nothing went wrong)."""
    return float(flags.mean()) if len(flags) else 1.0


def point(best, any_right, kinds, threshold: float) -> Point:
    """Return the outcomes at one threshold; arrays are per pseudo-question."""
    shown = best >= threshold
    answerable = kinds == ANSWERABLE
    suggested = best[shown & answerable]
    return Point(
        round(float(threshold), 2),
        _share((shown & any_right)[answerable]),
        float(suggested.mean()) if len(suggested) else 1.0,
        _share(~shown[kinds == IN_DOMAIN]),
        _share(~shown[kinds == OFF_TOPIC]),
    )


def tradeoff(best, any_right, kinds, chosen: float) -> tuple[Point, ...]:
    """Return the outcomes at the shown thresholds and at the chosen one, in order.

    best: each pseudo-question's best confidence, on the scale members' questions see."""
    arrays = [np.asarray(a) for a in (best, any_right, kinds)]
    # The chosen one is taken as it is (it need not be on a 0.01 grid); a shown level
    # that would read the same gives way to it.
    levels = sorted({*(s for s in SHOWN if s != round(float(chosen), 2)), float(chosen)})
    return tuple(point(*arrays, t) for t in levels)


def at(curve: tuple[Point, ...], threshold: float) -> Point:
    """Return the point of a curve at a threshold it holds (tradeoff puts the chosen one)."""
    return next(p for p in curve if p.threshold == round(float(threshold), 2))
