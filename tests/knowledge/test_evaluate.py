"""Evaluation metrics on hand-made outcomes, and the report."""

import json

import pytest

from knowledge.confidence import should_suggest
from knowledge.errors import KnowledgeFormatError
from knowledge.evaluate import (
    at_threshold,
    evaluate,
    format_report,
    load_questions,
    outcomes_of,
    score,
)
from knowledge.metrics import Outcome

QUESTIONS = [
    {"id": "q1", "title": "a", "expected": ["e1"], "kind": "direct"},
    {"id": "q2", "title": "b", "expected": ["e2"], "kind": "direct"},
    {"id": "q3", "title": "c", "expected": ["e3", "e4"], "kind": "multi"},
    {"id": "q4", "title": "d", "expected": [], "kind": "none"},
    {"id": "q5", "title": "e", "expected": [], "kind": "none"},
]
OUTCOMES = [
    Outcome(("e1", "x", "y"), True, 0.9),  # hit at rank 1
    Outcome(("x", "e2", "y"), False, 0.4),  # hit at rank 2, but silent
    Outcome(("e4", "x", "z", "e3"), True, 0.8),  # one of two in the top 3, rank 1
    Outcome(("x",), False, 0.2),  # right silence
    Outcome(("y",), True, 0.7),  # wrong suggestion
]


def test_overall_metrics():
    overall = score(QUESTIONS, OUTCOMES)["overall"]
    assert overall["n"] == 5
    assert overall["hit@1"] == pytest.approx(2 / 3)
    assert overall["hit@3"] == 1.0
    assert overall["recall@3"] == pytest.approx((1 + 1 + 0.5) / 3)
    assert overall["mrr"] == pytest.approx((1 + 0.5 + 1) / 3)
    assert overall["silence_rate"] == 0.5
    assert overall["suggest_rate"] == pytest.approx(2 / 3)
    assert overall["useful_rate"] == pytest.approx(2 / 3)


def test_metrics_by_kind_and_misses():
    result = score(QUESTIONS, OUTCOMES)
    assert set(result["by_kind"]) == {"direct", "multi", "none"}
    assert result["by_kind"]["none"]["hit@3"] is None
    assert result["by_kind"]["direct"]["silence_rate"] is None
    assert result["by_kind"]["multi"]["recall@3"] == 0.5
    assert [m["id"] for m in result["misses"]][0] == "q5"  # a wrong suggestion is the worst
    assert {m["id"] for m in result["misses"]} == {"q2", "q5"}


def test_threshold_re_decides_without_asking_again():
    strict = score(QUESTIONS, at_threshold(OUTCOMES, 0.85))["overall"]
    assert strict["silence_rate"] == 1.0 and strict["suggest_rate"] == pytest.approx(1 / 3)


def test_evaluate_reads_a_question_file(tmp_path, lexical_kb):
    path = tmp_path / "q.jsonl"
    rows = [
        {
            "id": "a",
            "title": "Publier un enregistrement SPF",
            "body": "",
            "expected": ["t-02"],
            "lang": "fr",
            "kind": "direct",
        },
        {
            "id": "b",
            "title": "Sortie vélo dimanche",
            "body": "qui vient ?",
            "expected": [],
            "lang": "fr",
            "kind": "none",
        },
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert len(load_questions(path)) == 2
    result = evaluate(lexical_kb, path)
    assert set(result) == {"overall", "by_kind", "misses"}
    assert result["overall"]["hit@1"] == 1.0 and result["overall"]["silence_rate"] == 1.0
    report = format_report(result)
    assert "overall" in report and "none" in report


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"id": "a", "title": "q", "expected": [["kb-1"]]}', "expected is a list"),
        ('{"id": "a", "title": "q", "expected": ["kb-1"], "kind": [1]}', "kind is a text"),
        ('{"id": "a", "title": 5, "body": 7, "expected": ["kb-1"]}', "title is a text"),
        ('{"id": 3, "title": "q", "expected": []}', "id is a text"),
        ('{"id": "a", "title": null, "expected": []}', "title is a text"),
    ],
)
def test_a_question_of_the_wrong_types_names_its_line(tmp_path, line, problem):
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": "ok", "title": "q", "expected": []}\n' + line + "\n")
    with pytest.raises(KnowledgeFormatError, match=f":2: {problem}"):
        load_questions(path)


def test_a_question_file_not_in_utf8_names_its_line_and_a_bom_is_skipped(tmp_path):
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(b'{"id": "a", "title": "q", "expected": []}\n{"id": "b", "title": "d\xe9"}\n')
    with pytest.raises(KnowledgeFormatError, match=":2: not UTF-8"):
        load_questions(latin)
    bom = tmp_path / "bom.jsonl"
    bom.write_bytes(b'\xef\xbb\xbf{"id": "a", "title": "q", "expected": []}\n')
    assert [q["id"] for q in load_questions(bom)] == ["a"]


def test_suggest_when_a_hit_reaches_the_threshold():
    assert should_suggest(True, 0.6, 0.6) and not should_suggest(True, 0.59, 0.6)
    assert not should_suggest(False, 0.9, 0.6)


def test_re_deciding_at_a_threshold_agrees_with_searching_at_it(lexical_kb):
    questions = [
        {"title": "Publier un enregistrement SPF", "body": ""},
        {"title": "mdp de ma boite oublie", "body": "comment je le change ?"},
        {"title": "Sortie vélo dimanche", "body": "qui vient ?"},
    ]
    outcomes = outcomes_of(lexical_kb, questions)
    for threshold in (0.3, 0.66, 0.95):
        asked = outcomes_of(lexical_kb, questions, threshold)
        assert at_threshold(outcomes, threshold) == asked
