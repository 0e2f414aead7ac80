"""Ask a base its own pseudo-questions and record what it answered, for its calibration.

Each heading is asked with the heading taken out of its page (the page should come first),
then, for some pages, with the whole page taken out (silence is right); the shipped
off-topic questions follow. The index is left as it was."""

from contextlib import contextmanager
from typing import NamedTuple

from knowledge.confidence import signals
from knowledge.pseudo import PER_PAGE, Pseudo, off_topic, sample
from knowledge.search import best_candidates, read_question
from knowledge.tradeoff import ANSWERABLE, IN_DOMAIN, OFF_TOPIC

# Fewer answerable pseudo-questions than this: the base keeps the default calibration.
MIN_QUESTIONS = 20
# Answerable pseudo-questions asked at most (they cost a search each, and re-encoding
# the sections whose heading is taken out).
SAMPLE = 240
# Pages taken out whole, for in-domain questions that have no answer left: every page
# that gave a pseudo-question, up to this many, a tenth of the base at a time (so the base
# keeps most of its pages, as when one page is missing), each round asking its pages'.
UNANSWERABLE_PAGES = 240
ROUND_SHARE = 0.1


class Observed(NamedTuple):
    """What the engine answered to one pseudo-question."""

    rows: list  # each hit's signals (knowledge.confidence.signals)
    labels: list[float]  # 1.0 for a hit that is the expected entry
    expected: str | None  # the entry that answers it (None: unanswerable)
    kind: str  # knowledge.tradeoff: answerable, in_domain or off_topic


def observe(index, documents, salt: str = "") -> list | None:
    """Ask the base its pseudo-questions; return what it answered (None: too few).

    salt: draw the pseudo-questions in another stable order (pseudo.sample)."""
    pseudo = sample(list(documents), SAMPLE, index.anchor_style, salt)
    if len(pseudo) < MIN_QUESTIONS:
        return None
    originals = {d.id: d for d in documents}
    seen = []
    for round_ in _rounds(pseudo):
        with _swapped(index, [p.held_out for p in round_], originals):
            seen += [_observe(index, p.question, p.entry_id, ANSWERABLE) for p in round_]
    pages = list(dict.fromkeys(p.entry_id for p in pseudo))[:UNANSWERABLE_PAGES]
    step = max(1, round(len(documents) * ROUND_SHARE))
    for start in range(0, len(pages), step):
        # A list, not a set: pages come back in this order, and slots follow it.
        removed = pages[start : start + step]
        with _swapped(index, [], originals, removed=removed):
            out = set(removed)
            asked = [p.question for p in pseudo if p.entry_id in out]
            seen += [_observe(index, q, None, IN_DOMAIN) for q in asked]
    seen += [_observe(index, q, None, OFF_TOPIC) for q in off_topic()]
    return seen


def _rounds(pseudo: list[Pseudo]) -> list[list[Pseudo]]:
    """Split pseudo-questions so that a page is held out for one question at a time."""
    rounds: list[list[Pseudo]] = [[] for _ in range(PER_PAGE)]
    for p in pseudo:
        taken = next(r for r in rounds if all(q.entry_id != p.entry_id for q in r))
        taken.append(p)
    return [r for r in rounds if r]


@contextmanager
def _swapped(index, held_out, originals, removed=()):
    """Replace some entries (or remove some) for the duration of the block; the originals
    come back however it ends (a replacement that failed to encode included)."""
    try:
        index.add(held_out)
        index.remove(removed)
        yield
    finally:
        index.add([originals[d.id] for d in held_out] + [originals[i] for i in removed])


def _observe(index, text: str, expected: str | None, kind: str) -> Observed:
    """Return the signals of the top hits for a question and each hit's label."""
    best, runner_up = best_candidates(index, read_question(index, text, ""), {})
    ids = [index.entries[c.slot].document.id for c in best]
    return Observed(signals(best, runner_up), [float(i == expected) for i in ids], expected, kind)
