"""Read reports and incidents with the knowledge engine's own analysis, for linking."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from bot.incidents.catalogue import Catalogue, load_catalogue
from bot.incidents.linking import Reading
from bot.incidents.model import IncidentRow, ReportRow, UpdateRow
from bot.incidents.vocabulary import Vocabulary, with_parts
from bot.kb import live_index
from bot.kb.options import IndexOptions
from knowledge.base import KnowledgeBase
from knowledge.candidates import Question

# A knowledge-base hit this sure lends the report its entry's service tags.
KB_SERVICE_CONFIDENCE = 0.5

_lock = threading.Lock()
_vocabularies: dict[tuple[int, int], tuple[object, object, Vocabulary]] = {}


@dataclass(frozen=True)
class Reader:
    """The knowledge base, the catalogue and its analyzed vocabulary, for one question."""

    base: KnowledgeBase
    catalogue: Catalogue
    vocabulary: Vocabulary

    def read(self, title: str, body: str = "") -> tuple[Question, frozenset[str]]:
        """A text's question (terms, vector, language) and its terms with error-code parts."""
        question = self.base.read(title, body)
        return question, with_parts(question.term_set)

    def terms(self, title: str, body: str = "") -> frozenset[str]:
        """A text's terms alone (no encoding), with error-code parts."""
        return with_parts(self.base.query_terms(title, body))

    def report(self, title: str, body: str, *, hints=frozenset()) -> tuple[Reading, str]:
        """A member's report: services from its words, tags, category and similar entries."""
        question, terms = self.read(title, body)
        services = self.vocabulary.services_in(terms) | hints | self._kb_services(question)
        reading = Reading(
            terms=terms,
            vector=question.vector,
            services=services,
            symptoms=self.vocabulary.symptoms_in(terms),
            weights=question.idf,
        )
        return reading, question.lang

    def stored(self, report: ReportRow) -> Reading:
        """A stored report, its term weights taken from the current base."""
        return Reading(
            terms=report.terms,
            vector=report.vector,
            services=report.services,
            symptoms=report.symptoms,
            weights=self.base.idf(report.terms),
        )

    def incident(self, incident: IncidentRow, updates: list[UpdateRow]) -> Reading:
        """An incident: its title and public messages, its services and their symptoms."""
        messages = "\n".join(u.message for u in updates if u.public and u.message)
        question, terms = self.read(incident.title, messages)
        services = frozenset(incident.services) or self.vocabulary.services_in(terms)
        if not messages and services:
            # A monitor said only which services fail: what their failures look like stands
            # in for a message, for the encoder and the symptoms; the words stay the title's,
            # or every report naming the service would share them.
            described, described_terms = self.read(incident.title, self._failures(services))
            symptoms = self.vocabulary.symptoms_in(described_terms, services)
            return Reading(terms, described.vector, services, symptoms)
        symptoms = self.vocabulary.symptoms_in(terms, services or None)
        return Reading(terms=terms, vector=question.vector, services=services, symptoms=symptoms)

    def _failures(self, services) -> str:
        """The catalogue's names and symptoms of some services, as one text."""
        phrases = []
        for service_id in sorted(services):
            service = self.catalogue.services.get(service_id)
            if service is not None:
                groups = [service.names, *service.symptoms.values()]
                phrases += [p for group in groups for lang in group.values() for p in lang]
        return ", ".join(phrases)

    def _kb_services(self, question: Question) -> frozenset[str]:
        """The service tags of the knowledge-base entry that surely answers the report."""
        if not len(self.base):
            return frozenset()
        hits = self.base.answer(question).hits
        if not hits or hits[0].confidence < KB_SERVICE_CONFIDENCE:
            return frozenset()
        return frozenset(self.base.services(hits[0].entry_id))


def reader(context) -> Reader:
    """The reader of this process: the live index and the coop's catalogue."""
    settings = context.settings
    base = live_index.current(context.engine, settings.forum_id, IndexOptions.of(settings))
    return reader_for(base, load_catalogue(settings.services_file or None))


def reader_for(base: KnowledgeBase, catalogue: Catalogue) -> Reader:
    """A reader over a base and a catalogue; the vocabulary is analyzed once for both."""
    synonyms = base.index.synonyms
    key = (id(catalogue), id(synonyms))
    with _lock:
        cached = _vocabularies.get(key)
        if cached is None:
            # the objects stay referenced, so that their ids cannot be reused meanwhile
            cached = (catalogue, synonyms, Vocabulary.build(catalogue, base.analyze))
            _vocabularies[key] = cached
    return Reader(base, catalogue, cached[2])
