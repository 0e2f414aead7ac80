"""Measure the engine on a labelled question file: hit@k, MRR, silence and useful rates."""

import json
from collections.abc import Callable
from pathlib import Path

from knowledge.confidence import should_suggest
from knowledge.documents import read_utf8
from knowledge.errors import KnowledgeFormatError
from knowledge.metrics import METRICS, TOP, Outcome, first_rank, summarize

WORST_MISSES = 10


def load_questions(path: str | Path) -> list[dict]:
    """Read a JSON-lines question file (id, title, body, expected, kind); a bad line raises
    KnowledgeFormatError naming the file and line."""
    questions = []
    for number, line in enumerate(read_utf8(Path(path)).splitlines(), 1):
        if line.strip():
            questions.append(_question(line, str(path), number))
    return questions


def _question(line: str, source: str, number: int) -> dict:
    """One line of a question file, checked: an object with id, title and expected (a list
    of entry ids), texts where texts are expected."""
    try:
        question = json.loads(line)
    except json.JSONDecodeError as error:
        raise KnowledgeFormatError(source, number, f"not JSON: {error.msg}") from error
    if not isinstance(question, dict):
        raise KnowledgeFormatError(source, number, "a question is a JSON object")
    for key in ("id", "title", "expected"):
        if key not in question:
            raise KnowledgeFormatError(source, number, f"missing {key}")
    expected = question["expected"]
    if not isinstance(expected, list) or not all(isinstance(e, str) for e in expected):
        raise KnowledgeFormatError(source, number, "expected is a list of entry ids (texts)")
    for key in ("id", "title", "body", "kind", "lang"):
        if key in question and not isinstance(question[key], str):
            raise KnowledgeFormatError(source, number, f"{key} is a text")
    return question


def _is_miss(question: dict, outcome: Outcome) -> bool:
    """Say whether an outcome failed its question."""
    if not question["expected"]:
        return outcome.suggested
    rank = first_rank(question["expected"], outcome.ids)
    return rank is None or not outcome.suggested or rank > 1


def misses(pairs: list[tuple[dict, Outcome]]) -> list[dict]:
    """Return the worst failures: confident wrong answers first."""
    failed = [
        {
            "id": q["id"],
            "kind": q.get("kind", ""),
            "title": q["title"],
            "expected": q["expected"],
            "got": list(o.ids[:TOP]),
            "suggested": o.suggested,
            "best_score": round(o.best_score, 3),
        }
        for q, o in pairs
        if _is_miss(q, o)
    ]
    failed.sort(
        key=lambda m: (
            -(m["suggested"] and not set(m["expected"]) & set(m["got"])),
            -m["best_score"],
        )
    )
    return failed[:WORST_MISSES]


def score(questions: list[dict], outcomes: list[Outcome]) -> dict:
    """Return overall metrics, metrics by kind, and the worst misses."""
    pairs = list(zip(questions, outcomes, strict=True))
    kinds = sorted({q.get("kind", "") for q in questions})
    return {
        "overall": summarize(pairs),
        "by_kind": {k: summarize([p for p in pairs if p[0].get("kind", "") == k]) for k in kinds},
        "misses": misses(pairs),
    }


def outcomes_of(knowledge_base, questions: list[dict], threshold=None) -> list[Outcome]:
    """Ask the knowledge base every question."""
    results = [
        knowledge_base.search(q["title"], q.get("body", ""), threshold=threshold) for q in questions
    ]
    return [Outcome(tuple(h.entry_id for h in r.hits), r.suggested, r.best_score) for r in results]


def at_threshold(outcomes: list[Outcome], threshold: float) -> list[Outcome]:
    """Re-decide outcomes at another threshold, without asking again."""
    return [
        o._replace(suggested=should_suggest(bool(o.ids), o.best_score, threshold)) for o in outcomes
    ]


def evaluate(knowledge_base, questions, threshold: float | None = None) -> dict:
    """Evaluate a knowledge base on questions (a list or a JSON-lines path)."""
    if not isinstance(questions, list):
        questions = load_questions(questions)
    return score(questions, outcomes_of(knowledge_base, questions, threshold))


def _cell(value) -> str:
    """Format one metric for a table."""
    return "-" if value is None else (str(value) if isinstance(value, int) else f"{value:.3f}")


def format_report(result: dict, line: Callable[[list[str]], str] | None = None) -> str:
    """Return a plain-text table of a result, by kind, with the worst misses."""
    line = line or (lambda cells: "  ".join(f"{c:>12}" for c in cells))
    head = ["group", *METRICS, "n"]
    rows = [line(head)]
    groups = [("overall", result["overall"]), *result["by_kind"].items()]
    for name, metrics in groups:
        rows.append(line([name, *(_cell(metrics[m]) for m in [*METRICS, "n"])]))
    for miss in result["misses"]:
        verdict = "suggested" if miss["suggested"] else "silent"
        rows.append(
            f"miss {miss['id']} ({miss['kind']}): expected {miss['expected']}, "
            f"got {miss['got']} {verdict} at {miss['best_score']}"
        )
    return "\n".join(rows)
