"""The sections of long articles as passages of their own: terms and vectors per section.

An article with one section is its own passage: the article's signals are its passage's,
so only articles with several sections are indexed here (a base of short entries pays
nothing)."""

import hashlib
from dataclasses import dataclass

import numpy as np

from knowledge import semantic
from knowledge.documents import Document
from knowledge.entry import packed, unpacked
from knowledge.lexical import LexicalIndex
from knowledge.passages import passages
from knowledge.sections import Section, sections
from knowledge.vectors import VectorStore

# How much of a section the encoder reads, as for whole entries.
SECTION_CHARS = semantic.ENTRY_CHARS


@dataclass(frozen=True, eq=False, slots=True)
class Passage:
    """A section of an entry, known by its passage id."""

    slot: int
    path: tuple[str, ...]
    anchor: str
    # The section's passages and their folded text, compressed (knowledge.entry.packed):
    # snippets are all a search reads of a section's text, and plain text of 40,000
    # sections weighed some 40 MB.
    passages_zip: bytes

    @property
    def passages(self) -> list[tuple[str, str]]:
        """Return the section's passages (knowledge.passages), each with its folded text."""
        return unpacked(self.passages_zip)


def split(document: Document, anchor_style: str) -> list[Section]:
    """Return the sections of an article; a thread stays one passage."""
    if document.kind != "article":
        return []
    found = sections(document.body, document.title, anchor_style)
    return found if len(found) > 1 else []


def section_text(document: Document, section: Section) -> str:
    """Return what the encoder reads of a section: the page, its headings, its start."""
    where = " > ".join((document.title, *section.path))
    body = semantic.SPACES.sub(" ", semantic.MARKUP.sub(" ", section.text)).strip()
    return f"{where}. {body[:SECTION_CHARS]}"


def vector_key(text: str) -> str:
    """Return the embedding-cache key of a section's text."""
    return hashlib.sha256(f"{semantic.ENCODER_INPUT}\x1fsection\x1f{text}".encode()).hexdigest()


class SectionIndex:
    """Passages of multi-section entries: a lexical index, vectors, and their owner slot."""

    def __init__(self):
        self.lexical = LexicalIndex()
        self.vectors = VectorStore()
        self.passages: dict[int, Passage] = {}
        self.of_slot: dict[int, list[int]] = {}
        self._next = 0
        self._dirty = False

    def __len__(self) -> int:
        return len(self.passages)

    def add(self, slot: int, found: list[Section], terms) -> list[int]:
        """Queue the passages of one entry (terms: text -> analyzed terms); return their ids."""
        ids = []
        for section in found:
            pid, self._next = self._next, self._next + 1
            heading = terms(" ".join(section.path))
            self.lexical.add(pid, {"title": heading, "body": terms(section.text)})
            packed_text = packed(passages(section.text))
            self.passages[pid] = Passage(slot, section.path, section.anchor, packed_text)
            ids.append(pid)
        if ids:
            self.of_slot[slot] = ids
            self._dirty = True
        return ids

    def commit(self) -> None:
        """Apply queued changes (a commit costs milliseconds: none when nothing changed)."""
        if self._dirty:
            self.lexical.commit()
            self._dirty = False

    def add_vectors(self, pids: list[int], vectors: list[np.ndarray]) -> None:
        """Store the vectors of passages."""
        if pids:
            self.vectors.add(pids, np.stack(vectors).astype(np.float32))

    def remove(self, slots: set[int]) -> None:
        """Queue the removal of the passages of some entries (commit the lexical index)."""
        gone = {pid for slot in slots for pid in self.of_slot.pop(slot, ())}
        for pid in gone:
            del self.passages[pid]
            self.lexical.remove(pid)
        if gone:
            self.vectors.remove(gone)
            self._dirty = True

    def best_by_slot(self, scores: dict[int, float]) -> dict[int, tuple[float, int]]:
        """Return, for each entry slot, its best passage score and that passage's id."""
        best: dict[int, tuple[float, int]] = {}
        for pid, score in scores.items():
            slot = self.passages[pid].slot
            if slot not in best or score > best[slot][0]:
                best[slot] = (score, pid)
        return best
