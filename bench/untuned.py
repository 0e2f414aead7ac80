"""Answer quality on a documentation nothing was tuned on: the shipped engine and the baselines.

Usage: python bench/untuned.py [--no-write] [--pg URL] [--set DIR]
The set is bench/reference_kb (the French Debian Reference: long pages, questions from their
own headings, off-topic member questions). No weight, boost, threshold or list of the
engine was chosen on it, and bench/quality.py leaves it out: it stands in for a held-out
documentation. Run it after a change, read it, do not tune on it. The engine runs as it
ships (the base calibrating itself when built); the baselines run in the same process.
Results go to bench/RESULTS.md, section "Knowledge: quality on an untuned documentation".
"""

import argparse
import datetime
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import quality  # noqa: E402
import quality_cv as cv  # noqa: E402

from knowledge.evaluate import outcomes_of, score  # noqa: E402
from knowledge.metrics import summarize  # noqa: E402

REFERENCE = ROOT / "bench" / "reference_kb"
SECTION = "## Knowledge: quality on an untuned documentation"
ENGINE = "coopbot, shipped defaults"
STEMMED = "plain BM25, French stemmer, accents folded (bm25s)"
# The targets on a held-out real documentation.
TARGETS = (("hit@3", 0.85), ("mrr", 0.70), ("useful_rate", 0.75), ("silence_rate", 0.90))


def verdicts(results: dict, questions: list[dict], engines: dict) -> list[str]:
    """Say, target by target, whether the engine meets it, and whether it beats stemmed BM25."""
    ours = results[ENGINE]["overall"]
    lines = [
        f"- {metric} {ours[metric]:.3f} (target ≥ {bar}: {_met(ours[metric] >= bar)})"
        for metric, bar in TARGETS
    ]
    headings = [i for i, q in enumerate(questions) if q.get("kind") == "heading"]
    for metric in ("hit@3", "mrr"):
        mine, peer = (
            summarize([(questions[i], engines[name][i]) for i in headings])[metric]
            for name in (ENGINE, STEMMED)
        )
        lines.append(
            f"- heading questions' {metric} {mine:.3f} against stemmed BM25's {peer:.3f}"
            f" (never below: {_met(mine >= peer)})"
        )
    return lines


def _met(ok: bool) -> str:
    """Word a verdict."""
    return "met" if ok else "MISSED"


def main(argv=None) -> int:
    """Measure, print, and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument(
        "--pg", default=quality.PG_URL, help="PostgreSQL for the Discourse baseline"
    )
    parser.add_argument(
        "--set", default=str(REFERENCE), help="a folder holding kb/ and questions.jsonl"
    )
    args = parser.parse_args(argv)
    folder = Path(args.set)
    if not (folder / "kb").is_dir():
        print(f"skipped: {folder / 'kb'} is absent (bench/reference_kb/README.md rebuilds it)")
        return 0
    started = time.perf_counter()
    dev = cv.load_set(folder.name, folder / "kb", folder / "questions.jsonl", {})
    engines = {ENGINE: outcomes_of(dev.kb, dev.questions)} | quality.baseline_outcomes(dev, args.pg)
    results = {name: score(dev.questions, o) for name, o in engines.items()}
    lines = report(dev, results, engines, time.perf_counter() - started)
    quality.publish(lines, write=not args.no_write)
    return 0


def report(dev, results: dict, engines: dict, seconds: float) -> list[str]:
    """Return the Markdown section of the results."""
    fitted = dev.kb.stats().calibration
    threshold = f"{fitted.threshold:.2f}" if fitted else "none (no calibration)"
    lines = [
        SECTION,
        "",
        f"`python bench/untuned.py` on {datetime.date.today().isoformat()}, {seconds:.0f} s:"
        f" {dev.name} ({len(dev.documents)} pages, {len(dev.questions)} questions), a"
        " documentation no choice of the engine was made on (bench/quality.py leaves it out).",
        f"The engine as it ships; the base calibrated itself when built (threshold {threshold}).",
        "",
    ]
    lines += quality.table({name: r["overall"] for name, r in results.items()})
    lines += ["", "By kind, hit@3 / MRR:", ""] + quality.by_kind(results)
    lines += ["", "Against the targets for a held-out documentation:", ""]
    lines += verdicts(results, dev.questions, engines)
    lines += ["", "Worst misses:", ""]
    lines += [
        f"- {m['id']} ({m['kind']}): expected {m['expected']}, got {m['got']}, "
        f"{'suggested' if m['suggested'] else 'silent'} at {m['best_score']}"
        for m in results[ENGINE]["misses"]
    ]
    return lines


if __name__ == "__main__":
    sys.exit(main())
