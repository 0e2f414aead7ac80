#!/usr/bin/env python3
"""Build the alwaysdata-based development set: bench/docs_kb/kb/*.md and questions.jsonl.

Source: the French pages of alwaysdata's help centre (https://help.alwaysdata.com),
read from a bare git mirror of https://github.com/alwaysdata/documentation.

    python bench/docs_kb/build.py /work/.mirror/alwaysdata+documentation/repo

The commit is pinned (SOURCE_COMMIT); pass --commit to read another one.  The script is
deterministic: the same commit gives byte-identical files.  It uses only the standard
library and `git`.

What it does, in order (see README.md for the reasons):
1. reads every src/content/fr/docs/**/*.md at the commit, outside EXCLUDED_DIRS;
2. cleans the body (source front matter, HTML comments, images, admonition markers,
   soft hyphens, template syntax), makes site-relative links absolute;
3. keeps pages with >= MIN_WORDS words and >= MIN_HEADINGS headings (## and deeper);
4. picks at most MAX_PER_PAGE headings per page (one more on pages >= LONG_PAGE_WORDS)
   as questions (rules in `eligible` and `priority`), removes those heading lines from
   the page (the section text stays);
5. writes kb/NNN-slug.md and questions.jsonl (heading questions, then the hand-written
   off-topic and English questions of extra_questions.jsonl, renumbered after them).
"""

import argparse
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

SOURCE_REPO = "https://github.com/alwaysdata/documentation"
SOURCE_COMMIT = "d4cbbed15dbba177bd0646482852d9bfe05448d8"
SITE = "https://help.alwaysdata.com"
CONTENT_ROOT = "src/content/fr/docs/"
# Third-party software installation guides (GitLab, Redis, New Relic...) and the REST API
# reference: developer material rather than hosting support, built from repeated templates
# (Installation, Lancement du service...; Python / PHP / cURL for each API verb).
EXCLUDED_DIRS = ("development/guides/", "development/api/")
MIN_WORDS = 200
MIN_HEADINGS = 2
MAX_PER_PAGE = 3
LONG_PAGE_WORDS = 500  # pages this long (several topics) may give one more question
MIN_HEADING_WORDS = 3

HERE = Path(__file__).resolve().parent

# Headings that say where one is in the page rather than what it is about.
GENERIC = {
    "introduction",
    "prérequis",
    "liens",
    "liens utiles",
    "aller plus loin",
    "en pratique",
    "exemples",
    "exemple",
    "divers",
    "remarques",
    "notes",
    "notes et astuces",
    "général",
    "captures d'écran",
    "recommandé",
    "obligatoire",
    "concept",
    "installation",
    "utilisation",
    "configuration",
    "cas particuliers",
    "cas spécifiques",
    "problèmes fréquents",
    "conseils & problèmes courants",
    "les changements majeurs",
    "mes permissions",
    "opérations imprécises",
    "rappels utiles",
    "données et hypothèses",
    "ressources liées",
    "mises à jour diverses",
    "process spéciaux de facturation",
    "extensions supportées",
    "types de formats",
    "variables disponibles",
    "avec rclone (linux / macos)",
    "versions disponibles",
    "sur cloud privé",
}
# Headings that pass the rules but cannot stand alone as a member's question: they only
# make sense inside their page (a step of a procedure, a sub-case of the heading above).
NOT_A_QUESTION = {
    "côté alwaysdata",
    "côté développement",
    "exemple avec ab",
    "exemple avec mysql",
    "exemple avec psql",
    "ordinateur",
    "mobile",
    "navigateur web",
    "par un terminal",
    "par le web",
    "avec windows",
    "avec macos",
    "chez alwaysdata",
    "sous windows",
    "sous unix / os x",
    "comprendre les résultats",
    "lire la documentation",
    "stratégie générale",
    "aide à la migration",
    "migration officiellement finie",
    "faire les changements nécessaires",
    "préparation en amont",
    "options matérielles",
    "exemple d'architecture mono-serveur",
    "les types d'alerte",
    "finalisation : redéplacement des comptes sur le serveur client",
    "mise en place chez alwaysdata",
    "vérification après migration",
    "quelles données sont concernées ?",
    # the same step under two wordings on two migration pages: ambiguous as questions
    "préparer la migration",
    "préparation de la migration",
    "effectuer la migration",
    "déroulement de la migration",
}
INTERROGATIVE = re.compile(
    r"^(comment|pourquoi|quel|quelle|quels|quelles|où|que|qu'|quand|"
    r"combien|est-ce|les .* sont-ils|mes .* sont-elles)\b",
    re.I,
)
NOT_VERBS = {
    "votre",
    "notre",
    "membre",
    "nombre",
    "chiffre",
    "autre",
    "titre",
    "ordre",
    "entre",
    "contre",
    "libre",
    "centre",
    "cadre",
    "filtre",
    "fenêtre",
    "lettre",
}
ADMONITIONS = {
    "NOTE": "Note",
    "TIP": "Astuce",
    "WARNING": "Attention",
    "INFO": "Info",
    "IMPORTANT": "Important",
    "CAUTION": "Attention",
}
SERVICES = [  # first matching prefix of the path under CONTENT_ROOT wins
    ("emails/mailing-lists/", ["lists", "mail"]),
    ("emails/outgoing-emails/set-up-spf-dkim-dmarc", ["mail", "dns"]),
    ("emails/", ["mail"]),
    ("domains/dns-management/", ["dns", "domains"]),
    ("domains/", ["domains"]),
    ("web-hosting/sites/ssl-tls/", ["ssl", "web"]),
    ("web-hosting/sites/customizing/waf", ["security", "web"]),
    ("web-hosting/sites/troubleshooting/clean-up-a-site", ["security", "web"]),
    ("web-hosting/sites/", ["web"]),
    ("web-hosting/languages/php/", ["php", "web"]),
    ("web-hosting/languages/", ["web"]),
    ("web-hosting/databases/", ["databases"]),
    ("web-hosting/remote-access/ftp/", ["ftp"]),
    ("web-hosting/remote-access/ssh/", ["security"]),
    ("web-hosting/", ["web"]),
    ("admin-billing/billing/", ["billing"]),
    ("admin-billing/", ["admin"]),
    ("technical-specifications/configure-firewall/", ["security"]),
    ("technical-specifications/bug-bounty", ["security"]),
    ("technical-specifications/drp", ["backups"]),
]


def git(git_dir, *args):
    return subprocess.run(
        ["git", "--git-dir", str(git_dir), *args], check=True, capture_output=True, text=True
    ).stdout


def split_front_matter(text):
    lines = text.splitlines()
    assert lines[0].strip() == "---", "source page without front matter"
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    meta = {}
    for line in lines[1:end]:
        m = re.match(r"^(\w+):\s*(.*)$", line)  # top-level keys only
        if m:
            meta[m.group(1)] = m.group(2).strip().strip("'\"")
    return meta, "\n".join(lines[end + 1 :])


def inline_text(heading):
    """Rendered text of a heading: Markdown emphasis, code and links removed."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"(\*\*|__|\*|(?<!\w)_|_(?!\w))", "", text)
    return re.sub(r"\s+", " ", text).strip()


def github_slug(text):
    """GitHub's heading anchor: lowercase, punctuation dropped, spaces to hyphens."""
    text = text.strip().lower()
    text = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in "LNM")
    return text.replace(" ", "-")


def question_title(heading):
    """Heading text cleaned of numbering ('1.', 'Étape 2 :') and wrapping quotes."""
    text = inline_text(heading)
    text = re.sub(r"^(étape|step)\s*\d+\s*[:\-–]\s*", "", text, flags=re.I)
    text = re.sub(r"^\d+[.)]\s*", "", text)
    text = re.sub(r"^exemple\s*:\s*", "", text, flags=re.I)
    if len(text) > 1 and text[0] == text[-1] == '"' and text.count('"') == 2:
        text = text[1:-1]
    return text.strip()


def clean_body(body):
    """Keep the prose, lists, tables and code; drop what is not for a reader."""
    body = body.replace("\u00ad", "").replace("\r\n", "\n")
    body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
    body = re.sub(r"\{%-?.*?-?%\}|\{\{-?.*?-?\}\}|\{#.*?#\}", "", body, flags=re.S)
    out, in_code = [], False
    for line in body.split("\n"):
        if line.lstrip().startswith("```"):
            in_code = not in_code
            out.append(line.rstrip())
            continue
        if in_code:
            out.append(line.rstrip())
            continue
        line = re.sub(r"!\[[^\]]*\]\([^)]*\)(\{[^}]*\})?", "", line)  # images
        line = re.sub(r"<img\b[^>]*>", "", line, flags=re.I)
        line = re.sub(r"\]\((/[^)]*)\)", lambda m: f"]({SITE}{m.group(1)})", line)
        m = re.match(r"^(\s*>\s*)\[!(\w+)\]\s*(.*)$", line)
        if m:
            label = m.group(3).strip() or ADMONITIONS.get(m.group(2).upper(), "Note")
            line = f"{m.group(1)}**{label}**"
        if re.match(r"^#{2,6}\s", line):
            line = re.sub(r"^(#+)\s+", r"\1 ", line)
        if line.strip() == "" and out and out[-1].strip() == "":
            continue  # collapse blank lines outside code
        out.append(line.rstrip() if line.strip() else "")
    return "\n".join(out).strip() + "\n"


def headings(body):
    """(line index, level, raw text) of the Markdown headings outside code blocks."""
    found, in_code = [], False
    for i, line in enumerate(body.split("\n")):
        if line.lstrip().startswith("```"):
            in_code = not in_code
        elif not in_code:
            m = re.match(r"^(#{2,6}) (.+?)\s*#*\s*$", line)
            if m:
                found.append((i, len(m.group(1)), m.group(2)))
    return found


def words(text):
    return re.findall(r"[^\W_][\w'’-]*", text)


def eligible(title):
    key = title.casefold()
    if key in GENERIC or key in NOT_A_QUESTION:
        return False
    return len(words(title)) >= MIN_HEADING_WORDS


def priority(title):
    """Higher first: a question, a task (infinitive), a quoted error, then a topic."""
    first = title.split()[0].casefold()
    if title.endswith("?") or INTERROGATIVE.match(title):
        return 3
    if (
        first == "se"
        or first.startswith("s'")
        or (re.fullmatch(r"[a-zéèêàâîôûç-]+(er|ir|re)", first) and first not in NOT_VERBS)
    ):
        return 2
    if re.search(r"\d{3}|error|erreur|failed|refused|not |can't|too many|warning", title, re.I):
        return 1
    return 0


def load_pages(git_dir, commit):
    files = git(git_dir, "ls-tree", "-r", "--name-only", commit, CONTENT_ROOT).split("\n")
    pages = []
    for path in sorted(f for f in files if f.endswith(".md")):
        rel = path[len(CONTENT_ROOT) :]
        if rel.startswith(EXCLUDED_DIRS):
            continue
        meta, body = split_front_matter(git(git_dir, "show", f"{commit}:{path}"))
        body = clean_body(body)
        if len(words(body)) < MIN_WORDS or len(headings(body)) < MIN_HEADINGS:
            continue
        services = next((s for prefix, s in SERVICES if rel.startswith(prefix)), [])
        pages.append(
            {
                "path": path,
                "rel": rel,
                "title": meta["title"],
                "url": SITE + meta["permalink"],
                "permalink": meta["permalink"],
                "body": body,
                "services": services,
            }
        )
    return pages


def choose_headings(pages):
    counts = {}
    for page in pages:
        for _, _, raw in headings(page["body"]):
            key = question_title(raw).casefold()
            counts[key] = counts.get(key, 0) + 1
    for page in pages:
        candidates, seen_slugs = [], {}
        for order, (line, _level, raw) in enumerate(headings(page["body"])):
            base = github_slug(inline_text(raw))
            n = seen_slugs.get(base, 0)
            seen_slugs[base] = n + 1
            anchor = base if n == 0 else f"{base}-{n}"
            title = question_title(raw)
            if counts[title.casefold()] > 1 or not eligible(title):
                continue  # duplicated across or within pages, or not a question
            if title.casefold() == page["title"].casefold():
                continue  # repeats the page title, which stays: no question left
            candidates.append((-priority(title), order, line, title, anchor))
        limit = MAX_PER_PAGE + (len(words(page["body"])) >= LONG_PAGE_WORDS)
        picked = sorted(sorted(candidates)[:limit], key=lambda c: c[1])
        page["questions"] = [{"title": t, "anchor": a, "line": ln} for _, _, ln, t, a in picked]


def slug_of(permalink):
    return permalink.rstrip("/").split("/")[-1]


def yaml_str(text):
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def write(pages, out_dir):
    kb = out_dir / "kb"
    kb.mkdir(parents=True, exist_ok=True)
    for old in kb.glob("*.md"):
        old.unlink()
    questions = []
    for number, page in enumerate(pages, start=1):
        doc_id = f"doc-{number:03d}"
        drop = {q["line"] for q in page["questions"]}
        lines = [ln for i, ln in enumerate(page["body"].split("\n")) if i not in drop]
        body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
        services = ", ".join(page["services"])
        text = (
            f"---\nid: {doc_id}\ntitle: {yaml_str(page['title'])}\n"
            f"services: [{services}]\nurl: {page['url']}\n---\n\n"
            f"# {page['title']}\n\n{body}\n"
        )
        (kb / f"{number:03d}-{slug_of(page['permalink'])}.md").write_text(text, "utf-8")
        page["id"] = doc_id
        page["words"] = len(words(f"# {page['title']}\n\n{body}"))  # as written
        for q in page["questions"]:
            questions.append(
                {
                    "title": q["title"],
                    "body": "",
                    "expected": [doc_id],
                    "lang": "fr",
                    "kind": "heading",
                    "anchor": q["anchor"],
                }
            )
    extra_path = out_dir / "extra_questions.jsonl"
    by_path = {p["rel"]: p["id"] for p in pages}
    for line in extra_path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        # hand-written questions name their page by source path, resolved to an id here
        expected = [by_path[rel] for rel in item.pop("expected_paths", [])]
        questions.append(
            {"title": item.pop("title"), "body": item.pop("body"), "expected": expected, **item}
        )
    with open(out_dir / "questions.jsonl", "w", encoding="utf-8") as out:
        for n, q in enumerate(questions, start=1):
            row = {"id": f"docs-{n:03d}", **q}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return questions


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("git_dir", help="bare git mirror of alwaysdata/documentation")
    parser.add_argument("--commit", default=SOURCE_COMMIT)
    parser.add_argument("--out", default=str(HERE))
    parser.add_argument("--report", action="store_true", help="print pages and headings")
    args = parser.parse_args()
    pages = load_pages(args.git_dir, args.commit)
    choose_headings(pages)
    questions = write(pages, Path(args.out))
    if args.report:
        for page in pages:
            print(f"{page['id']} {page['words']:5d} {page['rel']}")
            for q in page["questions"]:
                print(f"        - {q['title']}  #{q['anchor']}")
    counts = sorted(p["words"] for p in pages)
    mid = len(counts) // 2
    median = counts[mid] if len(counts) % 2 else (counts[mid - 1] + counts[mid]) / 2
    kinds = {}
    for q in questions:
        kinds[q["kind"]] = kinds.get(q["kind"], 0) + 1
    print(
        f"{len(pages)} pages; words min {counts[0]} median {median} "
        f"max {counts[-1]}; questions {kinds}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
