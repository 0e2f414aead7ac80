"""A dev set from one of Debian's French books: its package's HTML, one page per section.

Shared by bench/handbook_kb/build.py and bench/reference_kb/build.py, which give a Book
(where the pages are, which chapters, where they are published); the HTML becomes
Markdown in bench/docbook_html.py and the questions are picked by bench/kb_builder.py.
"""

import argparse
import hashlib
import io
import re
import subprocess
import sys
import tarfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import kb_builder
from docbook_html import Node, convert, heading_text, parse, sections_of, squash, text_of

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


@dataclass(frozen=True)
class Book:
    """Where a book's pages are and which of them make the set."""

    package: str
    version: str
    sha256: str
    html_dir: str  # the pages' folder in the package's data tarball
    site: str  # where the pages are published
    chapters: set
    excluded_files: set = field(default_factory=set)
    services: dict = field(default_factory=dict)  # plain tags by source file (no .html)
    min_words: int = 150
    split_words: int = 5000  # longer sections become one page per sub-section (sect2)


def check_package(deb, force, book: Book):
    """Refuse a .deb other than the pinned one unless forced."""
    digest = hashlib.sha256(Path(deb).read_bytes()).hexdigest()
    fields = subprocess.run(
        ["dpkg-deb", "--field", str(deb), "Package", "Version"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    found = dict(zip(fields[::2], fields[1::2], strict=True))
    pinned = (book.package, book.version, book.sha256)
    if (found.get("Package:"), found.get("Version:"), digest) != pinned:
        message = (
            f"{deb}: {found} sha256 {digest}, expected {' '.join(pinned[:2])} sha256 {pinned[2]}"
        )
        if not force:
            sys.exit(f"{message} (--force to build from it anyway)")
        print(f"warning: {message}", file=sys.stderr)


def read_html(deb, book: Book):
    """Return {file name: HTML} of the package's French pages (regular files only)."""
    tar_bytes = subprocess.run(
        ["dpkg-deb", "--fsys-tarfile", str(deb)], check=True, capture_output=True
    ).stdout
    pages = {}
    with tarfile.open(fileobj=io.BytesIO(tar_bytes)) as tar:
        for member in tar.getmembers():
            name = member.name
            rest = name[len(book.html_dir) :] if name.startswith(book.html_dir) else ""
            # Hard links point to other languages' copies of shared files: not pages.
            if rest.endswith(".html") and "/" not in rest and member.isfile():
                pages[rest] = tar.extractfile(member).read().decode("utf-8")
    return pages


def page_record(book: Book, file, section, title, body, heads, whole):
    """Return a page: its source, title, public address, Markdown and headings."""
    titlepage = next(c for c in section.children if isinstance(c, Node))
    heading = next(titlepage.find(lambda n: re.fullmatch(r"h[1-6]", n.tag)))
    number = re.match(r"[\d.]+", squash(text_of(heading))).group(0).strip(".")
    anchor = section.attrs.get("id") or next(
        (a.attrs["id"] for a in section.find(lambda n: "id" in n.attrs)), ""
    )
    url = book.site + file + ("" if whole else f"#{anchor}")
    return {
        "file": file,
        "title": title,
        "url": url,
        "slug": slug_of(title),
        "services": book.services.get(file[: -len(".html")], []),
        "body": body,
        "headings": heads,
        "number": number,
    }


def load_pages(html_by_file, book: Book):
    """Return every sect1 of the chosen chapters as a page (long ones split by sect2)."""
    pages = []
    for file in sorted(html_by_file):
        root = parse(html_by_file[file])
        for sect1 in sections_of(root, 2):
            titlepage = next(c for c in sect1.children if isinstance(c, Node))
            _, title, _ = heading_text(titlepage)
            number = squash(text_of(next(titlepage.find(lambda n: n.tag == "h2"))))
            chapter = re.match(r"(\d+)\.\d+\.", number)  # the preface's sections are "6."
            if (
                file in book.excluded_files
                or not chapter
                or int(chapter.group(1)) not in book.chapters
            ):
                continue
            # A chapter's page holds its introduction and first section: link to the section.
            whole = next(root.find(lambda n: n.cls() == "chapter"), None) is None
            body, heads = convert(sect1, 2)
            if len(kb_builder.words(body)) <= book.split_words:
                pages.append(page_record(book, file, sect1, title, body, heads, whole))
                continue
            intro, heads = convert(sect1, 2, skip_sections=True)
            pages.append(page_record(book, file, sect1, title, intro, heads, False))
            for sect2 in sections_of(sect1, 3):
                _, sub, _ = heading_text(next(c for c in sect2.children if isinstance(c, Node)))
                body, heads = convert(sect2, 3)
                pages.append(page_record(book, file, sect2, sub, body, heads, False))
    pages.sort(key=lambda p: [int(n) for n in p["number"].split(".")])  # the book's order
    return [
        p
        for p in pages
        if len(kb_builder.words(f"# {p['title']}\n\n{p['body']}")) >= book.min_words
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


LONG_PAGE_WORDS = 1000  # pages this long (several topics) may give a fourth question
RULES = kb_builder.Rules(
    GENERIC,
    NOT_A_QUESTION,
    INTERROGATIVE,
    kb_builder.COMMON_NOT_VERBS,  # the book needs no more
    LONG_PAGE_WORDS,
    reject=is_english,
)


def main(book: Book, prefix: str, doc: str, script: str):
    """Build a set from the package named on the command line."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("deb", help=f"{book.package}_{book.version}_all.deb")
    parser.add_argument("--force", action="store_true", help="accept another package")
    kb_builder.add_output_args(parser, script)
    args = parser.parse_args()
    check_package(args.deb, args.force, book)
    pages = load_pages(read_html(args.deb, book), book)
    kb_builder.choose_questions(pages, heading_candidates, RULES)
    questions = kb_builder.write(
        pages,
        Path(args.out),
        prefix,
        f"{prefix}q",
        "expected_urls",
        lambda p: p["url"][len(book.site) :],
    )
    kb_builder.report(pages, questions, args.report, lambda p: f"{p['title']}  {p['url']}")
