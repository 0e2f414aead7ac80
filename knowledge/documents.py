"""Knowledge entries: articles from a Markdown folder and solved forum threads."""

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from knowledge.errors import KnowledgeFormatError
from knowledge.passages import MDX_IMPORT

KINDS = ("article", "thread")
FRONT_MATTER_FENCE = "---"
REQUIRED_KEYS = ("id", "title")
# Half a surrogate pair: Python strings may hold one (undecodable bytes, a caller's
# text), but no encoder will write it out, so hashing or storing the text would fail.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# What YAML says of a quote or bracket left open: its context mark is where it opened.
UNCLOSED = re.compile(r"quoted scalar|flow (?:sequence|mapping)")


@dataclass(frozen=True)
class Document:
    """One knowledge entry: an article or a solved thread."""

    id: str
    title: str
    body: str
    services: tuple[str, ...] = ()
    url: str = ""
    lang: str = "fr"
    kind: str = "article"

    @functools.cached_property
    def content_hash(self) -> str:
        """Return a hash of the text the encoder sees (title, body, language)."""
        digest = hashlib.sha256("\x1f".join((self.lang, self.title, self.body)).encode())
        return digest.hexdigest()


def without_lone_surrogates(text: str) -> str:
    """Return the text with any lone surrogate replaced by U+FFFD."""
    return text if text.isascii() else LONE_SURROGATE.sub("\ufffd", text)


def encodable(document: Document) -> Document:
    """Return the document with any lone surrogate in its fields replaced by U+FFFD."""
    fix = without_lone_surrogates
    fields = (document.id, document.title, document.body, document.url, *document.services)
    if all(f.isascii() or not LONE_SURROGATE.search(f) for f in fields):  # the common case
        return document
    return replace(
        document,
        id=fix(document.id),
        title=fix(document.title),
        body=fix(document.body),
        url=fix(document.url),
        services=tuple(fix(s) for s in document.services),
    )


def thread_document(topic_id, title, question, answer, url, services=()) -> Document:
    """Build a "thread" entry from a solved topic: its question and accepted answer."""
    body = f"{question.strip()}\n\n{answer.strip()}"
    return Document(f"topic-{topic_id}", title, body, tuple(services), url, kind="thread")


def _split_front_matter(text: str, source: str) -> tuple[str, str]:
    """Return (front matter, body) of a Markdown file that starts with a --- block."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        raise KnowledgeFormatError(source, 1, "missing front matter (first line must be ---)")
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == FRONT_MATTER_FENCE:
            return "\n".join(lines[1 : number - 1]), "\n".join(lines[number:]).strip()
    raise KnowledgeFormatError(source, 1, "front matter is never closed by ---")


class _TextLoader(yaml.SafeLoader):
    """YAML as a front matter means it: `010`, `1.10`, `12:30` or `Yes` stay the text written
    (YAML 1.1 makes them 8, 1.1, 750 and true); an empty value stays empty."""


_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag.endswith((":null", ":merge"))]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _key_line(front: str, key: str) -> int:
    """Return the file line where a front-matter key is set (1 when absent)."""
    for number, line in enumerate(front.splitlines(), start=2):
        if line.split(":", 1)[0].strip() == key:
            return number
    return 1


def _parse_front_matter(front: str, source: str) -> dict:
    """Parse the front matter as YAML and check its keys."""
    try:
        meta = yaml.load(front, Loader=_TextLoader) or {}  # a SafeLoader: no object tags
    except yaml.YAMLError as error:
        # YAML counts lines from the front matter's first (the file's second). An unclosed
        # quote or bracket is found lines later, or at the end: its opening line is named.
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        context = getattr(error, "context", None)
        opened = getattr(error, "context_mark", None)
        if opened is not None and (mark is None or UNCLOSED.search(context or "")):
            mark = opened
        line = mark.line + 2 if mark is not None else 1
        said = f"{problem} ({context})" if context else problem
        raise KnowledgeFormatError(source, line, f"broken front matter: {said}") from error
    if not isinstance(meta, dict):
        raise KnowledgeFormatError(source, 2, "front matter must be 'key: value' lines")
    for key in REQUIRED_KEYS:
        if not str(meta.get(key) or "").strip():
            raise KnowledgeFormatError(source, _key_line(front, key), f"missing {key}")
    services = meta.get("services") or []
    if isinstance(services, str):
        services = [s.strip() for s in services.split(",")]
    if not isinstance(services, list):
        raise KnowledgeFormatError(source, _key_line(front, "services"), "services is a list")
    meta["services"] = tuple(str(s).strip() for s in services if str(s).strip())
    return meta


# What the database holds of each field (bot/store migrations), and what a link can be.
MAX_ID, MAX_URL, MAX_SERVICES = 128, 1000, 500
LANG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,4})?$")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
URL = re.compile(r"^https?://[^\s/?#]+\S*$", re.I)


def web_address(url: str) -> str:
    """Return the url when it is an http(s) address without spaces, else ""."""
    return url if len(url) <= MAX_URL and URL.match(url) else ""


def _check_fields(meta: dict, front: str, source: str) -> None:
    """Refuse the fields the database or a link could not take, naming their line."""

    def refuse(key: str, problem: str):
        raise KnowledgeFormatError(source, _key_line(front, key), problem)

    for key in ("id", "title", "url", "lang"):
        if isinstance(meta.get(key), list | dict):
            refuse(key, f"{key} is one text, not a list")
    entry_id, url = str(meta["id"]).strip(), str(meta.get("url") or "").strip()
    if CONTROL.search(entry_id) or len(entry_id) > MAX_ID:
        refuse("id", f"id is at most {MAX_ID} characters on one line, without tabs")
    if url and not web_address(url):
        refuse("url", "url is an http:// or https:// address without spaces")
    if meta.get("lang") and not LANG.match(str(meta["lang"]).strip()):
        refuse("lang", "lang is a language code such as fr, en or pt-BR")
    if len(",".join(meta["services"])) > MAX_SERVICES:
        refuse("services", f"services hold at most {MAX_SERVICES} characters in all")


def parse_markdown(text: str, source: str) -> Document:
    """Build an article from the text of one Markdown file."""
    front, body = _split_front_matter(text, source)
    meta = _parse_front_matter(front, source)
    _check_fields(meta, front, source)
    if "\x00" in text:  # no database stores it in a text; a text file holds none
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise KnowledgeFormatError(source, line, "holds a NUL character (not a text file?)")
    if "import" in body:  # MDX pages' `import X from '...'` lines: not text, and their
        body = MDX_IMPORT.sub("", body)  # path words (site, src, components) in every page
    return Document(
        id=str(meta["id"]).strip(),
        title=str(meta["title"]).strip(),
        body=body,
        services=meta["services"],
        url=str(meta.get("url") or "").strip(),
        lang=str(meta.get("lang") or "fr").strip(),
    )


def read_utf8(file: Path) -> str:
    """Return a file's UTF-8 text, without the byte order mark some editors write; a file
    in another encoding raises KnowledgeFormatError naming the line."""
    data = file.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise KnowledgeFormatError(str(file), line, "not UTF-8 text (save it as UTF-8)") from error
    return text.removeprefix("\ufeff")


def _markdown_files(path: str | Path) -> list[Path]:
    """Return a folder's *.md files but dot files (`._page.md` of a Mac, an editor's lock); a
    missing folder or one without any is an error."""
    folder = Path(path)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no such folder")
    files = sorted(f for f in folder.glob("*.md") if not f.name.startswith("."))
    if not files:
        raise FileNotFoundError(f"{folder}: no *.md file in it (subfolders are not read)")
    return files


def id_key(entry_id: str) -> str:
    """Return the form in which ids that read alike are equal."""
    # Faq-1 and faq-1, or an é typed as one character or two, name two entries nobody
    # could tell apart in a list or a command.
    return unicodedata.normalize("NFC", entry_id).casefold()


def load_markdown_folder(path: str | Path) -> list[Document]:
    """Load every *.md file of a folder; raise on the first bad file, load nothing then."""
    seen: dict[str, Path] = {}
    documents = []
    for file in _markdown_files(path):
        text = read_utf8(file)
        document = parse_markdown(text, str(file))
        key = id_key(document.id)
        if key in seen:
            front, _ = _split_front_matter(text, str(file))
            problem = f"duplicate id {document.id} (already in {seen[key].name})"
            raise KnowledgeFormatError(str(file), _key_line(front, "id"), problem)
        seen[key] = file
        documents.append(document)
    return documents
