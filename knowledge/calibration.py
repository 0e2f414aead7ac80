"""Calibrate a base on itself when it is built: confidences that mean the same anywhere.

Its sections' headings are asked as questions, once with the heading taken out of its
page (the page should come first) and once with the whole page taken out (silence is
right), with questions no hosting base answers. A logistic model of "the hits shown hold
the right page" is fitted on each question's best hit, and the threshold is the lowest
confidence that keeps TARGET_SILENCE of the unanswerable questions silent."""

from contextlib import contextmanager
from typing import NamedTuple

import numpy as np

from knowledge.confidence import Calibration, Fitted, signals
from knowledge.pseudo import PER_PAGE, Pseudo, off_topic, sample
from knowledge.search import best_candidates, read_question
from knowledge.tradeoff import ANSWERABLE, IN_DOMAIN, OFF_TOPIC, tradeoff

# Fewer answerable pseudo-questions than this: the base keeps the default calibration.
MIN_QUESTIONS = 20
# Answerable pseudo-questions asked at most (they cost a search each, and re-encoding
# the sections whose heading is taken out).
SAMPLE = 240
# Pages taken out whole, for in-domain questions that have no answer left.
UNANSWERABLE_PAGES = 40
# Share of unanswerable questions that must stay silent at the chosen threshold; kept at
# 0.9 by CV over both dev sets (bench/RESULTS.md, "Knowledge: quality").
TARGET_SILENCE = 0.9
THRESHOLDS = np.round(np.arange(0.05, 0.96, 0.01), 2)
# What the model learns: "hit" (this hit is the expected page, on every hit shown) or
# "question" (the hits shown hold an expected page, on each question's best hit). Chosen
# with TARGET_SILENCE by CV over both dev sets.
LABEL = "question"
LABELS = ("hit", "question")


class Observed(NamedTuple):
    """What the engine answered to one pseudo-question."""

    rows: list  # each hit's signals (knowledge.confidence.signals)
    labels: list[float]  # 1.0 for a hit that is the expected entry
    expected: str | None  # the entry that answers it (None: unanswerable)
    kind: str  # knowledge.tradeoff: answerable, in_domain or off_topic


def calibrate(index, documents) -> Fitted | None:
    """Fit the confidence and threshold of a built index on its own documents."""
    seen = observe(index, documents)
    return None if seen is None else fit(seen, index.semantic)


def observe(index, documents) -> list | None:
    """Ask the base its pseudo-questions; return what it answered (None: too few)."""
    pseudo = sample(list(documents), SAMPLE, index.anchor_style)
    if len(pseudo) < MIN_QUESTIONS:
        return None
    originals = {d.id: d for d in documents}
    seen = []
    for round_ in _rounds(pseudo):
        with _swapped(index, [p.held_out for p in round_], originals):
            seen += [_observe(index, p.question, p.entry_id, ANSWERABLE) for p in round_]
    pages = list(dict.fromkeys(p.entry_id for p in pseudo))[:UNANSWERABLE_PAGES]
    with _swapped(index, [], originals, removed=pages):
        asked = [p.question for p in pseudo if p.entry_id in pages]
        seen += [_observe(index, q, None, IN_DOMAIN) for q in asked]
    seen += [_observe(index, q, None, OFF_TOPIC) for q in off_topic()]
    return seen


def _rounds(pseudo: list[Pseudo]) -> list[list[Pseudo]]:
    """Split pseudo-questions so that a page is held out for one question at a time."""
    rounds: list[list[Pseudo]] = [[] for _ in range(PER_PAGE)]
    for p in pseudo:
        taken = next(r for r in rounds if all(q.entry_id != p.entry_id for q in r))
        taken.append(p)
    return [r for r in rounds if r]


@contextmanager
def _swapped(index, held_out, originals, removed=()):
    """Replace some entries (or remove some) for the duration of the block."""
    index.add(held_out)
    index.remove(removed)
    try:
        yield
    finally:
        index.add([originals[d.id] for d in held_out] + [originals[i] for i in removed])


def _observe(index, text: str, expected: str | None, kind: str) -> Observed:
    """Return the signals of the top hits for a question and each hit's label."""
    best, runner_up = best_candidates(index, read_question(index, text, ""), {})
    ids = [index.entries[c.slot].document.id for c in best]
    return Observed(signals(best, runner_up), [float(i == expected) for i in ids], expected, kind)


def fit(seen, semantic: bool, target_silence: float | None = None, label=LABEL) -> Fitted:
    """Fit the model, then choose the threshold on each question's best hit."""
    model = fit_logistic(*_examples(seen, label))
    best = np.array([max((model.probability(*r) for r in s.rows), default=0.0) for s in seen])
    right = np.array([bool(s.labels) and s.labels[0] == 1.0 for s in seen])
    any_right = np.array([1.0 in s.labels for s in seen])
    kinds = np.array([s.kind for s in seen])
    answerable = kinds == ANSWERABLE
    target = TARGET_SILENCE if target_silence is None else target_silence
    threshold = _threshold(best, answerable, target)
    suggested = best >= threshold
    precision = float(right[suggested].mean()) if suggested.any() else 1.0
    silence = float((~suggested[~answerable]).mean())
    counts = int(answerable.sum()), int((~answerable).sum())
    curve = tradeoff(best, right, any_right, kinds, threshold)
    return Fitted(model, threshold, precision, silence, *counts, semantic, curve)


def _examples(seen: list[Observed], label: str) -> tuple[np.ndarray, np.ndarray]:
    """Return the signals and labels the model learns from."""
    if label == "question":
        shown = [s for s in seen if s.rows]
        return np.array([s.rows[0] for s in shown]), np.array(
            [float(1.0 in s.labels) for s in shown]
        )
    x = np.array([row for s in seen for row in s.rows])
    return x, np.array([y for s in seen for y in s.labels])


def _threshold(best: np.ndarray, answerable: np.ndarray, target: float) -> float:
    """Return the lowest threshold that keeps `target` of unanswerable ones silent."""
    for t in THRESHOLDS:
        if (best[~answerable] < t).mean() >= target:
            return float(t)
    return float(THRESHOLDS[-1])


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
