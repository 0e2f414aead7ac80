"""Answer quality on three dev sets: the engine, cross-validated, against baselines in the same run.

Usage: python bench/quality.py [--no-write] [--pg URL] [--folds 5]
Dev sets: ../shared/eval (60 short articles written for the evaluation), bench/docs_kb
(a web host's French help centre, pages of several sections) and bench/handbook_kb (the
French Debian Administrator's Handbook, long server-administration pages). Tuned choices
(ranking weights, the title field's boost, calibration.TARGET_SILENCE) are
cross-validated, on the pooled sets, within each set and across sets: see
bench/quality_cv.py. Baselines: bench/quality_baselines.py. Results go to
bench/RESULTS.md, section "Knowledge: quality".
"""

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import quality_baselines as baselines  # noqa: E402
import quality_cv as cv  # noqa: E402
import quality_reliability  # noqa: E402

from knowledge.calibration import (  # noqa: E402
    LABEL,
    OFF_TOPIC_MARGIN,
    OFF_TOPIC_RANK,
    TARGET_SILENCE,
)
from knowledge.evaluate import score  # noqa: E402
from knowledge.lexical import FIELD_BOOSTS  # noqa: E402
from knowledge.metrics import METRICS  # noqa: E402
from knowledge.ranking import Weights  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
DOCS = ROOT / "bench" / "docs_kb"
HANDBOOK = ROOT / "bench" / "handbook_kb"
RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## Knowledge: quality"
PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
SHIPPED = "coopbot, shipped defaults"
CV_METRICS = ("hit@1", "hit@3", "mrr", "silence_rate", "useful_rate", "english_hit@3")


def load_sets() -> list[cv.DevSet]:
    """Build the dev sets' bases once, sharing one embedding cache."""
    cache: dict = {}
    sets = [cv.load_set("shared", EVAL / "kb", EVAL / "questions_dev.jsonl", cache)]
    for name, folder in (("docs", DOCS), ("handbook", HANDBOOK)):
        if (folder / "kb").is_dir():
            sets.append(cv.load_set(name, folder / "kb", folder / "questions.jsonl", cache))
    return sets


def baseline_outcomes(dev: cv.DevSet, pg: str) -> dict:
    """Return each baseline's outcomes on a dev set."""
    docs, qs = dev.documents, dev.questions
    engines = {
        "plain BM25, no stemming (bm25s)": baselines.bm25_outcomes(docs, qs),
        "plain BM25, French stemmer, accents folded (bm25s)": baselines.bm25_outcomes(
            docs, qs, stemmed=True
        ),
        "tantivy French (BM25, title + body)": baselines.tantivy_outcomes(docs, qs),
    }
    hybrid = baselines.hybrid_outcomes(docs, qs, [q.vector for q in dev.read])
    if hybrid is not None:
        engines["hybrid: 0.2 x tantivy French / best + 0.8 x USE cosine"] = hybrid
    try:
        engines["Discourse similar topics (PostgreSQL)"] = baselines.discourse_outcomes(
            docs, qs, pg, baselines.DISCOURSE_SIMILARITY
        )
        engines["Discourse, ts_rank order without the trigram filter"] = (
            baselines.discourse_outcomes(docs, qs, pg, -1.0)
        )
    except Exception as error:  # the baseline is optional; say why it is missing
        print(f"Discourse baseline skipped on {dev.name}: {error}")
    return engines


def main(argv=None) -> int:
    """Measure, print, and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--pg", default=PG_URL, help="PostgreSQL URL for the Discourse baseline")
    parser.add_argument("--folds", type=int, default=cv.FOLDS, help="folds of the CV")
    args = parser.parse_args(argv)
    if not (EVAL / "kb").is_dir():
        print(f"skipped: {EVAL} is absent (evaluation data lives beside the project)")
        return 0
    cv.FOLDS = args.folds
    started = time.perf_counter()
    sets = load_sets()
    if not sets[0].kb.semantic:
        print("skipped: the sentence encoder is unavailable; the tuned figures need it")
        return 0
    grid, calibrated = cv.Grid(), cv.Calibrated()
    rr = {s.name: cv.reciprocal_ranks(s, grid) for s in sets}
    everything = {s.name: list(range(len(s.questions))) for s in sets}
    chosen = cv.tune(sets, rr, grid, calibrated, everything)
    print("chosen on all dev data:", chosen[0].describe(chosen[1]))
    runs = {"all sets": cv.cross_validate(sets, rr, grid, calibrated)}
    for s in sets if len(sets) > 1 else []:
        runs[f"{s.name} only"] = cv.cross_validate([s], rr, grid, calibrated)
    cross = cross_set(sets, rr, grid, calibrated)
    engines = {s.name: ours(s, calibrated, chosen) | baseline_outcomes(s, args.pg) for s in sets}
    results = {
        name: {e: score(s.questions, o) for e, o in engines[name].items()}
        for name, s in ((s.name, s) for s in sets)
    }
    shipped = {s.name: list(zip(s.questions, engines[s.name][SHIPPED], strict=True)) for s in sets}
    seconds = time.perf_counter() - started
    lines = report(sets, grid, chosen, runs, cross, calibrated, results, seconds, rr)
    lines += quality_reliability.section(shipped)
    publish(lines, write=not args.no_write)
    return 0


def shipped_setting() -> tuple[cv.Setting, tuple]:
    """Return the setting and calibration target the code ships."""
    setting = cv.Setting(Weights(), FIELD_BOOSTS["title"])
    return setting, (LABEL, TARGET_SILENCE, OFF_TOPIC_MARGIN, OFF_TOPIC_RANK)


def ours(dev: cv.DevSet, calibrated: cv.Calibrated, chosen) -> dict:
    """Return the engine's outcomes: chosen setting, shipped defaults, pre-tuning defaults."""
    reference = cv.Setting(
        Weights(**{k: v for k, v in cv.REFERENCE.items() if k != "boost"}), cv.REFERENCE["boost"]
    )
    return {
        "coopbot, chosen setting (dev figures)": calibrated.outcomes(dev, *chosen),
        SHIPPED: calibrated.outcomes(dev, *shipped_setting()),
        "coopbot, defaults before tuning": calibrated.outcomes(dev, reference, cv.REFERENCE_TARGET),
    }


def cross_set(sets, rr, grid, calibrated) -> list[tuple[str, str, dict, str]]:
    """Tune on all of one set and measure on each other; then on all sets but one, on that one.

    Leaving one set out is the dev sets' closest copy of a held-out documentation."""
    groups = [[s] for s in sets]
    if len(sets) > 2:
        groups += [[s for s in sets if s is not left] for left in sets]
    out = []
    for group in groups:
        train = {s.name: range(len(s.questions)) for s in group}
        setting, target = cv.tune(group, rr, grid, calibrated, train)
        tuned_on = " + ".join(s.name for s in group)
        for other in sets:
            if other not in group:
                metrics = cv.measure(other, calibrated, setting, target)
                out.append((tuned_on, other.name, metrics, setting.describe(target)))
    return out


def _spread(folds: list[dict], metric: str) -> str:
    """Return the mean ± standard deviation of a metric over folds."""
    values = [f[metric] for f in folds if f[metric] is not None]
    if not values:
        return "-"
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{statistics.mean(values):.3f} ± {sd:.3f}"


def table(rows: dict[str, dict]) -> list[str]:
    """Return a Markdown table of metrics, one row per engine."""
    head = ["engine", *METRICS, "n"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, m in rows.items():
        lines.append(f"| {name} | " + " | ".join(cv.cell(m[k]) for k in METRICS) + f" | {m['n']} |")
    return lines


def by_kind(results: dict[str, dict]) -> list[str]:
    """Return hit@3 / MRR per kind for every engine (silence for `none`)."""
    kinds = list(next(iter(results.values()))["by_kind"])
    lines = ["| engine | " + " | ".join(kinds) + " |", "|" + "---|" * (len(kinds) + 1)]
    for name, result in results.items():
        cells = []
        for k in kinds:
            m = result["by_kind"][k]
            cells.append(
                f"silence {cv.cell(m['silence_rate'])}"
                if m["hit@3"] is None
                else f"{cv.cell(m['hit@3'])} / {cv.cell(m['mrr'])}"
            )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def cv_table(runs, cross, sets, calibrated, chosen) -> list[str]:
    """Return the CV figures (mean ± sd over folds), cross-set and dev figures."""
    head = ["tuned on", "measured on", *CV_METRICS]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for scope, (per_set, _) in runs.items():
        for name, folds in per_set.items():
            cells = [_spread(folds, m) for m in CV_METRICS]
            lines.append(
                f"| {scope}, {cv.FOLDS}-fold CV | {name} (test folds) | " + " | ".join(cells) + " |"
            )
    for tuned_on, measured_on, metrics, _ in cross:
        cells = [cv.cell(metrics[m]) for m in CV_METRICS]
        lines.append(
            f"| all of {tuned_on} | {measured_on} (cross-set) | " + " | ".join(cells) + " |"
        )
    for s in sets:
        metrics = cv.measure(s, calibrated, *chosen)
        cells = [cv.cell(metrics[m]) for m in CV_METRICS]
        lines.append(f"| all of all sets | {s.name} (dev figures) | " + " | ".join(cells) + " |")
    return lines


def plateau(grid, rr, sets, setting) -> str:
    """Say how the chosen point's all-data MRR compares with its grid neighbours'."""
    matrix, columns = cv._stacked(sets, rr, {s.name: range(len(s.questions)) for s in sets})
    mrr = matrix[:, columns].mean(1)
    point = grid.points.index(setting)
    around = mrr[grid.neighbours[point][1:]]
    return (
        f"Plateau check (pooled MRR on all dev data): chosen {mrr[point]:.3f}, its"
        f" {len(around)} one-step neighbours {around.mean():.3f} on average (lowest"
        f" {around.min():.3f}); the grid's best {mrr.max():.3f}, the defaults before tuning"
        f" {mrr[int(grid.distance.argmin())]:.3f}."
    )


def calibration_labels() -> str:
    """Name the calibration's labels tried."""
    return " or ".join(f"'{label}'" for label in dict.fromkeys(t[0] for t in cv.TARGETS))


def report(sets, grid, chosen, runs, cross, calibrated, results, seconds, rr) -> list[str]:
    """Return the Markdown section of the results."""
    today = datetime.date.today().isoformat()
    described = ", ".join(
        f"{s.name} ({len(s.documents)} pages, {len(s.questions)} questions)" for s in sets
    )
    lines = [
        SECTION,
        "",
        f"`python bench/quality.py` on {today}, {seconds:.0f} s. Dev sets: {described};"
        " `shared` is ../shared/eval (short articles written for the evaluation), `docs` is"
        " bench/docs_kb (alwaysdata's French help centre, questions from its own headings),"
        " `handbook` is bench/handbook_kb (the French Debian Administrator's Handbook: long"
        " server-administration pages, questions from their headings).",
        "Held-out sets decide acceptance; nothing here was tuned on them.",
        "",
        "### What is tuned, and how",
        "",
        f"Tuned together on a grid of {len(grid)} points: the ranking weights"
        f" ({', '.join(f'{k} {v}' for k, v in cv.GRID.items())}; lexical is the unit, ranking"
        f" ignores scale), the title field's boost in both lexical indexes {cv.BOOSTS}, and"
        f" calibration.TARGET_SILENCE {sorted({t[1] for t in cv.TARGETS})} with"
        f" calibration.LABEL {calibration_labels()} and calibration.OFF_TOPIC_MARGIN"
        f" {list(cv.MARGINS)} (None: no cap) times the off-topic confidence of rank"
        f" calibration.OFF_TOPIC_RANK {list(cv.RANKS)} (0: the best). Each base is built"
        " once; each question's"
        " candidates are gathered once per boost and re-ranked for every point. A point is"
        " chosen on the training questions' MRR (ties: hit@3, then the mean MRR of the point"
        " and its grid neighbours, a plateau, then the fewest steps from the defaults before"
        " tuning); TARGET_SILENCE, LABEL, OFF_TOPIC_MARGIN and OFF_TOPIC_RANK are then"
        " chosen on the same"
        " training questions (the most useful"
        f" one that keeps {cv.SILENCE_FLOOR} of every set's `none` questions silent), each"
        " base calibrating itself on its own headings (knowledge.calibration) under the"
        " chosen weights. Silence and useful rate are after"
        f" that calibration. {cv.FOLDS}-fold CV, stratified by set and kind, seed {cv.SEED}:"
        " on the pooled questions of all sets, and within each set; cross-set: tuned on all"
        " of one set, measured on each other, and tuned on all of every set but one,"
        " measured on that one (the closest copy of a held-out documentation).",
        "",
        f"**Chosen on all dev data**: {chosen[0].describe(chosen[1])}. The shipped defaults"
        " (knowledge/ranking.py, knowledge/lexical.py, knowledge/calibration.py) "
        + ("are this setting" if tuple(chosen) == shipped_setting() else "differ from it")
        + "; the row 'shipped defaults' below measures what is in the code.",
        plateau(grid, rr, sets, chosen[0]),
        "",
        "### Cross-validated figures (mean ± sd over test folds), cross-set and dev figures",
        "",
    ]
    lines += cv_table(runs, cross, sets, calibrated, chosen)
    lines += ["", "Choices per fold:", ""]
    for scope, (_, choices) in runs.items():
        for i, (setting, target) in enumerate(choices, 1):
            lines.append(f"- {scope}, fold {i}: {setting.describe(target)}")
    measured: dict[tuple[str, str], list[str]] = {}
    for tuned_on, measured_on, _, described_setting in cross:
        measured.setdefault((tuned_on, described_setting), []).append(measured_on)
    for (tuned_on, described_setting), others in measured.items():
        lines.append(f"- all of {tuned_on} (measured on {', '.join(others)}): {described_setting}")
    for s in sets:
        lines += [
            "",
            f"### {s.name}: the engine and the baselines (answerable questions; silence on `none`)",
            "",
            "Baselines always suggest, except Discourse (its title similarity filter).",
            "",
        ]
        lines += table({name: r["overall"] for name, r in results[s.name].items()})
        lines += ["", f"By kind, hit@3 / MRR ({s.name}):", ""] + by_kind(results[s.name])
        misses = results[s.name]["coopbot, chosen setting (dev figures)"]["misses"]
        lines += ["", f"Worst misses of the chosen setting on {s.name}:", ""]
        lines += [
            f"- {m['id']} ({m['kind']}): expected {m['expected']}, got {m['got']}, "
            f"{'suggested' if m['suggested'] else 'silent'} at {m['best_score']}"
            for m in misses
        ]
    return lines


def publish(lines: list[str], write: bool) -> None:
    """Print a section and, unless told not to, write it to bench/RESULTS.md."""
    print("\n".join(lines))
    if write:
        write_section(lines)


def write_section(lines: list[str]) -> None:
    """Replace every copy of this section of bench/RESULTS.md (or append it)."""
    section = lines[0]
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    while (start := text.find(section + "\n")) >= 0:
        end = text.find("\n## ", start + len(section))
        text = text[:start] + text[end + 1 :] if end >= 0 else text[:start]
    RESULTS.write_text(text.rstrip() + "\n\n" + "\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
