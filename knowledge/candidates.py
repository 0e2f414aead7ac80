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
    """Return the candidates of both engines, all their signals filled in, as one Candidate
    of arrays, slots ascending: some seventy candidates cost less in
    arrays than one by one; `held` (term_matches.Held, when given) gets the question's
    terms each candidate holds."""
    terms = question.weighted()
    lexical, bm25_found = index.lexical.ranked(terms, LEXICAL_CANDIDATES)
    semantic: dict[int, float] = {}
    if question.vector is not None:
        semantic = index.vectors.top(question.vector, SEMANTIC_CANDIDATES)
    lexical_slots = lexical.tolist()
    found = passage_scores(index.sections, terms, question.vector, {*lexical_slots, *semantic})
    slots = sorted({*lexical_slots, *semantic, *found.best[0].tolist()})
    at = np.array(slots, dtype=np.int64)
    bm25 = _placed(at, lexical, bm25_found, np.zeros(len(slots)))
    lex = bm25 / (float(bm25_found.max(initial=0.0)) or 1.0)
    sem = np.zeros(len(slots))
    if question.vector is not None:
        missing = [slot for slot in slots if slot not in semantic]
        semantic.update(index.vectors.scores(question.vector, missing))
        sem = np.array([semantic.get(slot, 0.0) for slot in slots], dtype=np.float64)
    total_idf = sum(question.idf.values()) or 1.0
    weights = [_shares(question.title_terms), question.idf]
    title, covered = index.matched_weights(weights, slots, held)
    chosen = [index.entries[slot] for slot in slots]
    named = _named(question.term_set, chosen)
    service = np.array([named[entry.service_terms] for entry in chosen], dtype=np.float64)
    feedback = np.zeros(len(slots))
    if boosts:
        feedback = np.array([boosts.get(e.document.id, 0.0) for e in chosen], dtype=np.float64)
    passage = _passages(index, at, found, lex, sem)
    coverage, score = covered / total_idf, np.zeros(len(slots))  # score: set by ranking
    return Candidate(at, lex, bm25, sem, title, service, coverage, feedback, *passage, score)


def _passages(index: KnowledgeIndex, at: np.ndarray, found, lex, sem):
    """Return each candidate's best section signals and best section (-1: none); an entry
    of one section is its own passage."""
    long_slots = index.sections.of_slot
    if not long_slots:  # most bases have no long article
        return lex, sem, np.full(len(at), -1, dtype=np.int64)
    long = np.array([slot in long_slots for slot in at.tolist()], dtype=bool)
    best_lexical = _placed(at, *found.lexical, np.where(long, 0.0, lex))
    best_semantic = _placed(at, *found.semantic, np.where(long, 0.0, sem))
    return best_lexical, best_semantic, _placed(at, *found.best, np.full(len(at), -1))


def _placed(at: np.ndarray, slots: np.ndarray, values: np.ndarray, into: np.ndarray):
    """Put `values` into `into` (a new array by candidate, `at` ascending) at their
    `slots`, a subset of `at`; return it."""
    into[np.searchsorted(at, slots)] = values
    return into


def _named(asked: frozenset[str], entries) -> dict[frozenset[str], float]:
    """Return 1.0 for each set of services of the entries that the question names, else 0.0."""
    # Entries share their sets of services: each distinct set is compared once.
    return {s: 0.0 if s.isdisjoint(asked) else 1.0 for s in {e.service_terms for e in entries}}


def _shares(terms: frozenset[str]) -> dict[str, float]:
    """Weigh each term by 1/len(terms), so that matched weights sum to a share."""
    return {term: 1.0 / len(terms) for term in terms}
