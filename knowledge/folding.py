"""Folding: the case- and accent-free form that indexing, querying and synonyms compare."""

import re
import unicodedata

# Version numbers (8.4, 5.7.1) stay whole; other words split on anything but "_".
WORD = re.compile(r"\d+(?:[.,]\d+)+|[a-z0-9][a-z0-9_]*")


def fold(text: str) -> str:
    """Lower-case and strip accents (é -> e, œ -> oe); other non-ASCII characters go."""
    text = text.lower()
    if text.isascii():
        return text
    text = text.replace("œ", "oe").replace("æ", "ae").replace("’", "'").replace("ß", "ss")
    # Decomposing separates accents from letters; dropping non-ASCII then drops the accents
    # (and emoji, guillemets, other scripts, which are never index terms).
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def fold_words(text: str) -> list[str]:
    """Split folded text into words (letters, digits, underscores)."""
    return WORD.findall(fold(text))
