"""Answer a member's question with at most three entries, or stay silent."""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from knowledge import semantic
from knowledge.candidates import Question, gather
from knowledge.confidence import decide, default_threshold
from knowledge.duplicates import collapse
from knowledge.feedback import FeedbackRecord, adjustments
from knowledge.hits import Hit, build_hits, shown
from knowledge.index import KnowledgeIndex
from knowledge.ranking import rank_columns
from knowledge.term_matches import Held
from knowledge.text import clean_forum_text, language_and_terms

MAX_HITS = 3


@dataclass(frozen=True)
class SearchResult:
    """The hits for a question; `suggested` is False when the engine stays silent.

    Hits (snippets, the member's words) are built when first read: most questions get no
    suggestion, and the worker reads no hit of those."""

    build: Callable[[], tuple[Hit, ...]] = field(repr=False, compare=False)
    suggested: bool
    best_score: float
    threshold: float
    lang: str
    terms: frozenset[str]  # the question's analyzed terms, as feedback records store them

    @functools.cached_property
    def hits(self) -> tuple[Hit, ...]:
        """Return the hits, best first (built on first read)."""
        return self.build()


def _read(index: KnowledgeIndex, title: str, body: str) -> tuple[str, str, list[str]]:
    """Return a cleaned title and body as one text, its language and its terms."""
    text = f"{title}\n{body}".strip()
    return text, *language_and_terms(text, index.synonyms)


def question_terms(index: KnowledgeIndex, title: str, body: str) -> frozenset[str]:
    """Return a question's terms alone: one analysis, no encoding, no weights."""
    return frozenset(_read(index, clean_forum_text(title), clean_forum_text(body))[2])


def read_question(
    index: KnowledgeIndex, title: str, body: str, always_encode: bool = False
) -> Question:
    """Clean, analyze and (when possible) encode a question.

    A base without vectors has nothing to compare a vector with, so the question is not
    encoded then, unless `always_encode` (a caller comparing texts with each other)."""
    title, body = clean_forum_text(title), clean_forum_text(body)
    text, lang, terms = _read(index, title, body)
    vector = None
    if index.semantic and (always_encode or len(index.vectors)):
        encoded = semantic.encode([text])
        vector = None if encoded is None else encoded[0]
    title_terms = frozenset(index.terms(title, lang))
    return Question(text, lang, terms, title_terms, vector, index.idf(terms))


def search(
    index: KnowledgeIndex,
    title: str,
    body: str = "",
    feedback: tuple[FeedbackRecord, ...] = (),
    threshold: float | None = None,
) -> SearchResult:
    """Return up to three hits for a question and whether to suggest them."""
    return answer(index, read_question(index, title, body), feedback, threshold)


def best_candidates(index: KnowledgeIndex, question: Question, boosts: dict, held=None):
    """Return the best distinct candidates shown, and the runner-up's score after them;
    `held` (term_matches.Held, when given) gets the question's terms each candidate holds."""
    found = gather(index, question, boosts, held)
    ranked = rank_columns(found, question.vector is not None, index.weights)
    # One more than shown: the runner-up's score tells how clear the best hits are.
    kept = collapse(index, ranked, MAX_HITS + 1)
    return kept[:MAX_HITS], kept[MAX_HITS].score if len(kept) > MAX_HITS else 0.0


def answer(
    index: KnowledgeIndex,
    question: Question,
    feedback: tuple[FeedbackRecord, ...] = (),
    threshold: float | None = None,
) -> SearchResult:
    """Return up to three hits for a question already read, and whether to suggest them."""
    semantic_on = question.vector is not None
    if threshold is None:
        threshold = default_threshold(semantic_on, index.calibration)
    held = Held()  # the terms each candidate holds: gathering finds them, the hits reuse them
    boosts = adjustments(question.term_set, feedback)
    best, runner_up = best_candidates(index, question, boosts, held)
    sure, top, suggested = decide(best, runner_up, semantic_on, index.calibration, threshold)
    hits = functools.partial(build_hits, index, question, shown(index, best), sure, held)
    return SearchResult(hits, suggested, top, threshold, question.lang, question.term_set)
