"""The hits shown for a question: snippet, link to the section, and the member's words."""

from dataclasses import dataclass

from knowledge.candidates import Question
from knowledge.documents import web_address
from knowledge.entry import Entry
from knowledge.index import KnowledgeIndex
from knowledge.passages import MARKDOWN_LINK, best_passage
from knowledge.ranking import Candidate
from knowledge.section_index import Passage
from knowledge.text import words_for_terms

MAX_WHY = 6


@dataclass(frozen=True)
class Hit:
    """An entry proposed for a question, with why and how sure."""

    entry_id: str
    title: str
    url: str
    confidence: float
    snippet: str
    why: tuple[str, ...]  # the question's words that the entry contains, rarest first
    kind: str
    section: str = ""  # the headings of the section quoted, " > " between them ("": whole)

    @property
    def label(self) -> str:
        """Return the entry's title, and the section's headings when one is quoted."""
        return (
            f"{self.title} › {self.section.replace(' > ', ' › ')}" if self.section else self.title
        )


@dataclass(frozen=True)
class Shown:
    """A ranked candidate to show, with its entry and section as they were when ranked:
    hits are built when first read, and by then an import may have changed the slot."""

    candidate: Candidate
    entry: Entry
    passage: Passage | None  # None: the whole entry


def shown(index: KnowledgeIndex, best) -> list[Shown]:
    """Return the ranked candidates to show with their entries and sections."""
    passages_of = index.sections.passages
    return [Shown(c, index.entries[c.slot], passages_of.get(c.passage)) for c in best]


def build_hits(index: KnowledgeIndex, question: Question, best: list[Shown], sure, held=None):
    """Build the hits of the ranked candidates, their terms in the member's own words;
    `held` (term_matches.Held): the terms each candidate holds, when gathering kept them."""
    idf, slots = question.idf, [s.candidate.slot for s in best]
    matched = held.sorted_terms(slots, question.term_set) if held is not None else None
    if matched is None:
        entries = {s.candidate.slot: s.entry for s in best}
        matched = index.matched_terms(slots, sorted(question.term_set), entries)
    weights = [{t: idf.get(t, 0.0) for t in m} for m in matched]
    whys = [sorted(m, key=lambda t: (-idf.get(t, 0.0), t))[:MAX_WHY] for m in matched]
    terms = {t for why in whys for t in why}
    typed = words_for_terms(question.text, terms, question.lang, index.synonyms)
    return tuple(
        _hit(index, s, p, w, tuple(dict.fromkeys(typed.get(t, t) for t in why)))
        for s, p, w, why in zip(best, sure, weights, whys, strict=True)
    )


def _hit(index: KnowledgeIndex, chosen: Shown, confidence: float, weights, why) -> Hit:
    """Build the hit of a ranked candidate: its snippet holds the most weight of its terms."""
    document, passage = chosen.entry.document, chosen.passage
    # Imports refuse other urls, but a base may hold entries stored before they did: a
    # `javascript:` link must not reach a draft or the triage page.
    url = web_address(document.url)
    if passage is None:
        snippet = best_passage(index.entry_passages(chosen.entry), weights)
        return Hit(document.id, document.title, url, confidence, snippet, why, document.kind)
    snippet = best_passage(passage.passages, weights)
    url = f"{url}#{passage.anchor}" if url and passage.anchor else url
    # A link in a heading shows as its text: the label is itself put in a link.
    section = MARKDOWN_LINK.sub(r"\1", " > ".join(passage.path))
    return Hit(document.id, document.title, url, confidence, snippet, why, document.kind, section)
