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
