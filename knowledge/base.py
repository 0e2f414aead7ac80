"""The facade the bot calls: build a knowledge base, search it, change it."""

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from knowledge.anchors import GITHUB
from knowledge.calibration import calibrate as fit_calibration
from knowledge.candidates import Question
from knowledge.confidence import Fitted
from knowledge.documents import Document
from knowledge.feedback import FeedbackRecord
from knowledge.index import EmbeddingCache, KnowledgeIndex
from knowledge.rwlock import ReadWriteLock
from knowledge.search import SearchResult, answer, question_terms, read_question, search
from knowledge.synonyms import load_synonyms


@dataclass(frozen=True)
class BaseStats:
    """Entries, indexed sections (of long articles), and the base's own calibration."""

    entries: int
    sections: int
    calibration: Fitted | None


class KnowledgeBase:
    """Searchable knowledge entries; entries can be added and removed while in use.

    Searches run together; a change (add, remove, recalibrate) waits for the searches
    running, and searches arriving meanwhile wait for it (knowledge.rwlock)."""

    def __init__(self, index: KnowledgeIndex):
        self.index = index
        self._lock = ReadWriteLock()

    @classmethod
    def build(
        cls,
        documents: Iterable[Document],
        embedding_cache: EmbeddingCache | None = None,
        semantic: bool = True,
        synonyms_path=None,
        encode_processes: int | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        anchor_style: str = GITHUB,
        calibrate: bool = True,
        on_calibrating: Callable[[], None] | None = None,
        fitted: Fitted | None = None,
    ) -> "KnowledgeBase":
        """Index documents; vectors found in `embedding_cache` (by content hash) are reused.

        New vectors are encoded in `encode_processes` processes (None: one per CPU) and
        reported to `on_progress(encoded, to_encode)`. Headings are anchored in
        `anchor_style` (knowledge.anchors). With `calibrate`, the base then fits its
        confidence and threshold on its own headings (knowledge.calibration), announced
        by `on_calibrating()`; what it encodes then is not reported as entries. `fitted`:
        the calibration of an earlier build of the same base, used instead."""
        documents = list(documents)
        synonyms = load_synonyms(synonyms_path or None)
        index = KnowledgeIndex(synonyms, semantic, encode_processes, on_progress, anchor_style)
        index.add(documents, {} if embedding_cache is None else embedding_cache)
        base = cls(index)
        if fitted is not None or calibrate:
            if fitted is None and on_calibrating:
                on_calibrating()
            base.recalibrate(documents, fitted)
        return base

    def recalibrate(self, documents: Iterable[Document], fitted: Fitted | None = None):
        """Use `fitted`, or fit the confidence anew on the base's documents; return it."""
        with self._lock.writing():  # pages are swapped in and out while it fits
            return self._recalibrate(documents, fitted)

    def _recalibrate(self, documents: Iterable[Document], fitted: Fitted | None):
        """Fit the confidence (unless `fitted` is given) and use it; return it."""
        index = self.index
        if fitted is None:
            # Only pages the base holds as given: calibration puts back the pages it was
            # given, and would otherwise add pages, or bring back old or removed ones.
            documents = [d for d in documents if index.holds(d)]
            # Not new entries: neither reported nor counted as encoded by the build.
            progress, index.on_progress = index.on_progress, None
            encoded, cached = index.last_encoded, len(index.embedding_cache)
            try:
                fitted = fit_calibration(index, documents)
            finally:
                index.on_progress, index.last_encoded = progress, encoded
                _forget_newest(index.embedding_cache, len(index.embedding_cache) - cached)
        index.calibration = fitted
        return fitted

    def stats(self) -> BaseStats:
        """Return what the base holds and how its confidence is calibrated."""
        with self._lock.reading():  # a recalibration takes pages out for a while
            return BaseStats(len(self.index), len(self.index.sections), self.index.calibration)

    @property
    def embedding_cache(self) -> EmbeddingCache:
        """Return the cache of vectors by content hash, updated with every encoded entry.

        It is the base's own dict: a caller reading it while another thread adds entries
        must keep that thread out (the bot reads and changes a base under one lock)."""
        return self.index.embedding_cache

    @property
    def last_encoded(self) -> int:
        """Return how many entries the last build or add had to encode."""
        return self.index.last_encoded

    @property
    def semantic(self) -> bool:
        """Say whether the sentence encoder is in use."""
        return self.index.semantic

    def __len__(self) -> int:
        with self._lock.reading():
            return len(self.index)

    def __contains__(self, entry_id: str) -> bool:
        with self._lock.reading():
            return entry_id in self.index.slot_of

    def add(self, documents: Iterable[Document]) -> None:
        """Add entries, or replace those with the same id."""
        documents = list(documents)  # read before searches are held
        with self._lock.writing():
            self.index.add(documents)

    def remove(self, entry_ids: Iterable[str]) -> None:
        """Remove entries by id."""
        entry_ids = list(entry_ids)
        with self._lock.writing():
            self.index.remove(entry_ids)

    def search(
        self,
        title: str,
        body: str = "",
        feedback: Iterable[FeedbackRecord] = (),
        threshold: float | None = None,
    ) -> SearchResult:
        """Return up to three hits for a forum question, and whether to suggest them."""
        feedback = tuple(feedback)
        with self._lock.reading():
            return search(self.index, title, body, feedback, threshold)

    def query_terms(self, title: str, body: str = "") -> frozenset[str]:
        """Return the analyzed terms of a question, as feedback records store them.

        A search's result carries them already; this analyzes a question without searching."""
        with self._lock.reading():
            return question_terms(self.index, title, body)

    def read(self, title: str, body: str = "") -> Question:
        """Clean, analyze and encode a text once, for a search and for comparing texts.

        The vector is there whenever the encoder is, even while the base is empty."""
        with self._lock.reading():
            return read_question(self.index, title, body, always_encode=True)

    def answer(
        self,
        question: Question,
        feedback: Iterable[FeedbackRecord] = (),
        threshold: float | None = None,
    ) -> SearchResult:
        """Search for a question already read (see `read`)."""
        feedback = tuple(feedback)
        with self._lock.reading():
            return answer(self.index, question, feedback, threshold)

    def analyze(self, text: str, lang: str = "fr") -> list[str]:
        """Return the terms of a text under this base's rules (folding, synonyms, stems)."""
        return self.index.terms(text, lang)

    def services(self, entry_id: str) -> tuple[str, ...]:
        """Return the service tags of an entry (none for an unknown id)."""
        with self._lock.reading():
            slot = self.index.slot_of.get(entry_id)
            return () if slot is None else self.index.entries[slot].document.services

    def idf(self, terms: Iterable[str]) -> dict[str, float]:
        """Return the inverse document frequency of terms over the base's entries."""
        terms = list(terms)
        with self._lock.reading():
            return self.index.idf(terms)


def _forget_newest(cache: EmbeddingCache, count: int) -> None:
    """Drop the `count` vectors last added to the cache: those of the pages calibration held
    out, which no entry has (the bot would store them with the base's own)."""
    for key in list(itertools.islice(reversed(cache), max(count, 0))):
        del cache[key]
