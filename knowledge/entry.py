"""An indexed entry: its document without the body, its passages packed, its terms.

A section of a long article keeps its passages packed the same way (knowledge.section_index)."""

import zlib
from dataclasses import dataclass

import numpy as np

from knowledge.documents import Document
from knowledge.folding import fold


@dataclass(frozen=True, eq=False, slots=True)
class Entry:
    """An indexed document (the passages of its body compressed) and the terms ranking needs."""

    # The document without its body: French text is stored two bytes a character by
    # Python, and 50,000 bodies would weigh 200 MB; compressed, they weigh 50. The body
    # is kept as its passages, one a line: cutting them on the search path cost a hit
    # 35 µs, and snippets are all the index reads of a body. Their folded text follows
    # them: folding on the search path cost a hit as much as unpacking, and compressed
    # beside the text it adds a quarter to its size.
    document: Document
    passages_zip: bytes
    content_hash: str
    # A sorted tuple takes a fifth of a frozenset's memory; titles are only compared.
    title_terms: tuple[str, ...]
    # Shared between entries: a base has few distinct combinations of services.
    service_terms: frozenset[str]
    # Sorted ids of every distinct term, int32: 4 bytes a term, where a set would take ~60.
    # Bytes hold them in the object itself, where an array's data lies elsewhere: a search
    # reads those of some thirty entries, and each pointer followed is a cache miss.
    term_bytes: bytes

    @property
    def passages(self) -> list[tuple[str, str]]:
        """Return the passages of the document's body (knowledge.passages), each with its
        folded text."""
        return unpacked(self.passages_zip)

    @property
    def term_ids(self) -> np.ndarray:
        """Return the sorted ids of the entry's distinct terms."""
        return np.frombuffer(self.term_bytes, dtype=np.int32)


def packed(texts: list[str]) -> bytes:
    """Return passages and their folded text compressed, one a line, the folded after."""
    return zlib.compress("\n".join([*texts, *(f for _, f in folded(texts))]).encode())


def unpacked(blob: bytes) -> list[tuple[str, str]]:
    """Return the passages that `packed` compressed, each with its folded text."""
    text = zlib.decompress(blob).decode()
    lines = text.split("\n") if text else []
    half = len(lines) // 2
    return list(zip(lines[:half], lines[half:], strict=True))


def folded(texts: list[str]) -> list[tuple[str, str]]:
    """Return each text with its folded form, folding them in one call."""
    # Passages hold no line break and folding makes none: one call folds them all.
    folded = fold("\n".join(texts)).split("\n")
    if len(folded) != len(texts):  # pragma: no cover - kept should folding ever change
        folded = [fold(t) for t in texts]
    return list(zip(texts, folded, strict=True))
