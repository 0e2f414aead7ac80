"""What a draft holds: sure entries only, in the order volunteers see, in the member's language."""

from __future__ import annotations

import pytest

from bot.suggestions import drafting
from knowledge.hits import Hit


def hit(entry_id: str, confidence: float) -> Hit:
    url = f"https://doc.test/{entry_id}"
    return Hit(entry_id, f"Article {entry_id}", url, confidence, f"Extrait de {entry_id}.", (), "")


def test_an_unsure_secondary_hit_stays_out_of_the_draft():
    hits = drafting.ordered([hit("a", 0.93), hit("b", 0.42), hit("c", 0.71)])
    assert [h.entry_id for h in hits] == ["a", "c", "b"]
    assert [h.entry_id for h in drafting.drafted(hits, 0.6)] == ["a", "c"]
    draft = drafting.draft(drafting.drafted(hits, 0.6), "paul", "fr")
    assert "Article b" not in draft and draft.index("Article a") < draft.index("Article c")


def test_hits_are_shown_by_confidence_whatever_the_engine_s_order():
    shown = drafting.ordered([hit("a", 0.62), hit("b", 0.81), hit("c", 0.62)])
    assert [h.entry_id for h in shown] == ["b", "a", "c"]  # ties keep the engine's order


@pytest.mark.parametrize(
    ("question", "available", "expected"),
    [("en", ("fr", "en"), "en"), ("fr", ("fr", "en"), "fr"), ("en", ("fr",), "fr")],
)
def test_the_reply_speaks_the_question_s_language_when_the_coop_does(question, available, expected):
    assert drafting.reply_language(question, "fr", available) == expected


def test_chosen_entries_are_1_based_and_checked():
    hits = (hit("a", 0.9), hit("b", 0.8))
    assert drafting.chosen(hits, (2,)) == (hits[1],)
    assert drafting.chosen(hits, (2, 1, 2)) == (hits[1], hits[0])
    for wrong in ((3,), (0,), ()):
        with pytest.raises(ValueError, match="no entry"):
            drafting.chosen(hits, wrong)


def test_an_automatic_reply_says_so_and_how_to_reach_a_human():
    draft = drafting.draft([hit("a", 0.95)], "paul", "en", automatic=True)
    assert "posted automatically" in draft and "a volunteer will read it" in draft


def test_services_follow_the_drafted_entries():
    services = {"a": ("mail",), "c": ("web", "mail"), "b": ("dns",)}
    drafted = (hit("a", 0.9), hit("c", 0.7))
    assert drafting.services_of(services, drafted) == ("mail", "web")
