"""A base calibrates its confidence on its own headings when it is built."""

import math

import numpy as np
import pytest

from knowledge import Document, KnowledgeBase
from knowledge.asking import MIN_QUESTIONS, SAMPLE, observe
from knowledge.calibration import (
    OFF_TOPIC_MARGIN,
    OFF_TOPIC_RANK,
    THRESHOLDS,
    calibrate,
    capped,
)
from knowledge.confidence import SUGGEST_THRESHOLD_LEXICAL, Calibration
from knowledge.pseudo import from_document, off_topic, question_of, sample, without_heading
from knowledge.relabel import RELABEL_SHIFT, RELABEL_SLOPE, relabel, relabelled
from knowledge.tradeoff import ANSWERABLE, IN_DOMAIN, OFF_TOPIC, SHOWN, tradeoff
from tests.knowledge.hash_seeds import outputs_under_hash_seeds

# Made-up words, so that each section says something no other section says.
NOUNS = [
    "ardoise",
    "balise",
    "cadran",
    "diode",
    "embrayage",
    "fanion",
    "girouette",
    "hublot",
    "isoloir",
    "jauge",
]
VERBS = ["Régler", "Purger", "Calibrer", "Vidanger"]


def _page(i: int) -> Document:
    """A page about one noun, with a section per verb."""
    noun = NOUNS[i % len(NOUNS)] + "x" * (i // len(NOUNS))
    parts = [f"Ce guide parle du {noun} de la machine numéro {i}."]
    for verb in VERBS[: 2 + i % 2]:
        parts += [
            f"## {verb} le {noun} principal",
            f"Pour {verb.lower()} le {noun} principal, ouvrez le capot {noun} et suivez "
            f"l'étape {verb.lower()} : le {noun} doit rester propre après l'opération.",
        ]
    return Document(f"p-{i}", f"Le {noun}", "\n\n".join(parts), url=f"https://doc.test/{i}")


PAGES = [_page(i) for i in range(16)]


def test_a_heading_becomes_a_question_and_leaves_its_page():
    assert question_of("2. Régler le cadran :") == "Régler le cadran"
    assert question_of("Étape 3 - Purger la jauge") == "Purger la jauge"
    body = "Intro.\n\n## Régler le cadran\n\nTexte."
    assert without_heading(body, "Régler le cadran") == "Intro.\n\n\nTexte."
    asked = from_document(PAGES[1])
    assert len(asked) == 3 and all(p.entry_id == "p-1" for p in asked)  # its three headings
    assert all(f"## {p.question}" not in p.held_out.body for p in asked)
    assert from_document(PAGES[1]) == asked  # the same every time


def test_a_heading_with_an_explicit_id_or_underlined_leaves_its_page_too():
    text = "Un paragraphe assez long pour former une section à lui seul, au moins quatre-vingts."
    body = f"{text}\n\n## Renouveler le certificat TLS {{#renew}}\n\n{text}\n\n"
    body += f"Changer le mot de passe\n-----------------------\n\n{text}"
    asked = from_document(Document("a", "Page", body))
    assert sorted(p.question for p in asked) == [
        "Changer le mot de passe",
        "Renouveler le certificat TLS",
    ]
    for p in asked:
        assert p.question not in p.held_out.body and p.held_out.body.count(text) == 3
    assert "-----" not in without_heading(body, "Changer le mot de passe")


def test_the_sample_spreads_over_pages_and_skips_threads():
    thread = Document(
        "topic-1", "Régler le cadran principal", "Question\n\n## Réponse longue ici", kind="thread"
    )
    asked = sample([*PAGES, thread], 16)
    assert len({p.entry_id for p in asked}) == 16 and "topic-1" not in {p.entry_id for p in asked}
    assert off_topic("en") and all("?" in q for q in off_topic())


def test_a_salt_draws_another_stable_order_and_no_salt_keeps_the_shipped_one():
    shipped = [(p.entry_id, p.question) for p in sample(PAGES, 20)]
    assert [(p.entry_id, p.question) for p in sample(PAGES, 20, salt="")] == shipped
    salted = [(p.entry_id, p.question) for p in sample(PAGES, 20, salt="order 2")]
    assert len(salted) == len(shipped) == 20 and salted != shipped
    assert salted == [(p.entry_id, p.question) for p in sample(PAGES, 20, salt="order 2")]


def test_in_domain_pages_go_out_a_tenth_at_a_time_and_each_is_asked():
    kb = KnowledgeBase.build(PAGES, semantic=False, calibrate=False)
    seen = observe(kb.index, PAGES)
    in_domain = [s for s in seen if s.kind == IN_DOMAIN]
    asked = sample(PAGES, SAMPLE)
    assert len(in_domain) == len(asked)  # every page's headings, page by page taken out
    assert all(not s.rows or 1.0 not in s.labels for s in in_domain)


def test_a_calibrated_base_is_the_same_in_every_process():
    # Pages taken out are put back in their order: their new slots must not follow a
    # set's order, which changes with Python's hash seed.
    script = (
        "from tests.knowledge.test_calibration import PAGES;"
        "from knowledge import KnowledgeBase;"
        "kb = KnowledgeBase.build(PAGES, semantic=False);"
        "print(list(kb.index.slot_of.items()), repr(kb.stats().calibration.threshold))"
    )
    assert len(outputs_under_hash_seeds(script)) == 1


def test_a_base_calibrates_itself_and_is_left_as_it_was():
    kb = KnowledgeBase.build(PAGES, semantic=False, calibrate=False)
    before = kb.search("Vidanger le hublot principal").hits[0].entry_id
    counts = (kb.stats().entries, kb.stats().sections)
    fitted = calibrate(kb.index, PAGES)
    assert fitted is not None and fitted.answerable >= MIN_QUESTIONS
    assert fitted.unanswerable > len(off_topic())
    assert relabel(THRESHOLDS[0]) <= fitted.threshold <= relabel(THRESHOLDS[-1])
    assert 0.0 <= fitted.precision <= 1.0 and fitted.silence >= 0.9
    assert fitted.semantic is False
    chosen = [p for p in fitted.tradeoff if p.threshold == round(fitted.threshold, 2)]
    assert chosen and chosen[0].precision == pytest.approx(fitted.precision)
    levels = [p.threshold for p in fitted.tradeoff]
    assert levels == sorted(levels) and len(levels) >= len(SHOWN)
    # A higher threshold never answers more, nor keeps fewer questions silent.
    pairs = list(zip(fitted.tradeoff, fitted.tradeoff[1:], strict=False))
    assert all(a.useful >= b.useful and a.silent_in_domain <= b.silent_in_domain for a, b in pairs)
    assert (kb.stats().entries, kb.stats().sections) == counts
    assert kb.search("Vidanger le hublot principal").hits[0].entry_id == before


def test_calibrated_confidence_decides_silence():
    kb = KnowledgeBase.build(PAGES, semantic=False)
    assert kb.stats().calibration is not None
    result = kb.search("Purger la girouette principale")
    assert result.threshold == kb.stats().calibration.threshold
    assert result.suggested and result.hits[0].entry_id == "p-6"
    assert not kb.search("Quelle est la meilleure recette de crêpes ?").suggested


def test_a_small_base_keeps_the_default_calibration():
    kb = KnowledgeBase.build(PAGES[:3], semantic=False)
    assert kb.stats().calibration is None
    assert kb.search("Régler le cadran").threshold == pytest.approx(SUGGEST_THRESHOLD_LEXICAL)


def test_the_tradeoff_counts_each_kind_of_pseudo_question_apart():
    best = [0.9, 0.35, 0.15, 0.45, 0.05, 0.25]
    any_ = [True, True, False, False, False, False]
    kinds = [ANSWERABLE, ANSWERABLE, ANSWERABLE, IN_DOMAIN, IN_DOMAIN, OFF_TOPIC]
    points = {p.threshold: p for p in tradeoff(best, any_, kinds, 0.33)}
    assert 0.33 in points and set(SHOWN) <= set(points)
    at = points[0.33]
    # Precision: the mean confidence of the answerable ones suggested (0.9 and 0.35).
    assert at.useful == pytest.approx(2 / 3) and at.precision == pytest.approx(0.625)
    assert at.silent_in_domain == 0.5 and at.silent_off_topic == 1.0
    assert points[0.6].precision == pytest.approx(0.9) and points[0.6].useful == pytest.approx(
        1 / 3
    )
    # Nothing suggested: precision is not undefined, and nothing is useful.
    nothing = tradeoff(best, any_, kinds, 0.95)[-1]
    assert nothing.threshold == 0.95 and nothing.precision == 1.0 and nothing.useful == 0.0


def test_off_topic_questions_cap_the_threshold():
    off = np.array([0.05, 0.19, 0.12])
    assert capped(0.34, off, 1.25) == 0.24  # 1.25 x 0.19, rounded up to the grid
    assert capped(0.2, off, 1.25) == 0.2  # a lower threshold stays
    assert capped(0.34, off, None) == 0.34  # no cap
    assert capped(0.34, np.array([]), 1.25) == 0.34  # no off-topic question asked
    assert capped(0.34, np.array([0.0]), 1.25) == THRESHOLDS[0]  # never below the grid
    assert capped(0.34, off, 1.25, rank=1) == 0.15  # the second best: 1.25 x 0.12
    assert capped(0.34, off, 1.25, rank=5) == 0.07  # fewer questions: the lowest, 0.05


def test_a_calibrated_threshold_stays_under_the_off_topic_cap():
    base = KnowledgeBase.build(PAGES, semantic=False)
    scores = sorted(base.search(q, "", threshold=0.0).best_score for q in off_topic())
    shown = scores[::-1][OFF_TOPIC_RANK]
    # The cap applies to the base model's own probabilities, before they are relabelled.
    own = 1 / (1 + math.exp(-(math.log(shown / (1 - shown)) - RELABEL_SHIFT) / RELABEL_SLOPE))
    cap = max(OFF_TOPIC_MARGIN * own + 0.01, THRESHOLDS[0])
    assert base.index.calibration.threshold <= relabel(cap)


def test_relabelling_keeps_the_order_and_lifts_the_scale():
    model = Calibration(score=1.0, gap=0.5, coverage=2.0, bias=-3.0)
    shown = relabelled(model)
    for signals in [(0.1, 0.0, 0.2), (0.5, 0.1, 0.5), (0.9, 0.4, 1.0)]:
        assert shown.probability(*signals) == pytest.approx(relabel(model.probability(*signals)))
    assert relabel(0.3) < relabel(0.5) < relabel(0.7) and relabel(0.5) > 0.5


def test_calibrating_is_announced_and_its_encoding_is_not_reported_as_entries():
    announced, totals = [], []
    base = KnowledgeBase.build(
        PAGES,
        encode_processes=1,
        on_progress=lambda _done, total: totals.append(total),
        on_calibrating=lambda: announced.append(True),
    )
    assert announced == [True] and base.index.calibration is not None
    # Calibrating encodes held-out variants of sections: no second count of "new entries".
    assert len(set(totals)) <= 1
    assert base.index.on_progress is not None
    # What the build encoded stays what the bench and the import report.
    assert base.last_encoded == (totals[0] if totals else 0)
