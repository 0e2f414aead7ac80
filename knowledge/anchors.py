"""Anchors of headings, computed as the documentation site computes them.

Each site generator slugs a heading its own way; a link to `page#anchor` only works when
coopbot slugs the same way. The style is a setting (COOPBOT_KB_ANCHOR_STYLE)."""

import re
import unicodedata

# GitHub, GitLab, Hugo, Docusaurus, VuePress (github-slugger): keep letters of any script.
GITHUB = "github"
# MkDocs and Python-Markdown's toc extension: accents dropped, then as GitHub.
PYTHON_MARKDOWN = "python-markdown"
# Jekyll's kramdown: ASCII letters and digits only, leading non-letters dropped.
KRAMDOWN = "kramdown"
# No anchors: links go to the page.
NONE = "none"
STYLES = (GITHUB, PYTHON_MARKDOWN, KRAMDOWN, NONE)
# `## Title {#custom-id}`: an explicit id wins in every style that has anchors.
# Searched only after the last `}` but one: anchored at the end by a search, it retried
# from every `{` of a heading (5 s for 100 kB of `{#a`).
EXPLICIT_ID = re.compile(r"\{\s*#([A-Za-z0-9_:.-]+)[^}]*\}")
GITHUB_DROP = re.compile(r"[^\w\- ]", re.UNICODE)
WORD_DROP = re.compile(r"[^\w\s-]")
DASHES = re.compile(r"[-\s]+")
# A link's text and address stop at the next `[`: otherwise every `[` of a heading scans
# to its end. Underscores go only at a word's edge, where they mark emphasis: the sites keep
# those inside a word (`sshd_config`).
MARKUP = re.compile(r"[`*]|(?<!\w)_+|_++(?!\w)|!?\[([^\][]*)\]\([^)[]*\)")


def split_explicit_id(heading: str) -> tuple[str, str]:
    """Return a heading's text without its `{#id}` attribute, and that id ("" when none)."""
    text = heading.rstrip()
    match = None
    if text.endswith("}"):
        match = EXPLICIT_ID.search(text, text.rfind("}", 0, len(text) - 1) + 1)
    if not match:
        return heading.strip(), ""
    return heading[: match.start()].strip(), match.group(1)


def _plain(heading: str) -> str:
    """Drop inline Markdown (emphasis, code ticks, links keep their text)."""
    return MARKUP.sub(lambda m: m.group(1) or "", heading).strip()


def slug(heading: str, style: str) -> str:
    """Return the anchor a style gives one heading, before duplicates are numbered."""
    text = _plain(heading)
    if style == GITHUB:
        return GITHUB_DROP.sub("", text.lower()).replace(" ", "-")
    if style == PYTHON_MARKDOWN:
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return DASHES.sub("-", WORD_DROP.sub("", ascii_text).strip().lower())
    if style == KRAMDOWN:
        kept = re.sub(r"[^a-zA-Z0-9 -]", "", re.sub(r"^[^a-zA-Z]+", "", text))
        return kept.replace(" ", "-").lower()
    return ""


class AnchorMaker:
    """Number repeated anchors of one page as its style does (`-1` or `_1`)."""

    def __init__(self, style: str):
        if style not in STYLES:
            raise ValueError(f"unknown anchor style {style!r}: choose one of {', '.join(STYLES)}")
        self.style = style
        self.seen: dict[str, int] = {}

    def anchor(self, heading: str) -> str:
        """Return the anchor of the next heading of the page."""
        text, explicit = split_explicit_id(heading)
        if self.style == NONE:
            return ""
        base = explicit or slug(text, self.style) or ("section" if self.style == KRAMDOWN else "")
        if not base:
            return ""
        if self.style == KRAMDOWN:  # kramdown numbers repeats without checking for clashes
            count = self.seen.get(base, 0)
            self.seen[base] = count + 1
            return base if not count or explicit else f"{base}-{count}"
        if explicit:
            self.seen.setdefault(base, 0)
            return base
        # As github-slugger and Python-Markdown: skip a number another heading already took
        # ("Exemple 1"); each base's counter only grows, so the loop stays linear overall.
        anchor = base
        while anchor in self.seen:
            self.seen[base] += 1
            anchor = f"{base}{'_' if self.style == PYTHON_MARKDOWN else '-'}{self.seen[base]}"
        self.seen[anchor] = 0
        return anchor
