"""Adding and removing entries leaves a base that holds exactly what was given."""

import pytest

from knowledge import Document, KnowledgeBase
from knowledge.documents import encodable
from tests.knowledge.test_calibration import PAGES


def lexical_base(documents) -> KnowledgeBase:
    """Return a base without the encoder or calibration: quick, and what the test needs."""
    return KnowledgeBase.build(documents, semantic=False, calibrate=False)


def test_an_id_given_twice_keeps_its_last_document_and_goes_when_removed():
    first = Document("a", "Certificat expiré", "certificat https expiré")
    second = Document("a", "Certificat renouvelé", "certificat https expiré renouvelé")
    for kb in (lexical_base([first, second]), lexical_base([])):
        kb.add([first, second])  # a second time on the first base: replaced, not doubled
        assert len(kb) == 1
        assert [h.title for h in kb.search("certificat expiré").hits] == ["Certificat renouvelé"]
        kb.remove(["a"])
        assert len(kb) == 0 and kb.search("certificat expiré").hits == ()


def test_half_a_surrogate_pair_in_a_document_reads_as_a_replacement_character():
    kb = lexical_base([Document("b", "Sauvegarde", "restaurer les fichiers de sauvegarde")])
    broken = Document("x\udc80", "Quota \ud800 disque", "quota disque plein \udfff espace")
    kb.add([broken])  # raised halfway, leaving postings of an entry never stored
    kb.add([Document("c", "Certificat", "certificat https expiré")])
    [hit] = kb.search("quota disque plein").hits[:1]
    assert (hit.entry_id, hit.title) == ("x\ufffd", "Quota \ufffd disque")
    assert "\ufffd" in hit.snippet and "x\ufffd" in kb
    kb.remove(["x\ufffd"])
    assert len(kb) == 2 and kb.search("quota disque plein").hits == ()


def test_a_document_without_surrogates_is_kept_as_it_is():
    document = Document("é", "Clé", "texte accentué", ("messagerie",), "https://d.test/é")
    assert encodable(document) is document


class FullCache(dict):
    """An embedding cache whose store can take no more vectors (its memory is full)."""

    def update(self, *_args, **_kwargs):
        raise MemoryError("the embedding cache is full")


def test_an_add_whose_vectors_cannot_be_kept_leaves_the_base_as_it_was(documents, semantic_kb):
    kb = KnowledgeBase.build(documents, FullCache(semantic_kb.embedding_cache), calibrate=False)
    before = {d.id: d.content_hash for d in documents}
    changed = Document(documents[0].id, "Titre nouveau", "Un texte que personne n'a encodé.")
    new = Document("nouveau", "Page nouvelle", "Un autre texte jamais encodé.")
    with pytest.raises(MemoryError):
        kb.add([changed, new])
    entries = kb.index.entries.values()
    assert {e.document.id: e.content_hash for e in entries} == before
    assert len(kb.index.vectors) == len(documents) and "nouveau" not in kb


@pytest.mark.usefixtures("semantic_kb")  # skipped without the encoder
def test_a_failed_recalibration_puts_every_page_back():
    cache: dict = {}
    KnowledgeBase.build(PAGES, cache, calibrate=False)  # the pages' own vectors, cached
    kb = KnowledgeBase.build(PAGES, FullCache(cache), calibrate=False)
    with pytest.raises(MemoryError):  # the pages held out have vectors to encode
        kb.recalibrate(PAGES)
    entries = kb.index.entries.values()
    assert {e.document.id: e.content_hash for e in entries} == {p.id: p.content_hash for p in PAGES}
    assert len(kb.index.vectors) == len(PAGES)
    assert len(kb.index.sections.vectors) == len(kb.index.sections)


@pytest.mark.usefixtures("semantic_kb")  # skipped without the encoder
def test_a_recalibration_keeps_no_vector_of_the_pages_it_held_out():
    cache: dict = {}
    kb = KnowledgeBase.build(PAGES, cache, calibrate=False)
    kept = set(cache)
    assert kb.recalibrate(PAGES) is not None  # fitted: it encoded pages without a heading
    assert set(cache) == kept


def test_a_recalibration_changes_no_page_of_the_base():
    kb = lexical_base(PAGES[:12])
    kb.recalibrate(PAGES)  # pages the base never held are not added
    assert len(kb) == 12
    kb.remove(["p-3"])
    edited = Document("p-1", "Le balise", PAGES[1].body + "\n\nUne ligne ajoutée.", url="u")
    kb.add([edited])
    kb.recalibrate(PAGES)  # an old version of p-1, and p-3 which is gone
    assert "p-3" not in kb and len(kb) == 11
    [entry] = [e for e in kb.index.entries.values() if e.document.id == "p-1"]
    assert entry.content_hash == edited.content_hash and entry.document.url == "u"
