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
4. turns each heading into a question title (numbering and quotes dropped) and a GitHub
   anchor; bench/kb_builder.py picks up to 3 a page (4 from LONG_PAGE_WORDS) by RULES,
   writes the pages without the picked heading lines, then questions.jsonl (heading
   questions, then extra_questions.jsonl's, whose pages are named by source path).
"""

import argparse
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

# Run as a script, so bench/ (where the shared kb_builder.py is) is not on the path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import kb_builder  # noqa: E402

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

# Headings that say where one is in the page rather than what it is about.
GENERIC = kb_builder.COMMON_GENERIC | {
    "prérequis",
    "liens",
    "liens utiles",
    "aller plus loin",
    "divers",
    "remarques",
    "notes",
    "notes et astuces",
    "général",
    "captures d'écran",
    "recommandé",
    "obligatoire",
    "concept",
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
NOT_VERBS = kb_builder.COMMON_NOT_VERBS | {
    "membre",
    "nombre",
    "chiffre",
    "centre",
    "cadre",
    "fenêtre",
    "lettre",
}
LONG_PAGE_WORDS = 500  # pages this long (several topics) may give a fourth question
# Error messages quoted as headings ("530 Home Directory does not exist") rank after tasks.
ERRORS = re.compile(r"\d{3}|error|erreur|failed|refused|not |can't|too many|warning", re.I)
RULES = kb_builder.Rules(
    GENERIC, NOT_A_QUESTION, INTERROGATIVE, NOT_VERBS, LONG_PAGE_WORDS, errors=ERRORS
)
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


def slug_of(permalink):
    return permalink.rstrip("/").split("/")[-1]


def load_pages(git_dir, commit):
    files = git(git_dir, "ls-tree", "-r", "--name-only", commit, CONTENT_ROOT).split("\n")
    pages = []
    for path in sorted(f for f in files if f.endswith(".md")):
        rel = path[len(CONTENT_ROOT) :]
        if rel.startswith(EXCLUDED_DIRS):
            continue
        meta, body = split_front_matter(git(git_dir, "show", f"{commit}:{path}"))
        body = clean_body(body)
        if len(kb_builder.words(body)) < MIN_WORDS or len(headings(body)) < MIN_HEADINGS:
            continue
        services = next((s for prefix, s in SERVICES if rel.startswith(prefix)), [])
        pages.append(
            {
                "path": path,
                "rel": rel,
                "title": meta["title"],
                "url": SITE + meta["permalink"],
                "slug": slug_of(meta["permalink"]),
                "body": body,
                "services": services,
            }
        )
    return pages


def heading_candidates(page):
    """List a page's headings as (line, key, question title, GitHub anchor)."""
    found, seen_slugs = [], {}
    for line, _level, raw in headings(page["body"]):
        base = github_slug(inline_text(raw))
        n = seen_slugs.get(base, 0)
        seen_slugs[base] = n + 1
        title = question_title(raw)
        found.append((line, title.casefold(), title, base if n == 0 else f"{base}-{n}"))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("git_dir", help="bare git mirror of alwaysdata/documentation")
    parser.add_argument("--commit", default=SOURCE_COMMIT)
    kb_builder.add_output_args(parser, __file__)
    args = parser.parse_args()
    pages = load_pages(args.git_dir, args.commit)
    kb_builder.choose_questions(pages, heading_candidates, RULES)
    questions = kb_builder.write(
        pages, Path(args.out), "doc-", "docs-", "expected_paths", lambda p: p["rel"]
    )
    kb_builder.report(pages, questions, args.report, lambda p: p["rel"])


if __name__ == "__main__":
    main()
