"""Pseudo-questions drawn from a base itself, to calibrate its confidence (pure).

A section's heading says what the section answers: asked as a question, with the heading
taken out of its page, it is a question whose right answer is known. The same heading
asked after its whole page is taken out has no answer in the base: the engine should
stay silent. A base's own words thus tell how its scores read, whatever its style."""

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path

from knowledge.anchors import GITHUB, split_explicit_id
from knowledge.documents import Document
from knowledge.sections import headings, sections

# A heading of fewer words names a topic ("Prérequis"), not a need.
MIN_WORDS = 3
# Headings asked per page: a long page must not make up the whole sample. Four rather than
# two: with two, which two were drawn left 67 % to 100 % of a 60-page base's off-topic
# questions silent; with four, 100 % in every draw (bench/RESULTS.md, "Knowledge:
# calibration spread").
PER_PAGE = 4
# Pages read at most to find pseudo-questions.
MAX_SCAN = 5000
NUMBERING = re.compile(r"^\s*(?:(?:étape|step|partie|part)\s+)?\d+(?:\.\d+)*\s*[.):-]?\s*", re.I)
OFF_TOPIC_FILE = Path(__file__).with_name("offtopic.txt")


@dataclass(frozen=True)
class Pseudo:
    """A question from a heading, the entry that answers it, and that entry without it."""

    question: str
    entry_id: str
    held_out: Document


def question_of(heading: str) -> str:
    """Return a heading as a member would ask it: no numbering, no trailing colon."""
    return NUMBERING.sub("", heading).strip().rstrip(":").strip()


def without_heading(body: str, heading: str) -> str:
    """Return the body with the first heading of this text removed (an ATX line, or a
    setext title and its underline; an explicit `{#id}` is not part of the text)."""
    lines = body.split("\n")
    for i, _, text, span in headings(lines):
        if split_explicit_id(text)[0] == heading:
            return "\n".join(lines[:i] + lines[i + span :])
    return body


def _rank_key(document: Document, heading: str, salt: str = "") -> str:
    """Return a stable pseudo-random order, the same on every run for the same base."""
    # surrogatepass: headings may hold undecodable bytes as surrogates.
    key = f"{salt}{document.id}\x1f{heading}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(key).hexdigest()


def from_document(document: Document, anchor_style: str = GITHUB, salt: str = "") -> list[Pseudo]:
    """Return up to PER_PAGE pseudo-questions of one article, in a stable order.

    salt: another stable order (bench/calibration_spread.py measures what the order moves)."""
    if document.kind != "article":
        return []
    found = sections(document.body, document.title, anchor_style)
    headings = [s.heading for s in found if s.path]
    usable = [h for h in dict.fromkeys(headings) if len(question_of(h).split()) >= MIN_WORDS]
    usable.sort(key=lambda h: _rank_key(document, h, salt))
    body = document.body
    return [
        Pseudo(question_of(h), document.id, replace(document, body=without_heading(body, h)))
        for h in usable[:PER_PAGE]
    ]


def sample(
    documents: list[Document], limit: int, anchor_style: str = GITHUB, salt: str = ""
) -> list[Pseudo]:
    """Return at most `limit` pseudo-questions, spread over as many pages as possible."""
    shuffled = sorted(documents, key=lambda d: hashlib.sha256((salt + d.id).encode()).hexdigest())
    ordered = []
    # A large base of short entries has no headings: reading a sample of it is enough.
    for document in shuffled[:MAX_SCAN]:
        found = from_document(document, anchor_style, salt)
        if found:
            ordered.append(found)
        if len(ordered) >= limit:
            break
    out = []
    for round_ in range(PER_PAGE):
        out += [p[round_] for p in ordered if len(p) > round_]
    return out[:limit]


def off_topic(lang: str = "") -> list[str]:
    """Return the shipped questions that no hosting documentation answers."""
    lines = OFF_TOPIC_FILE.read_text(encoding="utf-8").splitlines()
    rows = [line.split("|", 1) for line in lines if line.strip() and not line.startswith("#")]
    return [text.strip() for code, text in rows if not lang or code.strip() == lang]
