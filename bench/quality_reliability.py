"""Does a confidence mean the same on every base? Reliability of the shipped confidences.

Part of bench/quality.py. Each dev base fits its model on its own headings; the model's
probability is then relabelled to members' questions' scale (knowledge/relabel.py), with
a slope and shift fitted on the dev sets' questions: this checks that fit by 5-fold CV
over all dev sets.
"""

import math
import statistics

import numpy as np
import quality_cv as cv

from knowledge.calibration import fit_logistic
from knowledge.metrics import first_rank, reliability
from knowledge.ranking import sigmoid
from knowledge.relabel import RELABEL_SHIFT, RELABEL_SLOPE


def _logit(p: float) -> float:
    """Return the log-odds of p, kept finite."""
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def unrelabelled(p: float) -> float:
    """Return the base model's own probability behind a shown confidence."""
    return sigmoid((_logit(p) - RELABEL_SHIFT) / RELABEL_SLOPE)


def section(shipped: dict[str, list]) -> list[str]:
    """Return the reliability table and the relabelling's CV, for (question, outcome) pairs."""
    tables = {name: reliability(pairs) for name, pairs in shipped.items()}
    names = list(tables)
    lines = [
        "",
        "### Does a confidence mean the same on every base?",
        "",
        "Shipped defaults, every dev question with a hit, by its best confidence: how many,"
        " their mean confidence, and the share whose hits shown hold an expected entry (what"
        " the confidence predicts; `none` questions are never right). Each base fitted its"
        " model on its own headings, never on these questions; the relabelling"
        f" (knowledge/relabel.py, slope {RELABEL_SLOPE}, shift {RELABEL_SHIFT}) was fitted"
        " on the three dev sets' questions (its CV below)."
        " Calibration error: the bins' gap between confidence and share right, weighted by"
        " their size.",
        "",
        "| confidence | " + " | ".join(f"{n}: n / mean / right" for n in names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for i, first in enumerate(tables[names[0]][0]):
        cells = [_bin_cell(tables[n][0][i]) for n in names]
        lines.append(f"| {first.low:.1f} to {first.high:.1f} | " + " | ".join(cells) + " |")
    lines.append("| calibration error | " + " | ".join(cv.cell(tables[n][1]) for n in names) + " |")
    return lines + relabel_cv(shipped)


def relabel_cv(shipped: dict[str, list]) -> list[str]:
    """Return the CV of the relabelling: error without it, shipped, and refit per fold."""
    rows = [(n, q, o) for n, pairs in shipped.items() for q, o in pairs if o.ids]
    raw = np.array([_logit(unrelabelled(o.best_score)) for _, _, o in rows])
    right = np.array([float(first_rank(q["expected"], o.ids) is not None) for _, q, o in rows])
    errors = {n: {"none": [], "shipped": [], "refit": []} for n in shipped}
    for test in cv.stratified_folds([f"{n}/{q['kind']}" for n, q, _ in rows]):
        train = np.setdiff1d(np.arange(len(rows)), test)
        fitted = _fit(raw[train], right[train])
        for name in shipped:
            mine = [i for i in test if rows[i][0] == name]
            errors[name]["none"].append(_error(rows, mine, lambda i: sigmoid(raw[i])))
            errors[name]["shipped"].append(_error(rows, mine, lambda i: rows[i][2].best_score))
            errors[name]["refit"].append(_error(rows, mine, lambda i, f=fitted: f(raw[i])))
    slope, shift = _fit(raw, right, parameters=True)
    lines = [
        "",
        f"Relabelling, {cv.FOLDS}-fold CV over all sets' questions (stratified by set and"
        f" kind, seed {cv.SEED}), calibration error on test folds (mean ± sd):",
        "",
        "| set | the base's own model | shipped relabelling | refit on training folds |",
        "|---|---|---|---|",
    ]
    for name, by in errors.items():
        cells = [_spread(by[k]) for k in ("none", "shipped", "refit")]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", f"Refit on all dev questions: slope {slope:.2f}, shift {shift:.2f}."]
    return lines


def _fit(logits: np.ndarray, right: np.ndarray, parameters: bool = False):
    """Fit sigmoid(slope * logit + shift) to the labels."""
    x = np.column_stack([logits, np.zeros((len(logits), 2))])
    model = fit_logistic(x, right)
    if parameters:
        return model.score, model.bias
    return lambda logit: sigmoid(model.score * logit + model.bias)


def _error(rows, positions, confidence) -> float | None:
    """Return the calibration error of some rows under a confidence function."""
    pairs = [(rows[i][1], rows[i][2]._replace(best_score=confidence(i))) for i in positions]
    return reliability(pairs)[1]


def _spread(values: list) -> str:
    """Format a mean ± sd."""
    values = [v for v in values if v is not None]
    return f"{statistics.mean(values):.3f} ± {statistics.stdev(values):.3f}"


def _bin_cell(b) -> str:
    """Format one bin of the reliability table."""
    return f"{b.n} / {cv.cell(b.confidence)} / {cv.cell(b.right)}" if b.n else "0"
