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


def _grown(table: np.ndarray, index: int, fill: int = -1) -> np.ndarray:
    """Return the table, or a copy twice as long (filled with `fill`), holding `index`."""
    if index < len(table):
        return table
    grown = np.full(max(2 * len(table), index + 1), fill, dtype=table.dtype)
    grown[: len(table)] = table
    return grown  # assigned at once by the caller: a reader sees the old table or the new


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
        # The entry slot of each passage id (-1: removed), and each entry slot's first id
        # and number of ids: a question reads a thousand of them at a time.
        self.owner = np.zeros(0, dtype=np.int64)
        self.first = np.zeros(0, dtype=np.int64)
        self.count = np.zeros(0, dtype=np.int64)
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
            self._own(ids, slot)
            self._dirty = True
        return ids

    def _own(self, ids: list[int], slot: int) -> None:
        """Record the owner of new passage ids, and the entry's first id and count."""
        self.owner = _grown(self.owner, ids[-1])
        self.owner[ids] = slot
        self.first, self.count = _grown(self.first, slot), _grown(self.count, slot, 0)
        # An entry's ids are consecutive (given in one call, one after the other).
        self.first[slot], self.count[slot] = ids[0], len(ids)

    def ids_of(self, slots: list[int]) -> np.ndarray:
        """Return the passage ids of entries, entry after entry, each entry's in order."""
        slots = np.array(slots, dtype=np.int64)
        slots = slots[(slots >= 0) & (slots < len(self.count))]
        counts = self.count[slots]
        starts, counts = self.first[slots][counts > 0], counts[counts > 0]
        # Each entry's run of ids: its first id, then one more for each id before it.
        ends = np.cumsum(counts)
        return np.repeat(starts - ends + counts, counts) + np.arange(ends[-1] if len(ends) else 0)

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
            self.owner[list(gone)] = -1
            self.count[[slot for slot in slots if slot < len(self.count)]] = 0
            self.vectors.remove(gone)
            self._dirty = True
