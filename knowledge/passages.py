"""Passages of an entry: readable plain text, the snippet shown with a hit."""

import re

# Line-start decoration: headings, list bullets, quotes. Emphasis and code ticks are
# removed with str.replace, twenty times faster than a regex alternative (snippets of new
# hits are cut on the search path).
LINE_DECORATION = re.compile(r"^\s{0,3}#{1,6}\s+|^\s*[-+]\s+|^\s*>\s?", re.M)
# What decorates a heading or a section without saying anything: the closing hashes of
# `## Title ##`, setext underlines (`Title` over `=====`) and thematic breaks.
HEADING_TAIL = re.compile(r"\s+#+[ \t]*$", re.M)
RULE_LINE = re.compile(r"^\s{0,3}(?:=+|-{3,}|\*{3,}|_{3,})[ \t]*$", re.M)
# A link's text and address stop at the next `[`: otherwise every `[` of a paragraph scans
# to its end (two minutes for 100 kB of `[`, at import).
MARKDOWN_LINK = re.compile(r"!?\[([^\][]*)\]\([^)[]*\)")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n(?=\s*(?:#|[-*+]\s|\d+\.\s))")
# `_` marks emphasis only at a word's edge: upload_max_filesize keeps its underscores.
EMPHASIS_UNDERSCORE = re.compile(r"(?<![^\W_])_+|_+(?![^\W_])")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
CELL_BORDER = re.compile(r"(?<!\\)\|")
# Furniture of MDX pages (Docusaurus), which no reader sees as text: `import X from '...'`
# lines, and component or HTML tags alone on their line (`<InlineVoucher />`, `<TabItem
# value="a">`); possessive, so a line of many tags fails in linear time.
MDX_IMPORT = re.compile(r"^[ \t]*import[ \t][^\n'\"]*['\"][^'\"\n]*['\"];?[ \t]*$", re.M)
TAG_LINE = re.compile(r"^[ \t]*+(?:<(?>/?[A-Za-z][\w.:-]*+(?:[ \t][^<>\n]*+)?/?)>[ \t]*+)++$", re.M)
# An admonition's fences (`:::info Title`, `:::note[Title]`, `:::`): its title stays, alone.
ADMONITION = re.compile(
    r"^[ \t]*:{3,}[ \t]*(?:[A-Za-z-]+(?=[ \t\[]|$))?[ \t]*(?:\[([^\]\n]*)\])?([^\n]*)$", re.M
)
# A snippet is cut once, here, to what a draft reply quotes of an entry.
SNIPPET_CHARS = 220
# Passages shorter than this are headings or list stubs: they make poor snippets.
MIN_PASSAGE_CHARS = 40


def plain_text(markdown: str) -> str:
    """Return Markdown without its decoration (headings, emphasis, code ticks, links)."""
    if "[" in markdown:
        markdown = MARKDOWN_LINK.sub(r"\1", markdown)
    text = LINE_DECORATION.sub("", markdown)
    if "#" in text:
        text = HEADING_TAIL.sub("", text)
    if "_" in text:
        text = EMPHASIS_UNDERSCORE.sub("", text)
    return text.replace("`", "").replace("*", "")


def passages(markdown: str) -> list[str]:
    """Split an entry's body into paragraphs, list items and table rows, as plain text."""
    if "|" in markdown and "-" in markdown:
        markdown = tables_as_sentences(markdown)
    if "==" in markdown or "---" in markdown or "***" in markdown or "___" in markdown:
        markdown = RULE_LINE.sub("", markdown)
    if "import" in markdown:
        markdown = MDX_IMPORT.sub("", markdown)
    if "<" in markdown:
        markdown = TAG_LINE.sub("", markdown)
    if ":::" in markdown:
        markdown = ADMONITION.sub(lambda m: f"\n\n{(m[1] or m[2]).strip()}\n\n", markdown)
    parts = (" ".join(plain_text(p).split()) for p in PARAGRAPH_BREAK.split(markdown))
    return [p for p in parts if p]


def tables_as_sentences(markdown: str) -> str:
    """Rewrite each Markdown table as one paragraph per row, cells named by their column.

    `| Usage | Port |` over `| IMAP | 993 |` reads `Usage: IMAP, Port: 993`: a member can
    read that line quoted alone, which a row of pipes is not."""
    lines = markdown.split("\n")
    out, i = [], 0
    while i < len(lines):
        if i + 1 < len(lines) and _is_row(lines[i]) and TABLE_RULE.match(lines[i + 1]):
            headers, i = _cells(lines[i]), i + 2
            while i < len(lines) and _is_row(lines[i]):
                out += ["", _sentence(headers, _cells(lines[i])), ""]
                i += 1
        else:
            out.append(lines[i])
            i += 1
    return "\n".join(out)


def _is_row(line: str) -> bool:
    return line.lstrip().startswith("|")


def _cells(line: str) -> list[str]:
    """The cells of a table row, `\\|` kept as a pipe inside a cell."""
    cells = CELL_BORDER.split(line.strip().strip("|"))
    return [cell.strip().replace("\\|", "|") for cell in cells]


def _sentence(headers: list[str], cells: list[str]) -> str:
    """A row as `Header: cell, Header: cell`; a cell under no header stands alone."""
    headers = (headers + [""] * len(cells))[: len(cells)]
    return ", ".join(f"{h}: {c}" if h else c for h, c in zip(headers, cells, strict=True) if c)


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
    items = list(wanted.items())
    # A list summed, not a generator: the same sum in the same order, a third quicker.
    text, _ = max(long_enough, key=lambda p: sum([w for term, w in items if term in p[1]]))
    return _shorten(text)
