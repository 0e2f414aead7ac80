"""Calibrate a base on itself when it is built: confidences that mean the same anywhere.

Its sections' headings are asked as questions, once with the heading taken out of its
page (the page should come first) and once with the whole page taken out (silence is
right), with questions no hosting base answers. A logistic model of "the hits shown hold
the right page" is fitted (LABEL), and the threshold is the lowest confidence that keeps
TARGET_SILENCE of the unanswerable questions silent, capped at OFF_TOPIC_MARGIN times the
best confidence an off-topic question gets."""

import math

import numpy as np

from knowledge.asking import Observed, observe
from knowledge.confidence import Calibration, Fitted
from knowledge.relabel import relabel, relabelled
from knowledge.tradeoff import ANSWERABLE, OFF_TOPIC, at, tradeoff

# Share of unanswerable pseudo-questions that must stay silent at the chosen threshold;
# chosen on all three dev sets (bench/RESULTS.md, "Knowledge: quality") with LABEL,
# OFF_TOPIC_MARGIN and OFF_TOPIC_RANK (the CV's folds: 0.6, once 0.7).
TARGET_SILENCE = 0.6
THRESHOLDS = np.round(np.arange(0.05, 0.96, 0.01), 2)
# What the model learns: "hit" (this hit is the expected page, on every hit shown) or
# "question" (the hits shown hold an expected page, on each question's best hit). Chosen
# with TARGET_SILENCE on the three dev sets ("question" in every fold).
LABEL = "question"
LABELS = ("hit", "question")
# The threshold never exceeds this multiple of the best confidence a shipped off-topic
# question gets (None: no cap). Why: where pages overlap, a page taken out leaves its
# siblings answering its headings, so in-domain pseudo-questions look answerable and lift
# the threshold over many right answers; off-topic questions have no sibling to find.
# Chosen with TARGET_SILENCE on all three dev sets (folds: 1.25 or 1.5).
OFF_TOPIC_MARGIN: float | None = 1.25
# Which off-topic confidence the cap multiplies: 0 the best, 1 the second best... Why not
# always the best: one shipped question that happens to share a base's rare words (a game
# "console" in a Debian handbook, where a console is a terminal) lifted the cap over
# most right answers. Chosen with OFF_TOPIC_MARGIN: 1 on all dev data (folds: 1 or 2).
OFF_TOPIC_RANK = 1


def calibrate(index, documents, salt: str = "") -> Fitted | None:
    """Fit the confidence and threshold of a built index on its own documents.

    salt: draw the pseudo-questions in another stable order (asking.observe)."""
    seen = observe(index, documents, salt)
    return None if seen is None else fit(seen, index.semantic)


def fit(
    seen,
    semantic: bool,
    target_silence: float | None = None,
    label=LABEL,
    margin=OFF_TOPIC_MARGIN,
    rank=OFF_TOPIC_RANK,
) -> Fitted:
    """Fit the model, then choose the threshold on each question's best hit."""
    raw = fit_logistic(*_examples(seen, label))
    best = best_confidences(raw, seen)
    any_right = np.array([1.0 in s.labels for s in seen])
    kinds = np.array([s.kind for s in seen])
    answerable = kinds == ANSWERABLE
    target = TARGET_SILENCE if target_silence is None else target_silence
    off_topic = best[kinds == OFF_TOPIC]
    threshold = capped(silent_threshold(best, answerable, target), off_topic, margin, rank)
    # Relabelled after choosing: the same decisions, shown on members' questions' scale.
    model, threshold = relabelled(raw), relabel(threshold)
    best = best_confidences(model, seen)
    silence = float((best[~answerable] < threshold).mean())
    counts = int(answerable.sum()), int((~answerable).sum())
    curve = tradeoff(best, any_right, kinds, threshold)
    # The precision expected is the curve's at the chosen threshold: one computation.
    precision = at(curve, threshold).precision
    return Fitted(model, threshold, precision, silence, *counts, semantic, curve)


def best_confidences(model: Calibration, seen: list[Observed]) -> np.ndarray:
    """Return each pseudo-question's best confidence (0.0: no hit)."""
    return np.array([max((model.probability(*r) for r in s.rows), default=0.0) for s in seen])


def _examples(seen: list[Observed], label: str) -> tuple[np.ndarray, np.ndarray]:
    """Return the signals and labels the model learns from."""
    if label == "question":
        shown = [s for s in seen if s.rows]
        return np.array([s.rows[0] for s in shown]), np.array(
            [float(1.0 in s.labels) for s in shown]
        )
    x = np.array([row for s in seen for row in s.rows])
    return x, np.array([y for s in seen for y in s.labels])


def silent_threshold(best: np.ndarray, answerable: np.ndarray, target: float) -> float:
    """Return the lowest threshold that keeps `target` of unanswerable ones silent."""
    for t in THRESHOLDS:
        if (best[~answerable] < t).mean() >= target:
            return float(t)
    return float(THRESHOLDS[-1])


def capped(threshold: float, off_topic: np.ndarray, margin: float | None, rank: int = 0) -> float:
    """Return the threshold, lowered to `margin` times the `rank`-th best off-topic confidence.

    rank 0 is the best; a list shorter than rank + 1 uses its lowest."""
    if margin is None or not len(off_topic):
        return threshold
    top = float(np.sort(off_topic)[::-1][min(rank, len(off_topic) - 1)])
    cap = math.ceil(round(margin * top * 100, 6)) / 100
    return min(threshold, max(cap, float(THRESHOLDS[0])))


def fit_logistic(x: np.ndarray, y: np.ndarray, l2=0.01, steps=2000, rate=0.5) -> Calibration:
    """Fit a logistic regression by gradient descent on standardized signals."""
    mean, spread = x.mean(0), x.std(0) + 1e-9
    z = (x - mean) / spread
    w, b = np.zeros(z.shape[1]), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        w -= rate * (z.T @ (p - y) / len(y) + l2 * w)
        b -= rate * (p - y).mean()
    raw = w / spread
    return Calibration(*map(float, raw), bias=float(b - raw @ mean))
