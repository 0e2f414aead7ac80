"""Gather candidate entries for a question from the lexical and semantic engines."""

import functools
from dataclasses import dataclass, field

import numpy as np

from knowledge.index import KnowledgeIndex
from knowledge.ranking import Candidate

# Entries taken from each engine before ranking; the union is scored on every signal.
LEXICAL_CANDIDATES = 30
SEMANTIC_CANDIDATES = 30
# A member's title states the need; the body adds context and noise.
TITLE_TERM_WEIGHT = 1.0


@dataclass(frozen=True)
class Question:
    """A question as the engines see it."""

    text: str
    lang: str
    terms: list[str]
    title_terms: frozenset[str]
    vector: np.ndarray | None = None
    idf: dict[str, float] = field(default_factory=dict)

    @functools.cached_property
    def term_set(self) -> frozenset[str]:
        """Return the distinct terms of the question."""
        return frozenset(self.terms)

    def weighted(self, leave_out: frozenset[str] = frozenset()) -> dict[str, float]:
        """Return the query terms with their weights (title terms count more)."""
        return {
            term: TITLE_TERM_WEIGHT if term in self.title_terms else 1.0
            for term in self.terms
            if term not in leave_out
        }


def gather(index: KnowledgeIndex, question: Question, boosts: dict[str, float]) -> list:
    """Return the candidates of both engines with all their signals filled in."""
    lexical = dict(index.lexical.search(question.weighted(), LEXICAL_CANDIDATES))
    semantic: dict[int, float] = {}
    if question.vector is not None:
        semantic = index.vectors.top(question.vector, SEMANTIC_CANDIDATES)
        missing = [slot for slot in lexical if slot not in semantic]
        semantic.update(index.vectors.scores(question.vector, missing))
    slots = sorted(lexical.keys() | semantic.keys())
    total_idf = sum(question.idf.values()) or 1.0
    title, coverage = index.matched_weights([_shares(question.title_terms), question.idf], slots).T
    best_bm25 = max(lexical.values(), default=0.0) or 1.0
    candidates = []
    for i, slot in enumerate(slots):
        entry = index.entries[slot]
        candidates.append(
            Candidate(
                slot=slot,
                lexical=lexical.get(slot, 0.0) / best_bm25,
                bm25=lexical.get(slot, 0.0),
                semantic=semantic.get(slot, 0.0),
                title=float(title[i]),
                service=1.0 if entry.service_terms & question.term_set else 0.0,
                coverage=float(coverage[i]) / total_idf,
                feedback=boosts.get(entry.document.id, 0.0),
            )
        )
    return candidates


def _shares(terms: frozenset[str]) -> dict[str, float]:
    """Weigh each term by 1/len(terms), so that matched weights sum to a share."""
    return {term: 1.0 / len(terms) for term in terms}
