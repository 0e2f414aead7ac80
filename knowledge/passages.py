"""Passages of an entry: plain text for indexing and the snippet shown with a hit."""

import re

# Line-start decoration: headings, list bullets, quotes. Emphasis and code ticks are
# removed with str.replace, twenty times faster than a regex alternative (snippets of new
# hits are cut on the search path).
LINE_DECORATION = re.compile(r"^\s{0,3}#{1,6}\s+|^\s*[-+]\s+|^\s*>\s?", re.M)
MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n(?=\s*(?:#|[-*+]\s|\d+\.\s))")
# A snippet is cut once, here, to what a draft reply quotes of an entry.
SNIPPET_CHARS = 220
# Passages shorter than this are headings or list stubs: they make poor snippets.
MIN_PASSAGE_CHARS = 40


def plain_text(markdown: str) -> str:
    """Return Markdown without its decoration (headings, emphasis, code ticks, links)."""
    if "[" in markdown:
        markdown = MARKDOWN_LINK.sub(r"\1", markdown)
    text = LINE_DECORATION.sub("", markdown)
    return text.replace("`", "").replace("*", "").replace("_", "")


def passages(markdown: str) -> list[str]:
    """Split an entry's body into paragraphs and list items, as plain text."""
    parts = (" ".join(plain_text(p).split()) for p in PARAGRAPH_BREAK.split(markdown))
    return [p for p in parts if p]


def _shorten(text: str, limit: int = SNIPPET_CHARS) -> str:
    """Cut text at a word boundary and mark the cut."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def best_passage(candidates: list[tuple[str, str]], wanted: dict[str, float]) -> str:
    """Return the passage whose folded text holds the most weight of `wanted` terms, shortened.

    A stem is found in the folded words it came from ("prelev" in "prelevement"), so a
    substring test picks the passage without analyzing every passage of every hit."""
    long_enough = [p for p in candidates if len(p[0]) >= MIN_PASSAGE_CHARS] or candidates
    if not long_enough:
        return ""
    text, _ = max(long_enough, key=lambda p: sum(w for term, w in wanted.items() if term in p[1]))
    return _shorten(text)
