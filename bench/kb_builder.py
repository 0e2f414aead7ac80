"""Shared steps of the dev-set builders (bench/docs_kb/build.py, bench/handbook_kb/build.py).

Each builder reads its own source into pages ({"title", "url", "slug", "services", "body"}
plus its own keys) and lists each page's headings; this module picks the questions among
them, writes kb/NNN-slug.md and questions.jsonl, and prints the report.  See the sets'
README.md for the rules.
"""

import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from re import Pattern
from statistics import median

# Generic in any French documentation: where one is in a page, not what it is about.
COMMON_GENERIC = {
    "introduction",
    "exemple",
    "exemples",
    "en pratique",
    "installation",
    "configuration",
    "utilisation",
}
# Words that end like an infinitive (-er, -ir, -re) but are not verbs.
COMMON_NOT_VERBS = {
    "votre",
    "notre",
    "autre",
    "titre",
    "ordre",
    "entre",
    "contre",
    "libre",
    "filtre",
}
TASK = re.compile(r"[a-zéèêàâîôûç-]+(er|ir|re)")  # a first word that looks like an infinitive


def words(text):
    """Return the words of a text (an elided article such as d' is not one)."""
    return re.findall(r"[^\W_][\w'’-]*", text)


def yaml_str(text):
    """Quote a string for the front matter."""
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


@dataclass(frozen=True)
class Rules:
    """Which headings may become questions, and which come first."""

    generic: set  # headings that say where one is in the page, not what it is about
    not_a_question: set  # headings that only make sense inside their page
    interrogative: Pattern
    not_verbs: set  # words ending like an infinitive that are not verbs
    long_page_words: int  # pages this long (several topics) may give one more question
    max_per_page: int = 3
    min_heading_words: int = 3
    errors: Pattern | None = None  # error messages rank between tasks and topics
    reject: Callable[[str], bool] | None = None  # a further test a heading must fail

    def eligible(self, title):
        """Tell whether a heading can stand alone as a member's question."""
        key = title.casefold()
        if key in self.generic or key in self.not_a_question:
            return False
        if self.reject and self.reject(title):
            return False
        return len(words(title)) >= self.min_heading_words

    def priority(self, title):
        """Rank a heading, higher first: a question, a task, an error message, a topic."""
        first = title.split()[0].casefold()
        if title.endswith("?") or self.interrogative.match(title):
            return 3
        if first == "se" or first.startswith("s'"):
            return 2
        if TASK.fullmatch(first) and first not in self.not_verbs:
            return 2
        if self.errors and self.errors.search(title):
            return 1
        return 0


def choose_questions(pages, headings_of, rules):
    """Set page["questions"]: the best eligible headings of each page, in page order.

    headings_of(page) lists (line, key, title, anchor); the key tells the same heading
    on two pages or twice on one, which is then ambiguous as a question and skipped.
    """
    found = [headings_of(page) for page in pages]
    counts = {}
    for heads in found:
        for _, key, _, _ in heads:
            counts[key] = counts.get(key, 0) + 1
    for page, heads in zip(pages, found, strict=True):
        page_title = page["title"].replace("`", "").casefold()  # titles have no code marks
        candidates = []
        for order, (line, key, title, anchor) in enumerate(heads):
            if counts[key] > 1 or not rules.eligible(title):
                continue
            if title.casefold() == page_title:
                continue  # repeats the page title, which stays: no question left
            candidates.append((-rules.priority(title), order, line, title, anchor))
        limit = rules.max_per_page + (len(words(page["body"])) >= rules.long_page_words)
        picked = sorted(sorted(candidates)[:limit], key=lambda c: c[1])
        page["questions"] = [{"title": t, "anchor": a, "line": ln} for _, _, ln, t, a in picked]


def write_page(page, kb, number, doc_id):
    """Write a page without its chosen heading lines; record its id and written words."""
    drop = {q["line"] for q in page["questions"]}
    lines = [ln for i, ln in enumerate(page["body"].split("\n")) if i not in drop]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    text = (
        f"---\nid: {doc_id}\ntitle: {yaml_str(page['title'])}\n"
        f"services: [{', '.join(page['services'])}]\nurl: {page['url']}\n---\n\n"
        f"# {page['title']}\n\n{body}\n"
    )
    (kb / f"{number:03d}-{page['slug']}.md").write_text(text, "utf-8")
    page["id"] = doc_id
    page["words"] = len(words(f"# {page['title']}\n\n{body}"))


def extra_questions(path, field, ids):
    """Return the hand-written questions, their expected pages named in `field` resolved."""
    out = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            expected = [ids[name] for name in item.pop(field, [])]
            out.append(
                {"title": item.pop("title"), "body": item.pop("body"), "expected": expected, **item}
            )
    return out


def write(pages, out_dir, doc_prefix, question_prefix, extra_field, name_of):
    """Write kb/*.md and questions.jsonl; return the questions.

    The hand-written questions of extra_questions.jsonl name their page in `extra_field`,
    by name_of(page) (a source path, an address), since page ids change with the source.
    """
    kb = out_dir / "kb"
    kb.mkdir(parents=True, exist_ok=True)
    for old in kb.glob("*.md"):
        old.unlink()  # a page dropped since the last build must not linger
    questions = []
    for number, page in enumerate(pages, start=1):
        write_page(page, kb, number, f"{doc_prefix}{number:03d}")
        for q in page["questions"]:
            questions.append(
                {
                    "title": q["title"],
                    "body": "",
                    "expected": [page["id"]],
                    "lang": "fr",
                    "kind": "heading",
                    "anchor": q["anchor"],
                }
            )
    ids = {name_of(p): p["id"] for p in pages}
    questions += extra_questions(out_dir / "extra_questions.jsonl", extra_field, ids)
    with open(out_dir / "questions.jsonl", "w", encoding="utf-8") as out:
        for n, q in enumerate(questions, start=1):
            row = {"id": f"{question_prefix}{n:03d}", **q}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return questions


def add_output_args(parser, script):
    """Add the options every builder has: where to write, whether to list pages."""
    parser.add_argument("--out", default=str(Path(script).resolve().parent))  # the set's folder
    parser.add_argument("--report", action="store_true", help="print pages and headings")


def report(pages, questions, show, describe):
    """Print the pages and their questions if `show`, and the counts on stderr."""
    if show:
        for page in pages:
            print(f"{page['id']} {page['words']:5d} {describe(page)}")
            for q in page["questions"]:
                print(f"        - {q['title']}  #{q['anchor']}")
    counts = [p["words"] for p in pages]
    kinds = dict(Counter(q["kind"] for q in questions))  # in order of first appearance
    print(
        f"{len(pages)} pages; words min {min(counts)} median {median(counts)} "
        f"max {max(counts)}; questions {kinds}",
        file=sys.stderr,
    )
