"""On the real documentations under bench/, the engine never ranks below plain BM25.

The issue's target for documentation: on questions in the docs' own words (their
headings, taken out of their page), never below plain BM25 with a French stemmer. Both
dev documentations ship with the project; acceptance uses a held-out one."""

from pathlib import Path

import pytest

from bench.quality_baselines import bm25_outcomes
from knowledge import KnowledgeBase, load_markdown_folder
from knowledge.evaluate import load_questions, outcomes_of, score

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.mark.parametrize("name", ["docs_kb", "handbook_kb"])
def test_headings_rank_at_least_as_well_as_stemmed_bm25(name):
    folder = BENCH / name
    documents = load_markdown_folder(folder / "kb")
    base = KnowledgeBase.build(documents)
    if not base.semantic:
        pytest.skip("sentence encoder unavailable")
    headings = [q for q in load_questions(folder / "questions.jsonl") if q["kind"] == "heading"]
    ours = score(headings, outcomes_of(base, headings))["overall"]
    plain = score(headings, bm25_outcomes(documents, headings, stemmed=True))["overall"]
    assert ours["hit@3"] >= plain["hit@3"] and ours["mrr"] >= plain["mrr"]
