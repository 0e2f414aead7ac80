"""Cross-validate the default calibration of bases too small to calibrate themselves.

Usage: python bench/fallback_cv.py [--no-write]
A base with fewer usable headings than knowledge.asking.MIN_QUESTIONS (a base of solved
threads, say) uses knowledge.confidence.WITH_ENCODER / LEXICAL_ONLY and their thresholds.
The dev sets are built uncalibrated, with and without the encoder; the model (what
knowledge.calibration.LABEL says it learns) and its threshold (the lowest keeping
cv.SILENCE_FLOOR of the training `none` questions silent) are fitted on training folds and
measured on test folds, beside the shipped defaults on the same folds. Results go to
bench/RESULTS.md, section "Knowledge: default calibration"."""

import argparse
import statistics
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import quality as q  # noqa: E402
import quality_cv as cv  # noqa: E402

from knowledge import KnowledgeBase, load_markdown_folder  # noqa: E402
from knowledge.asking import Observed  # noqa: E402
from knowledge.calibration import best_confidences, fit, silent_threshold  # noqa: E402
from knowledge.confidence import calibration, default_threshold, signals  # noqa: E402
from knowledge.evaluate import load_questions  # noqa: E402
from knowledge.search import best_candidates, read_question  # noqa: E402
from knowledge.tradeoff import ANSWERABLE, IN_DOMAIN  # noqa: E402

SECTION = "## Knowledge: default calibration"
WAYS = ("shipped", "refit", "shipped model, threshold by CV")


def observations(kb_dir, questions_path, semantic: bool, cache: dict) -> list[tuple]:
    """Ask an uncalibrated base its dev questions: what it answered, and the question's kind."""
    kb = KnowledgeBase.build(
        load_markdown_folder(kb_dir), semantic=semantic, calibrate=False, embedding_cache=cache
    )
    out = []
    for question in load_questions(questions_path):
        read = read_question(kb.index, question["title"], question.get("body", ""))
        best, runner_up = best_candidates(kb.index, read, {})
        ids = [kb.index.entries[c.slot].document.id for c in best]
        expected = set(question["expected"])
        kind = ANSWERABLE if expected else IN_DOMAIN
        labels = [float(i in expected) for i in ids]
        out.append((Observed(signals(best, runner_up), labels, None, kind), question["kind"]))
    return out


def shipped(seen: list, semantic: bool) -> tuple:
    """Return the shipped default model's best confidences and threshold."""
    return best_confidences(calibration(semantic), seen), default_threshold(semantic)


def threshold_for(seen: list, best: np.ndarray) -> float:
    """Return the lowest threshold keeping cv.SILENCE_FLOOR of these `none` questions silent."""
    answerable = np.array([s.kind == ANSWERABLE for s in seen])
    return silent_threshold(best, answerable, cv.SILENCE_FLOOR)


def fitted(train: list, test: list) -> tuple:
    """Fit the model as a base calibrates itself, and its threshold on the `none` questions.

    The threshold is the lowest keeping cv.SILENCE_FLOOR of the training `none` questions
    silent: members' questions, not headings, so the issue's silence with a margin."""
    model = fit(train, semantic=True).model
    threshold = threshold_for(train, best_confidences(model, train))
    return best_confidences(model, test), threshold, model


def rates(seen: list, best: np.ndarray, threshold: float) -> tuple[float, float]:
    """Return (useful rate, silence rate) of a decision."""
    shown = best >= threshold
    answerable = np.array([s.kind == ANSWERABLE for s in seen])
    useful = np.array([1.0 in s.labels for s in seen])
    return float((shown & useful)[answerable].mean()), float((~shown[~answerable]).mean())


def cross_validate(sets: dict[str, list[tuple]], semantic: bool) -> dict:
    """Return per-set test-fold rates of the shipped defaults and of a refit, per fold."""
    where = [(name, j) for name, seen in sets.items() for j in range(len(seen))]
    strata = [f"{name}/{sets[name][j][1]}" for name, j in where]
    out = {(name, way): [] for name in sets for way in WAYS}
    for test in cv.stratified_folds(strata):
        held = set(test.tolist())
        train = [sets[n][j][0] for i, (n, j) in enumerate(where) if i not in held]
        for name in sets:
            tested = [sets[n][j][0] for i, (n, j) in enumerate(where) if i in held and n == name]
            best, threshold, _ = fitted(train, tested)
            out[name, "refit"].append(rates(tested, best, threshold))
            out[name, "shipped"].append(rates(tested, *shipped(tested, semantic)))
            threshold = threshold_for(train, shipped(train, semantic)[0])
            out[name, "shipped model, threshold by CV"].append(
                rates(tested, shipped(tested, semantic)[0], threshold)
            )
    return out


def _cell(pairs: list[tuple[float, float]], i: int) -> str:
    """Return mean ± sd of one rate over folds."""
    values = [p[i] for p in pairs]
    return f"{statistics.mean(values):.3f} ± {statistics.pstdev(values):.3f}"


def report(results: dict, refits: dict) -> list[str]:
    """Return the Markdown section."""
    lines = [
        SECTION,
        "",
        "`python bench/fallback_cv.py`: bases too small to calibrate themselves use a default"
        " model and threshold. The dev sets built uncalibrated; 5-fold CV over their pooled"
        f" questions (stratified by set and kind, seed {cv.SEED}); the refit learns what"
        " knowledge.calibration.LABEL says, on each question's best hit, with the lowest"
        f" threshold keeping {cv.SILENCE_FLOOR} of the training `none` questions silent; the"
        " third way keeps the shipped model and chooses its threshold alone on the training"
        f" folds (the lowest keeping {cv.SILENCE_FLOOR} of their `none` questions silent).",
        "",
        "| encoder | set | default | useful (test folds) | silence (test folds) |",
        "|---|---|---|---|---|",
    ]
    for (semantic, name, way), pairs in results.items():
        mode = "with" if semantic else "without"
        lines.append(f"| {mode} | {name} | {way} | {_cell(pairs, 0)} | {_cell(pairs, 1)} |")
    lines += ["", "Refit on all dev questions:", ""]
    for semantic, (model, threshold, own) in refits.items():
        mode = "with" if semantic else "without"
        lines.append(
            f"- {mode} the encoder: {model}, threshold {threshold:.2f};"
            f" the shipped model's threshold chosen the same way: {own:.2f}"
        )
    return lines


def main(argv=None) -> int:
    """Measure, print, and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    cache: dict = {}
    results, refits = {}, {}
    for semantic in (True, False):
        sets = {
            "shared": observations(q.EVAL / "kb", q.EVAL / "questions_dev.jsonl", semantic, cache),
            "docs": observations(q.DOCS / "kb", q.DOCS / "questions.jsonl", semantic, cache),
            "handbook": observations(
                q.HANDBOOK / "kb", q.HANDBOOK / "questions.jsonl", semantic, cache
            ),
        }
        for (name, way), pairs in cross_validate(sets, semantic).items():
            results[semantic, name, way] = pairs
        everything = [observed for seen in sets.values() for observed, _ in seen]
        _, threshold, model = fitted(everything, everything)
        own = threshold_for(everything, shipped(everything, semantic)[0])
        refits[semantic] = (model, threshold, own)
    q.publish(report(results, refits), write=not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
