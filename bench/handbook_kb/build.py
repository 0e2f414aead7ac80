#!/usr/bin/env python3
"""Build the Debian-handbook-based development set: bench/handbook_kb/kb/*.md and questions.jsonl.

Source: the French edition of the Debian Administrator's Handbook ("Le cahier de
l'administrateur Debian", Raphaël Hertzog and Roland Mas), read from the Debian package
debian-handbook (its chunked HTML under usr/share/doc/debian-handbook/html/fr-FR/).

    cd /tmp && apt-get download debian-handbook=11.20220922
    python bench/handbook_kb/build.py /tmp/debian-handbook_11.20220922_all.deb

The package's version and sha256 are pinned (VERSION, SHA256); another .deb is refused
unless --force.  The script is deterministic: the same .deb gives byte-identical files.
It uses only the standard library and `dpkg-deb`.

What it does, in order (see README.md for the reasons):
1. reads the HTML pages of the chapters in CHAPTERS from the package's data tarball;
2. takes each `sect1` (a "11.2. Serveur web (HTTP)" section, h2) as a page, split into its
   `sect2` sections when longer than SPLIT_WORDS; converts it to Markdown (headings from
   the sub-sections, paragraphs, lists, tables, code; no navigation, images, index
   terms, box labels);
3. keeps pages with >= MIN_WORDS words;
4. has bench/kb_builder.py pick up to 3 sub-section headings a page (4 from
   LONG_PAGE_WORDS) by RULES, untranslated English ones excepted, write kb/NNN-slug.md
   without the picked heading lines, then questions.jsonl (heading questions, then
   extra_questions.jsonl's, whose pages are named by their address relative to SITE).
"""

import argparse
import hashlib
import io
import re
import subprocess
import sys
import tarfile
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

# Run as a script, so bench/ (where the shared kb_builder.py is) is not on the path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import kb_builder  # noqa: E402

PACKAGE = "debian-handbook"
VERSION = "11.20220922"
SHA256 = "3d5dbeac1f1afc9c094eab9d0f701f6ecff99c4927d5a4794cf6c85678134faa"
HTML_DIR = "./usr/share/doc/debian-handbook/html/fr-FR/"
SITE = "https://debian-handbook.info/browse/fr-FR/stable/"
# Chapters a hosting coop's volunteers administer servers with: migration, installation,
# packages and APT, troubleshooting, base configuration, Unix services, network
# infrastructure and services, advanced administration, security.  Left out: the Debian
# project and the book (1, 2), the workstation (13), packaging (15), the conclusion (16)
# and the appendices (derivatives, the remedial course).
CHAPTERS = {3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14}
# Desktop matters in the chosen chapters: printing, power management, hot-plugged devices.
EXCLUDED_FILES = {"sect.config-printing.html", "sect.power-management.html", "sect.hotplug.html"}
MIN_WORDS = 150
SPLIT_WORDS = 5000  # longer sections become one page per sub-section (sect2)

# Headings that say where one is in the page rather than what it is about.
GENERIC = kb_builder.COMMON_GENERIC | {
    "préliminaires",
    "principe",
    "principes",
    "fonctionnement",
    "historique",
    "en temps réel",
    "pour aller plus loin",
    "introduction et prérequis",
}
# Headings that pass the rules but cannot stand alone as a member's question: they only
# make sense inside their page (a sub-case of the heading above).
NOT_A_QUESTION = {
    "pour les stations de travail",
    "pour les serveurs",
    "côté serveur",
    "côté client",
    "mise en place du système",
    "lancement du conteneur",
    "configuration du client",
    "configuration avec debconf",
    "démarche à suivre",
    "le fichier de configuration",
    "la mise en route",
    "utilité chez debian",
    "savoir à quoi s'attendre",
}
INTERROGATIVE = re.compile(
    r"^(comment|pourquoi|quel|quelle|quels|quelles|où|que|qu'|quand|combien|est-ce)\b", re.I
)
# Part of the French edition is still in English; a heading with these words and none of
# FRENCH_WORDS is an untranslated one, not a French member's question.
ENGLISH_WORDS = {
    "the",
    "and",
    "or",
    "with",
    "of",
    "for",
    "to",
    "a",
    "an",
    "on",
    "in",
    "by",
    "from",
    "after",
    "up",
    "based",
    "using",
    "how",
    "files",
}
FRENCH_WORDS = {"le", "la", "les", "des", "du", "de", "et", "avec", "pour", "un", "une", "en"}
SERVICES = {  # plain tags of a page, by the file it comes from (others have none)
    "network-services": ["mail"],
    "sect.http-web-server": ["web"],
    "sect.ftp-file-server": ["ftp"],
    "sect.domain-name-servers": ["dns"],
    "sect.x509-cert": ["ssl"],
    "sect.backup": ["backups"],
    "sect.firewall-packet-filtering": ["security"],
    "sect.supervision": ["security"],
    "sect.dealing-with-compromised-machine": ["security"],
    "sect.other-security-considerations": ["security"],
    "sect.apparmor": ["security"],
    "sect.selinux": ["security"],
    "sect.virtual-private-network": ["vpn"],
    "sect.remote-login": ["ssh"],
}
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


def read_html(deb):
    """Return {file name: HTML} of the package's French pages (regular files only)."""
    tar_bytes = subprocess.run(
        ["dpkg-deb", "--fsys-tarfile", str(deb)], check=True, capture_output=True
    ).stdout
    pages = {}
    with tarfile.open(fileobj=io.BytesIO(tar_bytes)) as tar:
        for member in tar.getmembers():
            name = member.name
            rest = name[len(HTML_DIR) :] if name.startswith(HTML_DIR) else ""
            # Hard links point to other languages' copies of shared files: not pages.
            if rest.endswith(".html") and "/" not in rest and member.isfile():
                pages[rest] = tar.extractfile(member).read().decode("utf-8")
    return pages


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


def page_record(file, section, title, body, heads, whole):
    """Return a page: its source, title, public address, Markdown and headings."""
    titlepage = next(c for c in section.children if isinstance(c, Node))
    heading = next(titlepage.find(lambda n: re.fullmatch(r"h[1-6]", n.tag)))
    number = re.match(r"[\d.]+", squash(text_of(heading))).group(0).strip(".")
    anchor = section.attrs.get("id") or next(
        (a.attrs["id"] for a in section.find(lambda n: "id" in n.attrs)), ""
    )
    url = SITE + file + ("" if whole else f"#{anchor}")
    return {
        "file": file,
        "title": title,
        "url": url,
        "slug": slug_of(title),
        "services": SERVICES.get(file[: -len(".html")], []),
        "body": body,
        "headings": heads,
        "number": number,
    }


def load_pages(html_by_file):
    """Return every sect1 of the chosen chapters as a page (long ones split by sect2)."""
    pages = []
    for file in sorted(html_by_file):
        root = parse(html_by_file[file])
        for sect1 in sections_of(root, 2):
            titlepage = next(c for c in sect1.children if isinstance(c, Node))
            _, title, _ = heading_text(titlepage)
            number = squash(text_of(next(titlepage.find(lambda n: n.tag == "h2"))))
            chapter = re.match(r"(\d+)\.\d+\.", number)  # the preface's sections are "6."
            if file in EXCLUDED_FILES or not chapter or int(chapter.group(1)) not in CHAPTERS:
                continue
            # A chapter's page holds its introduction and first section: link to the section.
            whole = next(root.find(lambda n: n.cls() == "chapter"), None) is None
            body, heads = convert(sect1, 2)
            if len(kb_builder.words(body)) <= SPLIT_WORDS:
                pages.append(page_record(file, sect1, title, body, heads, whole))
                continue
            intro, heads = convert(sect1, 2, skip_sections=True)
            pages.append(page_record(file, sect1, title, intro, heads, False))
            for sect2 in sections_of(sect1, 3):
                _, sub, _ = heading_text(next(c for c in sect2.children if isinstance(c, Node)))
                body, heads = convert(sect2, 3)
                pages.append(page_record(file, sect2, sub, body, heads, False))
    pages.sort(key=lambda p: [int(n) for n in p["number"].split(".")])  # the book's order
    return [
        p for p in pages if len(kb_builder.words(f"# {p['title']}\n\n{p['body']}")) >= MIN_WORDS
    ]


def heading_lines(body):
    """Return the line numbers of the Markdown headings outside code blocks."""
    found, fence = [], None
    for i, line in enumerate(body.split("\n")):
        marker = re.match(r"^(`{3,})", line)
        if marker and (fence is None or marker.group(1) == fence):
            fence = None if fence else marker.group(1)
        elif fence is None and re.match(r"^#{1,6} ", line):
            found.append(i)
    return found


def is_english(title):
    tokens = {w.casefold() for w in kb_builder.words(title)}
    english = tokens & ENGLISH_WORDS or any(len(w) > 5 and w.endswith("ing") for w in tokens)
    return bool(english) and not tokens & FRENCH_WORDS


LONG_PAGE_WORDS = 1000  # pages this long (several topics) may give a fourth question
RULES = kb_builder.Rules(
    GENERIC,
    NOT_A_QUESTION,
    INTERROGATIVE,
    kb_builder.COMMON_NOT_VERBS,  # the book needs no more
    LONG_PAGE_WORDS,
    reject=is_english,
)


def heading_candidates(page):
    """List a page's headings as (line, key, question title, anchor on the public page)."""
    lines = heading_lines(page["body"])
    return [
        (line, text.casefold(), text.replace("`", ""), anchor or "")
        for line, (_, text, anchor) in zip(lines, page["headings"], strict=True)
    ]


def slug_of(title):
    """Return a file name's slug: the title in lowercase ASCII, words joined by hyphens."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_title.lower()))[:60].strip("-")


def check_package(deb, force):
    """Refuse a .deb other than the pinned one unless forced."""
    digest = hashlib.sha256(Path(deb).read_bytes()).hexdigest()
    fields = subprocess.run(
        ["dpkg-deb", "--field", str(deb), "Package", "Version"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    found = dict(zip(fields[::2], fields[1::2], strict=True))
    if (found.get("Package:"), found.get("Version:"), digest) != (PACKAGE, VERSION, SHA256):
        message = f"{deb}: {found} sha256 {digest}, expected {PACKAGE} {VERSION} sha256 {SHA256}"
        if not force:
            sys.exit(f"{message} (--force to build from it anyway)")
        print(f"warning: {message}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("deb", help=f"{PACKAGE}_{VERSION}_all.deb")
    parser.add_argument("--force", action="store_true", help="accept another package")
    kb_builder.add_output_args(parser, __file__)
    args = parser.parse_args()
    check_package(args.deb, args.force)
    pages = load_pages(read_html(args.deb))
    kb_builder.choose_questions(pages, heading_candidates, RULES)
    questions = kb_builder.write(
        pages, Path(args.out), "hb-", "hb-q", "expected_urls", lambda p: p["url"][len(SITE) :]
    )
    kb_builder.report(pages, questions, args.report, lambda p: f"{p['title']}  {p['url']}")


if __name__ == "__main__":
    main()
