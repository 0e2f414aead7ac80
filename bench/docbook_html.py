"""DocBook HTML (Publican's, DocBook XSL's) to Markdown, for the sets built from Debian books.

Standard library only (html.parser). A page's sub-sections become Markdown headings,
recorded with their anchors; navigation, tables of contents, index terms, images and box
labels are dropped. Used by bench/debian_book.py.
"""

import re
from html.parser import HTMLParser

VOID = {"area", "br", "col", "hr", "img", "input", "link", "meta", "wbr"}
SKIPPED = {"indexterm", "toc", "docnav", "docnav top", "figure", "mediaobject", "callout"}
NUMBER = re.compile(r"^(?:[A-Z]|\d+)(?:\.\d+)*\.\s+")


class Node:
    """An HTML element: tag, attributes and children (nodes or strings)."""

    def __init__(self, tag, attrs):
        self.tag, self.attrs, self.children = tag, dict(attrs), []

    def cls(self):
        return self.attrs.get("class") or ""

    def find(self, test):
        """Yield the descendants passing a test, outermost first, in document order."""
        for child in self.children:
            if isinstance(child, Node):
                if test(child):
                    yield child
                yield from child.find(test)


class TreeBuilder(HTMLParser):
    """Parse an XHTML page into Nodes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("root", [])
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs)
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, attrs))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html):
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def text_of(node):
    """Return all the text of a node, as is (for code)."""
    if isinstance(node, str):
        return node
    if node.tag == "img" or node.cls() == "indexterm":
        return ""
    return "".join(text_of(c) for c in node.children)


def squash(text):
    return re.sub(r"\s+", " ", text).strip()


def inline(node):
    """Return a node's inline Markdown: code in backticks, links as their text."""
    if isinstance(node, str):
        return node
    if node.cls() in SKIPPED or node.tag in ("img", "sup"):
        return ""
    if node.tag == "code" or node.cls() == "pkg pkg":
        code = squash(text_of(node))
        return f"`{code}`" if code else ""
    return "".join(inline(c) for c in node.children)


BLOCK_TAGS = {"div", "p", "pre", "ul", "ol", "dl", "table", "h1", "h2", "h3", "h4", "h5", "h6"}


class Page:
    """A page being written: Markdown blocks and its headings (level, text, anchor)."""

    def __init__(self):
        self.blocks, self.headings = [], []


def heading_text(titlepage):
    """Return a section's heading level, text (numbering dropped) and anchor."""
    h = next(titlepage.find(lambda n: re.fullmatch(r"h[1-6]", n.tag)))
    anchor = next((a.attrs["id"] for a in h.find(lambda n: "id" in n.attrs)), None)
    return int(h.tag[1]), NUMBER.sub("", squash(inline(h))), anchor


def box_title(node):
    """Return a box's title without its label ('CULTURE', 'Exemple 10.2.')."""
    title = next(node.find(lambda n: n.tag == "p" and n.cls() == "title"), None)
    if title is None:
        return ""
    text = squash(inline(title))
    label = next(title.find(lambda n: n.tag == "em"), None)
    if label is not None and text.startswith(squash(text_of(label))):
        text = text[len(squash(text_of(label))) :].strip()
    return re.sub(r"^(Exemple|Tableau|Figure)\s+[\dA-Z.]+\s*", "", text)


def render(node, page, base_level, out=None):
    """Append a node's Markdown blocks to `out` (the page's blocks by default)."""
    out = page.blocks if out is None else out
    buffer = []

    def flush():
        text = squash("".join(buffer))
        if text:
            out.append(re.sub(r"^#", r"\\#", text))  # a paragraph never reads as a heading
        buffer.clear()

    for child in node.children:
        if isinstance(child, str) or child.tag not in BLOCK_TAGS:
            buffer.append(inline(child))
            continue
        flush()
        block(child, page, base_level, out)
    flush()


def block(node, page, base_level, out):
    """Append the Markdown of one block element."""
    cls = node.cls()
    if cls in SKIPPED or cls == "titlepage":
        return
    if cls == "section":
        titlepage = next(c for c in node.children if isinstance(c, Node) and c.cls() == "titlepage")
        level, text, anchor = heading_text(titlepage)
        depth = min(level - base_level + 1, 6)
        out.append("#" * depth + " " + text)
        page.headings.append((depth, text, anchor))
        render(node, page, base_level, out)
    elif cls in ("sidebar", "example", "table", "informaltable"):
        title = box_title(node)
        if title:
            out.append(f"**{title}**")
        render(node, page, base_level, out)
    elif node.tag == "pre":
        code = text_of(node).strip("\n")
        fence = "````" if "```" in code else "```"
        out.append(f"{fence}\n{code}\n{fence}")
    elif node.tag in ("ul", "ol"):
        out.append(list_markdown(node, page, base_level))
    elif node.tag == "dl":
        out.append(definitions(node, page, base_level))
    elif node.tag == "table":
        out.append(table_markdown(node))
    elif node.tag == "p" and cls == "title":
        return  # a box's title, already written
    else:
        render(node, page, base_level, out)


def item_text(node, page, base_level):
    """Return a list item's Markdown, its blocks indented under the marker."""
    parts = []
    render(node, page, base_level, parts)
    return "\n".join(parts).replace("\n", "\n  ")


def list_markdown(node, page, base_level):
    items = [c for c in node.children if isinstance(c, Node) and c.tag == "li"]
    lines = []
    for n, li in enumerate(items, start=1):
        marker = f"{n}." if node.tag == "ol" else "-"
        lines.append(f"{marker} {item_text(li, page, base_level)}")
    return "\n".join(lines)


def definitions(node, page, base_level):
    """Return a definition list as a list: '- term : definition'."""
    lines = []
    for child in node.children:
        if not isinstance(child, Node):
            continue
        if child.tag == "dt":
            lines.append(f"- {squash(inline(child))}")
        elif child.tag == "dd" and lines:
            lines[-1] += " : " + item_text(child, page, base_level)
    return "\n".join(lines)


def table_markdown(node):
    rows = []
    for tr in node.find(lambda n: n.tag == "tr"):
        cells = [c for c in tr.children if isinstance(c, Node) and c.tag in ("td", "th")]
        rows.append([squash(inline(c)).replace("|", "\\|") for c in cells])
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows[1:]])


def markdown(page):
    body = "\n\n".join(b for b in page.blocks if b.strip())
    return re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"


def sections_of(node, level):
    """Return the node's sections whose heading is h<level>, outermost first."""

    def is_section(n):
        if n.cls() != "section":
            return False
        titlepage = next((c for c in n.children if isinstance(c, Node)), None)
        return titlepage is not None and next(titlepage.find(lambda h: h.tag == f"h{level}"), None)

    return [n for n in node.find(is_section)]


def convert(node, base_level, skip_sections=False):
    """Return (Markdown body, headings) of a section's content, its own heading excluded."""
    page = Page()
    for child in node.children:
        if isinstance(child, Node) and (child.cls() == "titlepage"):
            continue
        if skip_sections and isinstance(child, Node) and child.cls() == "section":
            continue
        wrapper = Node("div", [])
        wrapper.children = [child]
        render(wrapper, page, base_level)
    return markdown(page), page.headings
