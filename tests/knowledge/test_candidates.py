"""Candidates' signals: an entry's own, whatever the other candidates gathered with it."""

import random

import numpy as np
import pytest

from knowledge import Document, KnowledgeBase
from knowledge.candidates import _shares
from knowledge.ranking import RANKED_KEPT, Candidate, Weights, rank_columns
from knowledge.search import read_question

VOCABULARY = (
    "serveur courriel sauvegarde domaine certificat wordpress base données mot passe compte "
    "adhérent facture nextcloud agenda contact quota disque redirection alias antispam webmail "
    "thunderbird téléphone synchronisation restauration fichier dossier partage lien "
    "calendrier tâche mise jour extension thème cache erreur lenteur"
)
WORDS = VOCABULARY.split()


@pytest.fixture(scope="module")
def many_terms_base() -> KnowledgeBase:
    """Return a base of 120 articles of three to five sections, each section holding a few
    of WORDS, some repeated: a section's page may be found by that section alone."""
    rng = random.Random(7)
    documents = []
    for i in range(120):
        sections = []
        for j in range(rng.randint(3, 5)):
            words = rng.sample(WORDS, rng.randint(1, 6))
            text = " ".join(words + rng.choices(words, k=rng.randint(0, 30)))
            sections.append(f"## Partie {j} {words[0]}\n\n{text}")
        documents.append(Document(f"e{i}", f"Fiche {i}", "\n\n".join(sections)))
    return KnowledgeBase.build(documents, semantic=False)


def test_an_entrys_matched_weights_do_not_depend_on_the_other_slots(many_terms_base):
    index = many_terms_base.index
    slots = sorted(index.entries)
    question = read_question(index, " ".join(WORDS[:12]), " ".join(WORDS[12:]))
    weights = [_shares(question.title_terms), question.idf]
    together = index.matched_weights(weights, slots)
    for i, slot in enumerate(slots):
        # To the last bit: a matrix product's sums had depended on the rows beside them.
        assert index.matched_weights(weights, [slot])[:, 0].tolist() == together[:, i].tolist()


def columns(candidates: list[Candidate]) -> Candidate:
    """Return candidates as one Candidate of arrays, as a search gathers them."""
    return Candidate._make(np.array(values) for values in zip(*candidates, strict=True))


def python_sum(c: Candidate, semantic_on: bool, w: Weights) -> float:
    """Return a candidate's score as a Python sum, term by term (the reference)."""
    boost = w.lexical + w.passage_lexical + w.title
    return (
        w.lexical * c.lexical
        + w.passage_lexical * c.passage_lexical
        + (
            (w.semantic * c.semantic + w.passage_semantic * c.passage_semantic)
            if semantic_on
            else 0.0
        )
        + w.title * c.title
        + w.service * c.service
        + c.feedback * boost
    )


@pytest.mark.parametrize("semantic_on", [True, False])
def test_ranking_in_arrays_scores_each_candidate_to_the_last_bit(semantic_on):
    rng = random.Random(3)
    weights = Weights(1.0, 1.3, 0.7, 0.1, 0.9, 2.1)
    for _ in range(50):
        values = [round(rng.random(), 1) for _ in range(8)]  # rounded: many ties
        candidates = [
            Candidate(slot, *(rng.choice(values) for _ in range(9)), rng.randint(-1, 5))
            for slot in rng.sample(range(1000), rng.randint(1, 40))
        ]
        scores = {c.slot: python_sum(c, semantic_on, weights) for c in candidates}
        expected = sorted(candidates, key=lambda c: (-scores[c.slot], c.slot))[:RANKED_KEPT]
        ranked = rank_columns(columns(candidates), semantic_on, weights)
        assert [c.slot for c in ranked] == [c.slot for c in expected]
        assert [c.score for c in ranked] == [scores[c.slot] for c in expected]
        assert [c[:-1] for c in ranked] == [c[:-1] for c in expected]
        assert all(type(c.slot) is int and type(c.passage) is int for c in ranked)
