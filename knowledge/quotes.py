"""Remove quotes of earlier posts ([quote], Discourse's quote asides, <blockquote>).

Openers and closers are paired in one pass with a stack, so nested quotes go whole and an
opener that is never closed costs nothing more: a non-greedy ".*?" from every opener
searched to the end of the text, which made a post of unclosed quotes quadratic.
"""

from __future__ import annotations

import re

# Tags and BBCode never contain "<" or "[": a tag read from one opener stops at the next.
BBCODE = re.compile(r"(\[quote(?:[=\s][^\[\]]*)?\])|\[/quote\]", re.I)
ASIDE = re.compile(r"(<aside\b[^<>]*>)|</aside\s*>", re.I)
BLOCKQUOTE = re.compile(r"(<blockquote\b[^<>]*>)|</blockquote\s*>", re.I)
QUOTE_CLASS = re.compile(r"""\bclass\s*=\s*["']?[^"'>]*quote""", re.I)


def drop_quotes(text: str) -> str:
    """Replace every quote block by a line break; drop quote tags left unpaired."""
    text = _drop_blocks(text, BBCODE)
    text = _drop_blocks(text, ASIDE, lambda opener: QUOTE_CLASS.search(opener) is not None)
    return _drop_blocks(text, BLOCKQUOTE)


def _drop_blocks(text: str, tokens: re.Pattern, is_quote=lambda _opener: True) -> str:
    """Drop the outermost paired blocks whose opener is a quote, and unpaired quote tokens."""
    blocks: list[tuple[int, int]] = []  # outermost so far, in order
    unpaired: list[tuple[int, int]] = []
    open_: list[tuple[int, int, bool]] = []
    for token in tokens.finditer(text):
        if token.group(1) is not None:
            open_.append((token.start(), token.end(), is_quote(token.group(1))))
        elif open_:
            start, _end, quote = open_.pop()
            if quote:
                while blocks and blocks[-1][0] >= start:  # quotes inside this one
                    blocks.pop()
                blocks.append((start, token.end()))
        else:
            unpaired.append(token.span())
    unpaired += [(start, end) for start, end, quote in open_ if quote]
    return _cut(text, sorted(blocks + unpaired))


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each (start, end) span, in order and apart, replaced by a line break."""
    if not spans:
        return text
    pieces, done = [], 0
    for start, end in spans:
        if start >= done:
            pieces += (text[done:start], "\n")
        done = max(done, end)
    pieces.append(text[done:])
    return "".join(pieces)
