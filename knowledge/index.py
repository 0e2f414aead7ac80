"""Build and change the index of knowledge entries: lexical terms and sentence vectors."""

import dataclasses
import logging
from collections.abc import Callable, Iterable

import numpy as np

from knowledge import semantic, term_matches
from knowledge.anchors import GITHUB
from knowledge.doc_freq import DocFrequencies
from knowledge.documents import Document, encodable
from knowledge.entry import Entry, packed
from knowledge.lexical import LexicalIndex
from knowledge.memory import release_freed_memory
from knowledge.passages import passages
from knowledge.ranking import DEFAULT_WEIGHTS
from knowledge.section_index import SectionIndex, section_text, split, vector_key
from knowledge.synonyms import Synonyms, load_synonyms
from knowledge.text import analyze
from knowledge.vectors import VectorStore

log = logging.getLogger(__name__)

EmbeddingCache = dict[str, np.ndarray]
# Passages of entries kept between questions; cleared wholesale when full.
PASSAGES_CACHE_SIZE = 2048


class KnowledgeIndex:
    """Entries by slot, their lexical index and their vectors; add and remove in place."""

    def __init__(
        self,
        synonyms: Synonyms | None = None,
        semantic_search: bool = True,
        encode_processes: int | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        anchor_style: str = GITHUB,
    ):
        # None: one encoder process per CPU for large imports; on_progress(done, total).
        self.encode_processes = encode_processes
        self.on_progress = on_progress
        self.synonyms = synonyms if synonyms is not None else load_synonyms()
        self.semantic = semantic_search
        self.entries: dict[int, Entry] = {}
        self.slot_of: dict[str, int] = {}
        self.lexical = LexicalIndex()
        self.anchor_style = anchor_style
        self.sections = SectionIndex()
        # Fitted on this base once it is built (knowledge.calibration); None: the defaults.
        self.calibration = None
        self.weights = DEFAULT_WEIGHTS
        self.vectors = VectorStore()
        self.embedding_cache: EmbeddingCache = {}
        self.vocabulary: dict[str, int] = {}
        self.doc_freq = DocFrequencies()
        self.last_encoded = 0
        self._next_slot = 0
        # By entry, not slot: hits are built when first read, and a slot may hold another
        # entry by then (an import in another thread); an entry never changes.
        self._passages_cache: dict[Entry, list[tuple[str, str]]] = {}
        self._shared_sets: dict[frozenset[str], frozenset[str]] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def terms(self, text: str, lang: str) -> list[str]:
        """Analyze text with this index's synonyms."""
        return analyze(text, lang, self.synonyms)

    def idf(self, terms: Iterable[str]) -> dict[str, float]:
        """Return the BM25 idf of each distinct term over the live entries."""
        vocabulary = self.vocabulary
        # In the question's order, not a set's: sums over this dict (an entry's share of the
        # question's rarity) then add in the same order in every process, to the last bit.
        ids = {term: vocabulary.get(term) for term in dict.fromkeys(terms)}
        return self.doc_freq.idf(ids, len(self.entries))

    def _term_id(self, term: str) -> int:
        """Return the id of a term, giving new terms the next id."""
        return self.vocabulary.setdefault(term, len(self.vocabulary))

    def matched_weights(self, weights: list[dict[str, float]], slots: list[int], held=None):
        """Return, for each weighting (row) and slot (column), the weight of the terms found;
        `held` (term_matches.Held, when given) gets the terms each slot holds."""
        return term_matches.matched_weights(self.vocabulary, self.entries, weights, slots, held)

    def entry_passages(self, entry: Entry) -> list[tuple[str, str]]:
        """Return an entry's body passages with their folded text (kept for recent entries)."""
        cached = self._passages_cache.get(entry)
        if cached is None:
            cached = entry.passages
            if len(self._passages_cache) >= PASSAGES_CACHE_SIZE:
                self._passages_cache.clear()
            self._passages_cache[entry] = cached
        return cached

    def holds(self, document: Document) -> bool:
        """Say whether the index holds this document as it is (its text and its fields)."""
        document = encodable(document)
        slot = self.slot_of.get(document.id)
        if slot is None:
            return False
        entry = self.entries[slot]
        return (
            entry.content_hash == document.content_hash
            and entry.document == dataclasses.replace(document, body="")
        )

    def matched_terms(self, slots: list[int], terms: list[str], entries=None) -> list[list[str]]:
        """Return, for each slot, the terms (of a question, in order) that the entry's title,
        body or services contain; `entries` (by slot): those to read instead of the live ones."""
        entries = self.entries if entries is None else entries
        return term_matches.matched_terms(self.vocabulary, entries, slots, terms)

    def add(self, documents: Iterable[Document], embedding_cache: EmbeddingCache | None = None):
        """Add or replace entries; vectors come from the cache when their text is unchanged.

        An id given twice keeps its last document. Half a surrogate pair in a document
        (which no hash or store can encode) reads U+FFFD. Vectors are encoded first: an
        encoder that fails leaves the index as it was."""
        # Both copies of an id indexed made the first one a ghost that remove() missed;
        # a surrogate raised halfway, leaving postings of an entry never stored.
        documents = list({d.id: encodable(d) for d in documents}.values())
        if embedding_cache is not None:
            self.embedding_cache = embedding_cache
        keys = self._encoded(documents) if self.semantic else None
        self.remove(d.id for d in documents if d.id in self.slot_of)
        slots, pids = [], []
        for document in documents:
            slots.append(self._add_lexical(document))
            pids += self._add_sections(slots[-1], document)
        self.lexical.commit()
        self.sections.commit()
        if keys is not None:
            self._store_vectors(slots, pids, *keys)
        release_freed_memory()
        return self

    def _add_sections(self, slot: int, document: Document) -> list[int]:
        """Index the sections of a long article; return their passage ids."""
        # Split again rather than kept from encoding: 43,000 sections held at once (their
        # text, twice) left 8 MB more resident after a 50,000-entry build.
        found = split(document, self.anchor_style)
        return self.sections.add(slot, found, lambda text: self.terms(text, document.lang))

    def _add_lexical(self, document: Document) -> int:
        """Index the terms of one document under a new slot."""
        slot, self._next_slot = self._next_slot, self._next_slot + 1
        title = self.terms(document.title, document.lang)
        services = self.terms(" ".join(document.services), document.lang)
        body = self.terms(document.body, document.lang)
        # The title is the page's first line, so the body holds it too: with the title's
        # boost at 0 a page reads as plain BM25 reads it, one field.
        self.lexical.add(slot, {"title": title, "body": title + body, "services": services})
        ids = sorted({self._term_id(t) for t in (*title, *body, *services)})
        term_ids = np.array(ids, dtype=np.int32)
        self.doc_freq.add(term_ids)
        service_set = frozenset(services)
        self.entries[slot] = Entry(
            dataclasses.replace(document, body=""),
            packed(passages(document.body)),
            document.content_hash,
            tuple(sorted(set(title))),
            self._shared_sets.setdefault(service_set, service_set),
            term_ids.tobytes(),
        )
        self.slot_of[document.id] = slot
        return slot

    def _encoded(self, documents: list[Document]) -> tuple | None:
        """Encode the entry and section texts missing from the cache; return the vector keys
        of the entries and of their sections (None: no encoder, the index goes lexical)."""
        cache = self.embedding_cache
        keys = [semantic.vector_key(d) for d in documents]
        section_keys, texts = [], {}
        for document in documents:
            for section in split(document, self.anchor_style):
                text = section_text(document, section)
                section_keys.append(vector_key(text))
                if section_keys[-1] not in cache:  # texts only for what is missing
                    texts[section_keys[-1]] = text
        missing = _missing(cache, keys, documents, section_keys, texts)
        self.last_encoded = 0
        if missing and not semantic.available():
            self.semantic = False
            return None
        for vectors in semantic.encode_batches([t for _, t in missing], self.encode_processes):
            batch = missing[self.last_encoded : self.last_encoded + len(vectors)]
            cache.update(zip((k for k, _ in batch), vectors, strict=True))
            self.last_encoded += len(batch)
            if self.on_progress:
                self.on_progress(self.last_encoded, len(missing))
        return keys, section_keys

    def _store_vectors(self, slots: list[int], pids: list[int], keys, section_keys) -> None:
        """Store the cached vectors of new entries and of their sections."""
        cache = self.embedding_cache
        if slots:
            stacked = np.stack([np.asarray(cache[k]) for k in keys])
            self.vectors.add(slots, stacked.astype(np.float32))
        self.sections.add_vectors(pids, [cache[k] for k in section_keys])

    def remove(self, ids: Iterable[str]) -> None:
        """Remove entries by id (unknown ids are ignored)."""
        slots = {self.slot_of.pop(i) for i in list(ids) if i in self.slot_of}
        if not slots:
            return
        for slot in slots:
            entry = self.entries.pop(slot)
            self.doc_freq.remove(entry.term_ids)
            self._passages_cache.pop(entry, None)
            self.lexical.remove(slot)
        self.sections.remove(slots)
        self.lexical.commit()
        self.sections.commit()
        self.vectors.remove(slots)
        release_freed_memory()


def _missing(cache, keys, documents, section_keys, section_texts) -> list[tuple[str, str]]:
    """Return (key, text) of each distinct vector the cache lacks, entries first
    (`section_texts`: the text of each section key missing)."""
    # Texts only for what is missing: all 50,000 entries' texts would weigh 60 MB at
    # once, memory that the allocator then keeps for the life of the process.
    wanted = dict.fromkeys(k for k in (*keys, *section_keys) if k not in cache)
    texts = {k: semantic.entry_text(d) for k, d in zip(keys, documents, strict=True) if k in wanted}
    texts.update(section_texts)
    return [(k, texts[k]) for k in wanted]


def build_index(documents, embedding_cache=None, semantic_search=True, synonyms=None):
    """Build an index of documents (see KnowledgeIndex.add for the cache)."""
    index = KnowledgeIndex(synonyms, semantic_search)
    return index.add(documents, {} if embedding_cache is None else embedding_cache)
