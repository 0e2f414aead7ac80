"""Candidates' signals: an entry's own, whatever the other candidates gathered with it."""

import random

from knowledge import Document, KnowledgeBase
from knowledge.candidates import _shares
from knowledge.search import read_question

WORDS = [
    "serveur",
    "courriel",
    "sauvegarde",
    "domaine",
    "certificat",
    "wordpress",
    "base",
    "données",
    "mot",
    "passe",
    "compte",
    "adhérent",
    "facture",
    "nextcloud",
    "agenda",
    "contact",
    "quota",
    "disque",
    "redirection",
    "alias",
    "antispam",
    "webmail",
    "thunderbird",
    "téléphone",
    "synchronisation",
    "restauration",
    "fichier",
    "dossier",
    "partage",
    "lien",
    "calendrier",
    "tâche",
    "mise",
    "jour",
    "extension",
    "thème",
    "cache",
    "erreur",
    "lenteur",
]


def many_terms_base() -> KnowledgeBase:
    """Return a base of 80 entries, each holding a random half of WORDS."""
    rng = random.Random(7)
    documents = [
        Document(f"e{i}", f"Fiche {i}", " ".join(rng.sample(WORDS, len(WORDS) // 2)))
        for i in range(80)
    ]
    return KnowledgeBase.build(documents, semantic=False)


def test_an_entrys_matched_weights_do_not_depend_on_the_other_slots():
    index = many_terms_base().index
    slots = sorted(index.entries)
    question = read_question(index, " ".join(WORDS[:12]), " ".join(WORDS[12:]))
    weights = [_shares(question.title_terms), question.idf]
    together = index.matched_weights(weights, slots)
    for i, slot in enumerate(slots):
        # To the last bit: a matrix product's sums had depended on the rows beside them.
        assert index.matched_weights(weights, [slot])[0].tolist() == together[i].tolist()
