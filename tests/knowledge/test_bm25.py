"""The lexical engine scores as tantivy does on the live entries: same entries, same order,
same scores."""

import random

import pytest
import tantivy

from knowledge import row_cache
from knowledge.lexical import TEXT_FIELDS, LexicalIndex
from knowledge.postings import FIELDNORMS

WORDS = [f"w{i}" for i in range(40)]


def _tantivy_top(live: dict[int, dict], boosts: dict, terms: dict[str, float], limit: int):
    """Return (slot, score) from a fresh tantivy index of the live entries (no deleted
    documents in its statistics), as a boolean query of boosted term queries."""
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("slot", stored=False, indexed=True, fast=True)
    for name in TEXT_FIELDS:
        builder.add_text_field(name, stored=False, tokenizer_name="terms", index_option="freq")
    schema = builder.build()
    index = tantivy.Index(schema)
    analyzer = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
    index.register_tokenizer("terms", analyzer)
    writer = index.writer(50_000_000, 1)
    for slot, fields in live.items():
        document = tantivy.Document()
        document.add_unsigned("slot", slot)
        for name in TEXT_FIELDS:
            document.add_text(name, " ".join(fields.get(name, ())))
        writer.add_document(document)
    writer.commit()
    index.reload()
    clauses = [
        (
            tantivy.Occur.Should,
            tantivy.Query.boost_query(tantivy.Query.term_query(schema, name, term), b * weight),
        )
        for term, weight in terms.items()
        for name, b in boosts.items()
    ]
    searcher = index.searcher()
    hits = searcher.search(tantivy.Query.boolean_query(clauses), limit).hits
    slots = searcher.fast_field_values("slot", [address for _, address in hits])
    return [(slot, score) for (score, _), slot in zip(hits, slots, strict=True)]


def _fields(rng: random.Random) -> dict[str, list[str]]:
    """Return random analyzed fields: a short title, a body of some length."""
    return {
        "title": rng.choices(WORDS[:10], k=rng.randint(0, 4)),
        "body": rng.choices(WORDS, k=rng.randint(1, 300)),
    }


def _assert_same(lexical: LexicalIndex, live: dict[int, dict], rng: random.Random) -> None:
    """Compare with tantivy on random questions (scores to float rounding)."""
    for _ in range(30):
        terms = {t: rng.choice((1.0, 0.5, 2.0)) for t in rng.sample([*WORDS, "absent"], 5)}
        ours = lexical.search(terms, 1000)
        theirs = _tantivy_top(live, lexical.boosts, terms, 1000)
        assert sorted(s for s, _ in ours) == sorted(s for s, _ in theirs)
        assert dict(ours) == pytest.approx(dict(theirs), rel=1e-6)
        # Equal scores may come in another order only where rounding made them unequal.
        assert [round(s, 5) for _, s in ours] == [round(s, 5) for _, s in theirs]


def test_scores_equal_tantivys_on_the_live_entries_through_changes_and_boosts():
    rng = random.Random(7)
    lexical, live = LexicalIndex(), {}
    lexical.boosts["title"] = 1.0  # the title as a field of its own, as tantivy scores it
    for slot in range(200):
        live[slot] = _fields(rng)
        lexical.add(slot, live[slot])
    lexical.commit()
    _assert_same(lexical, live, rng)
    for slot in rng.sample(range(200), 60):  # tantivy would count them until a merge
        lexical.remove(slot)
        del live[slot]
    for slot in range(200, 230):
        live[slot] = _fields(rng)
        lexical.add(slot, live[slot])
    lexical.commit()
    assert lexical.postings.documents == len(live)
    _assert_same(lexical, live, rng)
    lexical.boosts["title"] = 1.7
    _assert_same(lexical, live, rng)


def test_a_field_boosted_to_zero_is_not_read():
    lexical = LexicalIndex()
    lexical.add(0, {"title": ["w1"], "body": ["w2"]})
    lexical.add(1, {"title": ["w2"], "body": ["w1", "w3"]})
    lexical.commit()
    lexical.boosts["title"] = 0.0
    assert [s for s, _ in lexical.search({"w1": 1.0}, 3)] == [1]  # its title adds nothing
    lexical.boosts["title"] = 1.0
    assert [s for s, _ in lexical.search({"w1": 1.0}, 3)] == [0, 1]


def test_pending_entries_and_unknown_terms_are_not_found():
    lexical = LexicalIndex()
    assert lexical.search({"w1": 1.0}, 3) == []
    lexical.add(0, {"title": ["w2"], "body": ["w1"]})
    assert lexical.search({"w1": 1.0}, 3) == []  # not committed yet
    lexical.commit()
    assert [s for s, _ in lexical.search({"w1": 1.0, "nowhere": 1.0}, 3)] == [0]
    assert lexical.search({"nowhere": 1.0}, 3) == []


def test_frequencies_beyond_two_bytes_and_tokens_too_long_for_tantivy():
    lexical = LexicalIndex()
    live = {0: {"body": ["w1"] * 70_000 + ["x" * 70_000, "w2"]}, 1: {"body": ["w1", "w2"]}}
    for slot, fields in live.items():
        lexical.add(slot, fields)
    lexical.commit()
    terms = {"w1": 1.0, "w2": 1.0}
    ours, theirs = lexical.search(terms, 3), _tantivy_top(live, lexical.boosts, terms, 3)
    assert [s for s, _ in ours] == [s for s, _ in theirs] == [1, 0]
    assert dict(ours) == pytest.approx(dict(theirs), rel=1e-6)


def test_fieldnorm_table_is_tantivys():
    assert list(FIELDNORMS[38:44]) == [38, 39, 40, 42, 44, 46]
    assert FIELDNORMS[-1] == 2_013_265_944 and len(FIELDNORMS) == 256


def _fresh(live: dict[int, dict]) -> LexicalIndex:
    """Return a lexical index of the live entries only, never searched before."""
    lexical = LexicalIndex()
    for slot, fields in live.items():
        lexical.add(slot, fields)
    lexical.commit()
    return lexical


@pytest.mark.parametrize("cached_postings", [row_cache.CACHED_POSTINGS, 50])
def test_cached_scores_follow_changes_as_a_fresh_index(monkeypatch, cached_postings):
    monkeypatch.setattr(row_cache, "CACHED_POSTINGS", cached_postings)
    rng = random.Random(11)
    live = {slot: _fields(rng) for slot in range(120)}
    lexical = _fresh(live)
    questions = [{t: 1.0 for t in rng.sample(WORDS, 6)} for _ in range(20)]
    for _ in range(3):  # each round searches (filling the cache), then changes entries
        for terms in questions:
            assert lexical.search(terms, 50) == _fresh(live).search(terms, 50)
        for slot in rng.sample(sorted(live), 15):
            lexical.remove(slot)
            del live[slot]
        for slot in range(max(live) + 1, max(live) + 11):  # replaced entries get new slots
            live[slot] = _fields(rng)
            lexical.add(slot, live[slot])
        lexical.commit()
