"""Candidates' signals: an entry's own, whatever the other candidates gathered with it."""

import random

import pytest

from knowledge import Document, KnowledgeBase
from knowledge.candidates import _shares
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
