"""Metrics of answers against labelled questions: hit@k, MRR, silence and useful rates (pure)."""

from typing import NamedTuple

TOP = 3
METRICS = ("hit@1", "hit@3", "recall@3", "mrr", "silence_rate", "suggest_rate", "useful_rate")


class Outcome(NamedTuple):
    """What an engine answered to one question: ranked entry ids, and its decision."""

    ids: tuple[str, ...]
    suggested: bool
    best_score: float = 0.0


def _mean(values: list[float]) -> float | None:
    """Return the mean, or None for no values."""
    return sum(values) / len(values) if values else None


def first_rank(expected: list[str], ids: tuple[str, ...]) -> int | None:
    """Return the 1-based rank of the first expected entry in the top, or None."""
    top = ids[:TOP]
    ranks = [top.index(e) + 1 for e in expected if e in top]
    return min(ranks) if ranks else None


def summarize(pairs: list[tuple[dict, Outcome]]) -> dict:
    """Return the metrics of a group of (question, outcome) pairs."""
    answerable = [(q, o) for q, o in pairs if q["expected"]]
    unanswerable = [o for q, o in pairs if not q["expected"]]
    ranks = [first_rank(q["expected"], o.ids) for q, o in answerable]
    recalls = [
        len(set(q["expected"]) & set(o.ids[:TOP])) / len(q["expected"]) for q, o in answerable
    ]
    useful = [o.suggested and r is not None for (_, o), r in zip(answerable, ranks, strict=True)]
    return {
        "hit@1": _mean([r == 1 for r in ranks]),
        "hit@3": _mean([r is not None for r in ranks]),
        "recall@3": _mean(recalls),
        "mrr": _mean([1.0 / r if r else 0.0 for r in ranks]),
        "silence_rate": _mean([not o.suggested for o in unanswerable]),
        "suggest_rate": _mean([o.suggested for _, o in answerable]),
        "useful_rate": _mean(useful),
        "n": len(pairs),
    }


# Confidence bins of the reliability table: is "0.8" right about 8 times in 10?
BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


class Bin(NamedTuple):
    """Questions whose best confidence fell in [low, high), and how often it was right."""

    low: float
    high: float
    n: int
    confidence: float | None  # mean best confidence
    right: float | None  # share whose hits shown hold an expected entry (what it predicts)


def reliability(pairs: list[tuple[dict, Outcome]], edges=BINS) -> tuple[list[Bin], float | None]:
    """Return the confidence bins and the bins' gap |confidence - right|, weighted by size."""
    shown = [(o.best_score, _right(q, o)) for q, o in pairs if o.ids]
    spans = zip(edges, edges[1:], strict=False)
    bins = [_bin(shown, low, high, high == edges[-1]) for low, high in spans]
    gaps = [b.n * abs(b.confidence - b.right) for b in bins if b.n]
    return bins, (sum(gaps) / len(shown) if shown else None)


def _right(question: dict, outcome: Outcome) -> bool:
    """Say whether the hits shown hold an expected entry (what the confidence predicts)."""
    return first_rank(question["expected"], outcome.ids) is not None


def _bin(shown: list[tuple[float, bool]], low: float, high: float, last: bool) -> Bin:
    """Return the bin [low, high) (the last one holds its top edge)."""
    inside = [(c, r) for c, r in shown if low <= c < high or (last and c == high)]
    return Bin(low, high, len(inside), _mean([c for c, _ in inside]), _mean([r for _, r in inside]))
