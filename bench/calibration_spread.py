"""How much a base's self-calibration moves with the pseudo-questions drawn.

Usage: python bench/calibration_spread.py [--no-write] [--orders 8]
Each dev set's base calibrates itself under several stable pseudo-random orders (the
pseudo-questions drawn change, nothing else), and answers its dev questions: the
threshold, and the silence and useful rates, should not depend on the draw. Measured
in the same run three ways: as shipped (knowledge.pseudo.PER_PAGE headings a page,
in-domain pages taken out a tenth of the base at a time: knowledge.asking.ROUND_SHARE),
with 2 headings a page, and the earlier way (2 headings a page, 40 pages out at once).
Results go to bench/RESULTS.md, section "Knowledge: calibration spread".
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

import quality  # noqa: E402

from knowledge import asking, pseudo, tradeoff  # noqa: E402
from knowledge.calibration import calibrate  # noqa: E402
from knowledge.evaluate import outcomes_of  # noqa: E402
from knowledge.metrics import summarize  # noqa: E402

SECTION = "## Knowledge: calibration spread"
WAYS = {  # name: (pseudo.PER_PAGE, asking.UNANSWERABLE_PAGES, asking.ROUND_SHARE)
    "shipped: 4 headings a page, a tenth of the pages out at a time": (
        pseudo.PER_PAGE,
        asking.UNANSWERABLE_PAGES,
        asking.ROUND_SHARE,
    ),
    "2 headings a page, a tenth of the pages out at a time": (
        2,
        asking.UNANSWERABLE_PAGES,
        asking.ROUND_SHARE,
    ),
    "earlier: 2 headings a page, 40 pages out at once": (2, 40, 1.0),
}


def spread(dev, orders: int) -> dict:
    """Return each way's thresholds, silence and useful rates over the orders."""
    out = {}
    for way, values in WAYS.items():
        _use(*values)
        rows = []
        for salt in ["", *(f"order {i}" for i in range(1, orders))]:
            dev.kb.recalibrate(dev.documents, calibrate(dev.kb.index, dev.documents, salt))
            outcomes = outcomes_of(dev.kb, dev.questions)
            metrics = summarize(list(zip(dev.questions, outcomes, strict=True)))
            fitted = dev.kb.stats().calibration
            rows.append((fitted.threshold, metrics, tradeoff.at(fitted.tradeoff, fitted.threshold)))
        out[way] = rows
    _use(*WAYS[next(iter(WAYS))])
    dev.kb.recalibrate(dev.documents)  # as shipped again
    return out


def _use(per_page: int, pages: int, share: float) -> None:
    """Make the calibration draw and ask its pseudo-questions one way."""
    pseudo.PER_PAGE = asking.PER_PAGE = per_page
    asking.UNANSWERABLE_PAGES, asking.ROUND_SHARE = pages, share


def summary(values: list[float]) -> str:
    """Return mean ± sd (min to max)."""
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{statistics.mean(values):.3f} ± {sd:.3f} ({min(values):.3f} to {max(values):.3f})"


def main(argv=None) -> int:
    """Measure, print, and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--orders", type=int, default=8, help="pseudo-random orders per set")
    args = parser.parse_args(argv)
    if not (quality.EVAL / "kb").is_dir():
        print(f"skipped: {quality.EVAL} is absent (evaluation data lives beside the project)")
        return 0
    started = time.perf_counter()
    head = (
        "| set | way | threshold | silence on `none` | useful | expected silence (kb stats):"
        " general questions | in-domain pseudo-questions |"
    )
    lines = [head, "|---|---|---|---|---|---|---|"]
    for dev in quality.load_sets():
        for way, rows in spread(dev, args.orders).items():
            cells = [
                summary([t for t, _, _ in rows]),
                summary([m["silence_rate"] for _, m, _ in rows]),
                summary([m["useful_rate"] for _, m, _ in rows]),
                summary([p.silent_off_topic for _, _, p in rows]),
                summary([p.silent_in_domain for _, _, p in rows]),
            ]
            lines.append(f"| {dev.name} | {way} | " + " | ".join(cells) + " |")
            print(lines[-1], flush=True)
    intro = [
        SECTION,
        "",
        f"`python bench/calibration_spread.py --orders {args.orders}` on"
        f" {datetime.date.today().isoformat()}, {time.perf_counter() - started:.0f} s. Each"
        " dev base calibrated itself under"
        f" {args.orders} pseudo-random orders of its pseudo-questions (the first is the"
        " shipped order), then answered its dev questions: mean ± sd (min to max) over the"
        " orders. The calibration's other choices are the shipped ones. The last two"
        " columns are what `coopbot kb stats` expects at the threshold, per kind of"
        " unanswerable pseudo-question: the shipped general questions (members' off-topic"
        " questions are more like these: compare with the silence on `none`) and a page's"
        " headings asked with the page taken out.",
        "",
    ]
    quality.publish(intro + lines, write=not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
