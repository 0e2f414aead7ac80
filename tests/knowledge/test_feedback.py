"""Feedback records turn into score adjustments, and change what is suggested."""

import math

import pytest

from knowledge import FeedbackRecord
from knowledge.feedback import MAX_BOOST, adjustments, jaccard

TERMS = frozenset({"mot", "pass", "boit", "mail", "oubl"})


def test_jaccard():
    assert jaccard(TERMS, TERMS) == 1.0
    assert jaccard(TERMS, frozenset()) == 0.0
    assert jaccard(frozenset({"a", "b"}), frozenset({"b", "c"})) == pytest.approx(1 / 3)


def test_positive_outcomes_boost_by_similarity():
    records = [FeedbackRecord(TERMS, "t-01", "accepted"), FeedbackRecord(TERMS, "t-02", "edited")]
    boosts = adjustments(TERMS, records)
    assert boosts["t-01"] > boosts["t-02"] > 0


def test_boosts_are_capped():
    records = [FeedbackRecord(TERMS, "t-01", "approved")] * 20
    assert adjustments(TERMS, records)["t-01"] == MAX_BOOST


def test_unrelated_questions_change_nothing():
    records = [FeedbackRecord(frozenset({"factur", "prelev"}), "t-07", "rejected")]
    assert adjustments(TERMS, records) == {}


def test_rejection_withholds_only_for_near_identical_questions():
    near = TERMS | {"hier"}
    far = frozenset({"mot", "pass", "panneau", "bloqu", "compt", "tentat"})
    records = [FeedbackRecord(near, "t-01", "rejected")]
    assert adjustments(TERMS, records)["t-01"] == -math.inf
    assert adjustments(far, records) == {}


def test_unknown_outcome_is_an_error():
    with pytest.raises(ValueError, match="liked"):
        adjustments(TERMS, [FeedbackRecord(TERMS, "t-01", "liked")])


@pytest.mark.parametrize(
    "question",
    [
        ("Mot de passe de ma boîte mail oublié", "Comment changer le mot de passe ?"),
        ("mdp oublié", "<p>Bonjour,</p><blockquote>ancien message</blockquote>"),
        ("Forgot my mailbox password", "How do I reset it?"),
    ],
)
def test_a_search_carries_the_terms_feedback_is_stored_under(lexical_kb, question):
    assert lexical_kb.search(*question).terms == lexical_kb.query_terms(*question) != set()


def test_rejected_entry_is_no_longer_suggested(lexical_kb):
    question = ("Mot de passe de ma boîte mail oublié", "Comment changer le mot de passe ?")
    before = lexical_kb.search(*question)
    assert before.hits[0].entry_id == "t-01"
    record = FeedbackRecord(lexical_kb.query_terms(*question), "t-01", "rejected")
    after = lexical_kb.search(*question, feedback=[record])
    assert "t-01" not in [h.entry_id for h in after.hits]


def test_accepted_entry_climbs(lexical_kb):
    question = ("Lien de partage avec mot de passe", "")
    before = [h.entry_id for h in lexical_kb.search(*question).hits]
    second = before[1]
    record = FeedbackRecord(lexical_kb.query_terms(*question), second, "accepted")
    after = lexical_kb.search(*question, feedback=[record] * 3)
    assert after.hits[0].entry_id == second
