"""Worst-case inputs for the text functions that see members' posts or read whole pages.

Each builder repeats a unit that once made a regular expression retry from every
character (an opener never closed, a run that almost matches), so that a quadratic
function shows at 100 kB. Shared by the tests and bench/adversarial.py.
"""

from __future__ import annotations

import random


def repeat(unit: str, size: int, tail: str = "") -> str:
    """The unit repeated up to size characters, then the tail."""
    return (unit * (size // len(unit) + 1))[: max(size - len(tail), 0)] + tail


def email_cases(size: int) -> dict[str, str]:
    """Texts that make an address search retry: long local parts, many @, dots, quotes."""
    return {
        "local-part run, then an address": repeat("a", size, " x@example.org"),
        "local-part run with dots and +": repeat("a.b+c_", size, "@"),
        "many @": repeat("@", size),
        "a@ repeated": repeat("a@", size),
        "a@b repeated (no top-level domain)": repeat("a@b", size),
        "addresses glued together": repeat("a@b.fr", size),
        "dotted domain that never ends well": "a@" + repeat("b.", size, "1"),
        "dots": repeat(".", size, "a@b.fr"),
        "quotes and @": repeat('"@', size),
        "unclosed quoted local parts": repeat('"a b ', size, '"@x.org'),
        "unclosed IP literals": repeat("a@[1.2.3.", size),
        "hyphens before @": repeat("-", size, "@x.org"),
        "accents and marks": repeat("e\u0301", size, "@exemple.fr"),
    }


def cleaning_cases(size: int) -> dict[str, str]:
    """Posts that make markup stripping retry: unclosed quotes and tags, long runs."""
    return {
        "unclosed <aside class=quote": repeat('<aside class="quote', size),
        "unclosed <aside> quotes": repeat('<aside class="quote no-group">x ', size),
        "quote quote quote in a class": '<aside class="' + repeat("quote ", size),
        "nested asides": repeat('<aside class="quote"><blockquote>', size, "</aside>"),
        "repeated [quote": repeat("[quote", size),
        "unclosed [quote] blocks": repeat('[quote="a, post:1"]x ', size),
        "[quote] without ]": repeat("[quote=", size, "]"),
        "unclosed <blockquote>": repeat("<blockquote>x", size),
        "many <": repeat("<", size),
        "unclosed <p tags": repeat("<p ", size),
        "many [": repeat("[", size),
        "links never closed": repeat("[a](", size),
        "many ](": repeat("](", size),
        "blank lines": repeat("\n", size),
        "spaces and newlines": repeat(" \n", size, "```x"),
        "fences": repeat("```\n", size),
        "headings": repeat("#\n", size),
        "closing formulas": repeat("merci ", size),
        "closing, spaces, a word": "Merci" + repeat(" ", size, "x"),
        "names after closings": repeat("Merci Jean Dupont ", size),
        "punctuation before a closing": repeat(",.!;: ", size, "merci"),
        "greeting then spaces": "Bonjour" + repeat(" ", size, "x"),
        "name line then spaces": "a\nJean" + repeat(" ", size, "x"),
        "emphasis": repeat("**__~~", size),
        "mixed markup": mixed(size),
    }


# Bytes that are not UTF-8, decoded as a lenient reader would: lone surrogates.
BROKEN = b"caf\xe9 \xff\xfe r\xc3glage".decode("utf-8", "surrogateescape")


def section_cases(size: int) -> dict[str, str]:
    """Pages that make the section splitter and the anchors retry: heading lines and runs."""
    return {
        "# only": repeat("#", size),
        "empty headings": repeat("#\n", size),
        "heading lines": repeat("## Étape un deux trois\n", size),
        "one heading line": "# " + repeat("mot ", size),
        "heading: spaces then a word": "# a" + repeat(" ", size, "x"),
        "heading: ' #' runs": "# a" + repeat(" #", size, "x"),
        "identical headings": repeat("## Exemple\n", size),
        "identical and numbered headings": repeat("## Exemple\n## Exemple 1\n", size),
        "unclosed fence": "```\n" + repeat("## dans le code\n", size),
        "alternating fences": repeat("```\n~~~\n", size),
        "setext headings": repeat("Titre\n===\n", size),
        "underlines only": repeat("---\n", size),
        "{#id} repeated": "# Titre " + repeat("{#a}", size),
        "{#id never closed": "# Titre " + repeat("{#a", size),
        "[ in a heading": "# " + repeat("[", size),
        "[a]( in a heading": "# " + repeat("[a](", size),
        "punctuation, emoji, marks, surrogates": repeat(
            f"## Titre ?!§ \U0001f600e\u0301 {BROKEN}\n", size
        ),
        "combining marks": "# e" + repeat("\u0301", size),
        "CRLF": repeat("## Titre de section\r\ntexte\r\n", size),
        "lone CR": repeat("## Titre\rtexte\r", size),
        "NUL bytes": repeat("## \x00Titre\x00\n\x00", size),
        "admonition fences": repeat(":::info [", size),
        "tag line never ended": repeat("<a b/>", size, "x"),
        "import line never ended": repeat("import '", size),
    }


def normal_page(size: int) -> str:
    """An ordinary documentation page: headings, paragraphs, a code block."""
    unit = (
        "## Restaurer un site\n\nDans le panneau, ouvrez Sauvegardes, choisissez la date puis "
        "le dossier du site et cliquez sur Restaurer.\n\n```\n# pas un titre\ntar xzf a.tgz\n"
        "```\n\n### Restaurer une base de données {#base}\n\nChoisissez la base et la date ; "
        "l'import remplace les tables existantes.\n\n"
    )
    return "# Sauvegardes\n\n" + repeat(unit, size)


def mixed(size: int, seed: int = 20261202) -> str:
    """A random mix of every opener and closer above."""
    pieces = ["<aside ", 'class="quote', "[quote", "[/quote]", "</aside>", "<", ">", "[", "](",
              ")", "merci ", "\n", " ", "```", "Jean ", "@", "a.b"]  # fmt: skip
    rng = random.Random(seed)
    text = []
    length = 0
    while length < size:
        piece = rng.choice(pieces)
        text.append(piece)
        length += len(piece)
    return "".join(text)[:size]


def normal_post(size: int) -> str:
    """An ordinary support post with a quote, a link, an address and a signature."""
    unit = (
        '<aside class="quote" data-post="1"><blockquote><p>Mon site affiche une erreur 500'
        "</p></blockquote></aside>\n<p>Bonjour, j'ai suivi <a href='https://doc.example.coop/"
        "php'>la doc</a> et écrit à support@example.coop, sans réponse. Le fichier "
        "<code>.htaccess</code> contient une règle de réécriture.</p>\n"
    )
    return repeat(unit, size, "\n<p>Merci d'avance,\nCamille</p>")
