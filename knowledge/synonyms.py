"""The synonym file: variants a member may write, mapped to one canonical wording."""

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.errors import KnowledgeFormatError
from knowledge.folding import fold_words

DEFAULT_PATH = Path(__file__).with_name("synonyms.txt")


@dataclass(frozen=True)
class Synonyms:
    """Variants (tuples of folded words) mapped to canonical words."""

    table: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    # Upper-case variants (LE, BAL) match only as written: folded, they are common words.
    exact: dict[str, str] = field(default_factory=dict)

    @functools.cached_property
    def width(self) -> int:
        """Return the number of words in the longest variant (how far to look ahead)."""
        return max((len(key) for key in self.table), default=0)

    @functools.cached_property
    def first_words(self) -> frozenset[str]:
        """Return the words a variant can start with (most words start none)."""
        return frozenset(key[0] for key in self.table)

    @functools.cached_property
    def canonical_words(self) -> frozenset[str]:
        """Return the words synonyms are rewritten to (French: stem them as French)."""
        return frozenset(word for target in self.table.values() for word in target)

    @functools.cached_property
    def exact_pattern(self) -> re.Pattern | None:
        """Return a regex matching the case-sensitive variants as whole words."""
        if not self.exact:
            return None
        return re.compile(r"\b(" + "|".join(map(re.escape, self.exact)) + r")\b")

    @functools.cached_property
    def analyses(self) -> dict:
        """Return a cache of single words' terms under this table (knowledge.text fills it)."""
        return {}

    def rewrite_exact(self, text: str) -> str:
        """Replace case-sensitive variants in raw text by their canonical wording."""
        pattern = self.exact_pattern
        # A substring test per variant first: most texts hold none, and the regex costs more.
        if pattern is None or not any(variant in text for variant in self.exact):
            return text
        return pattern.sub(lambda m: self.exact[m.group(1)], text)


NO_SYNONYMS = Synonyms()


def parse_synonyms(text: str, source: str = "<synonyms>") -> Synonyms:
    """Parse lines `canonical = variant, variant, ...`; `#` starts a comment."""
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    exact: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        canonical, sep, variants = line.partition("=")
        target = tuple(fold_words(canonical))
        if not sep or not target:
            raise KnowledgeFormatError(source, number, "expected 'canonical = variant, ...'")
        for variant in (v.strip() for v in variants.split(",")):
            words = tuple(fold_words(variant))
            if variant.isupper():
                exact[variant] = canonical.strip()
            elif words and words != target:
                table[words] = target
    return Synonyms(table, exact)


def load_synonyms(path: str | Path | None = None) -> Synonyms:
    """Load a synonym file (the shipped default when path is None); read again once edited."""
    return _parse_file(*synonyms_version(path))


def synonyms_version(path: str | Path | None = None) -> tuple[str, int, int]:
    """Return what identifies a synonym file's content: its path, change time and size."""
    path = Path(path) if path else DEFAULT_PATH
    stat = path.stat()
    return str(path), stat.st_mtime_ns, stat.st_size


@functools.lru_cache(maxsize=8)
def _parse_file(path: str, _mtime_ns: int, _size: int) -> Synonyms:
    """Parse a synonym file; cached while it is unchanged (change time and size are the key)."""
    return parse_synonyms(Path(path).read_text(encoding="utf-8"), path)


def apply_synonyms(words: list[str], synonyms: Synonyms) -> list[str]:
    """Replace each variant by its canonical words, longest match first."""
    table, width, starts = synonyms.table, synonyms.width, synonyms.first_words
    positions = [i for i, word in enumerate(words) if word in starts]
    if not positions:
        return words
    out: list[str] = []
    done = 0
    for i in positions:
        if i < done:
            continue
        for size in range(min(width, len(words) - i), 0, -1):
            target = table.get(tuple(words[i : i + size]))
            if target is not None:
                out.extend(words[done:i])
                out.extend(target)
                done = i + size
                break
    out.extend(words[done:])
    return out
