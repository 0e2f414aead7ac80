"""Sections of an article: each heading's text, with its heading path and anchor.

Real documentation pages are long and cover several topics; the section that answers a
question is what a suggestion should name, link and quote. Fenced code is never read as
headings; a heading-less page is one section."""

import re
from dataclasses import dataclass

from knowledge.anchors import GITHUB, AnchorMaker, split_explicit_id

# The closing `#` sequence is cut by atx_heading: a lazy `(.*?)(?:[ \t]+#+)?[ \t]*$` here
# retried from every character of a run of spaces (1.4 s for a 10 kB heading line).
ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*)$")
SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
# A thematic break (`---`, `* * *`) is a line of its own, never a heading's text.
BREAK = re.compile(r"^ {0,3}([-*_])[ \t]*(?:\1[ \t]*){2,}$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# Below this, a section is merged into the next: a heading with one line says too little.
MIN_SECTION_CHARS = 80


@dataclass(frozen=True)
class Section:
    """A part of an article: the headings above it (outermost first), its anchor, its text."""

    path: tuple[str, ...]
    anchor: str
    text: str

    @property
    def heading(self) -> str:
        """Return the section's own heading ("" for the text before the first heading)."""
        return self.path[-1] if self.path else ""


def atx_heading(line: str) -> tuple[int, str] | None:
    """Return the level and text of an ATX heading line, without its closing `#`s."""
    match = ATX.match(line)
    if not match:
        return None
    text = match.group(2).rstrip(" \t")
    unclosed = text.rstrip("#")
    if unclosed != text and unclosed.endswith((" ", "\t")):
        text = unclosed
    return len(match.group(1)), text.strip()


def headings(lines: list[str]):
    """Yield (line number, level, text, lines it spans) of each heading outside code."""
    # plain: the line before can be underlined into a heading. Not a heading, a fence or
    # code already: `## Title` or a closing fence above `---` made a heading of itself.
    fence, plain = "", False
    for i, line in enumerate(lines):
        opened = FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            plain = False
        elif opened:
            fence, plain = opened.group(1), False
        elif atx := atx_heading(line):
            yield i, *atx, 1
            plain = False
        elif plain and SETEXT.match(line):
            yield i - 1, 1 if line.strip()[0] == "=" else 2, lines[i - 1].strip(), 2
            plain = False
        else:
            plain = _setext_title(line)


def _setext_title(line: str) -> bool:
    """Say whether a line can be underlined into a heading (text, not a list or a break)."""
    stripped = line.strip()
    if not stripped or BREAK.match(line):
        return False
    return not re.match(r"^([-*+>|]|\d+[.)])\s", stripped)


def sections(markdown: str, title: str = "", anchor_style: str = GITHUB) -> list[Section]:
    """Split an article into sections; a first heading equal to the title opens no section."""
    lines = markdown.split("\n")
    maker = AnchorMaker(anchor_style)
    found, stack, start = [], [], 0
    path, anchor = (), ""
    for line_no, level, text, span in headings(lines):
        found.append(Section(path, anchor, "\n".join(lines[start:line_no]).strip()))
        start = line_no + span
        heading, _ = split_explicit_id(text)
        anchor = maker.anchor(text)
        if len(found) == 1 and level == 1 and heading.casefold() == title.strip().casefold():
            path, anchor = (), ""  # the page's own title, repeated as its first heading
            continue
        stack = [(lvl, h) for lvl, h in stack if lvl < level] + [(level, heading)]
        path = tuple(h for _, h in stack)
    found.append(Section(path, anchor, "\n".join(lines[start:]).strip()))
    return _merged([s for s in found if s.text or s.path])


def _merged(found: list[Section]) -> list[Section]:
    """Fold sections too short to stand alone into the next one (keeping the next's name)."""
    out: list[Section] = []
    carry = ""
    for section in found:
        text = f"{carry}\n\n{section.text}".strip() if carry else section.text
        if len(text) < MIN_SECTION_CHARS and section is not found[-1]:
            carry = f"{text}\n\n{section.heading}".strip() if section.path else text
            continue
        out.append(Section(section.path, section.anchor, text))
        carry = ""
    return out
