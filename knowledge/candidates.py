"""Gather candidate entries for a question from the lexical and semantic engines."""

import functools
from dataclasses import dataclass, field

import numpy as np

from knowledge.index import KnowledgeIndex
from knowledge.passage_scores import passage_scores
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


def gather(index: KnowledgeIndex, question: Question, boosts: dict[str, float], held=None):
    """Return the candidates of both engines with all their signals filled in; `held`
    (term_matches.Held, when given) gets the question's terms each candidate holds."""
    terms = question.weighted()
    lexical = dict(index.lexical.search(terms, LEXICAL_CANDIDATES))
    semantic: dict[int, float] = {}
    if question.vector is not None:
        semantic = index.vectors.top(question.vector, SEMANTIC_CANDIDATES)
    found = passage_scores(index.sections, terms, question.vector, lexical.keys() | semantic.keys())
    slots = sorted(lexical.keys() | semantic.keys() | found.best.keys())
    if question.vector is not None:
        missing = [slot for slot in slots if slot not in semantic]
        semantic.update(index.vectors.scores(question.vector, missing))
    total_idf = sum(question.idf.values()) or 1.0
    weights = index.matched_weights([_shares(question.title_terms), question.idf], slots, held)
    # Python floats at once: indexing a NumPy array per candidate costs more than the rest.
    title, coverage = weights.tolist()
    best_bm25 = max(lexical.values(), default=0.0) or 1.0
    long_slots, chosen = index.sections.of_slot, [index.entries[slot] for slot in slots]
    named = _named(question.term_set, chosen)
    # Candidate._make without its check of the length, which is right here: half the cost.
    candidates, make = [], tuple.__new__
    for slot, entry, title_share, covered in zip(slots, chosen, title, coverage, strict=True):
        bm25, sem = lexical.get(slot, 0.0), semantic.get(slot, 0.0)
        lex = bm25 / best_bm25
        long = long_slots and slot in long_slots  # most bases have no long article
        candidates.append(  # one tuple: keywords make building a candidate twice as slow
            make(
                Candidate,
                (
                    slot,
                    lex,
                    bm25,
                    sem,
                    title_share,
                    named[entry.service_terms],
                    covered / total_idf,
                    boosts.get(entry.document.id, 0.0) if boosts else 0.0,
                    found.lexical.get(slot, 0.0) if long else lex,
                    found.semantic.get(slot, 0.0) if long else sem,
                    found.best.get(slot, -1) if long_slots else -1,
                    0.0,  # the score, set by ranking
                ),
            )
        )
    return candidates


def _named(asked: frozenset[str], entries) -> dict[frozenset[str], float]:
    """Return 1.0 for each set of services of the entries that the question names, else 0.0."""
    # Entries share their sets of services: each distinct set is compared once.
    return {s: 0.0 if s.isdisjoint(asked) else 1.0 for s in {e.service_terms for e in entries}}


def _shares(terms: frozenset[str]) -> dict[str, float]:
    """Weigh each term by 1/len(terms), so that matched weights sum to a share."""
    return {term: 1.0 / len(terms) for term in terms}
