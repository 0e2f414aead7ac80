"""Turn a forum post (Discourse cooked HTML or Markdown) into the text a member wrote."""

import html
import re

QUOTE_BLOCKS = (
    re.compile(r"\[quote[^\]]*\].*?\[/quote\]", re.S | re.I),
    re.compile(r"<aside[^>]*class=\"[^\"]*quote[^\"]*\"[^>]*>.*?</aside>", re.S | re.I),
    re.compile(r"<blockquote[^>]*>.*?</blockquote>", re.S | re.I),
)
# Block tags become line breaks so that greetings and signatures stay on their own line.
BLOCK_TAG = re.compile(r"</?(p|div|br|li|ul|ol|h[1-6]|pre|tr|table)\b[^>]*>", re.I)
ANY_TAG = re.compile(r"<[^>]+>")
MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MD_EMPHASIS = re.compile(r"(\*\*|__|~~)")
MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)
CODE_FENCE = re.compile(r"^\s*(```|~~~)\w*\s*$", re.M)

GREETING = re.compile(
    r"^\s*(bonjour|bonsoir|salut|hello|hi|hey|coucou|bjr|slt|cc)\b"
    r"(\s+(à|a)\s+(tous|toutes|tou[st]es?\s+et\s+tous|vous))?"
    r"(\s+(bonjour|tout le monde|all|everyone|there|la communaut[ée]))?\s*[,!.:;]*\s*",
    re.I,
)
CLOSING = (
    r"(merci( beaucoup| bien)?( d'avance| par avance| davance| pour votre aide| à vous)?"
    r"|cordialement|bien cordialement|bonne (journée|soirée|journee|soiree)"
    r"|à bientôt|a\+|bises|amicalement|thanks( in advance| a lot)?|thank you|regards"
    r"|best regards|cheers)"
)
# A closing formula near the end, possibly followed by a name, ends the useful text.
SIGNATURE = re.compile(
    rf"[\s,.!;:]*\b{CLOSING}\b[\s,.!]*([A-ZÀ-Ý][\w\-]+(\s+[A-ZÀ-Ý][\w\-.]*)?)?"
    r"[\s,.!]*$",
    re.I,
)
NAME_LINE = re.compile(r"^\s*[-–—]*\s*[A-ZÀ-Ý][a-zà-ÿ\-]+(\s+[A-ZÀ-Ý][\w\-.]*)?\s*$")


def _strip_markup(text: str) -> str:
    """Remove quotes of earlier posts, HTML tags and Markdown decoration, keep code."""
    for pattern in QUOTE_BLOCKS:
        text = pattern.sub("\n", text)
    text = BLOCK_TAG.sub("\n", text)
    text = html.unescape(ANY_TAG.sub("", text))
    lines = [line for line in text.splitlines() if not line.lstrip().startswith(">")]
    text = "\n".join(lines)
    text = CODE_FENCE.sub("", text)
    text = MD_LINK.sub(r"\1", text)
    text = MD_HEADING.sub("", text)
    return MD_EMPHASIS.sub("", text)


def _strip_signature(lines: list[str]) -> list[str]:
    """Drop closing formulas and a lone name at the end."""
    while lines:
        last = lines[-1]
        trimmed = SIGNATURE.sub("", last).rstrip()
        if trimmed != last.rstrip():
            lines[-1] = trimmed
            if not trimmed:
                lines.pop()
            continue
        if len(lines) > 1 and NAME_LINE.match(last):
            lines.pop()
            continue
        break
    return lines


def clean_forum_text(text: str) -> str:
    """Return the member's own words: no markup, quotes, greetings or signature."""
    text = _strip_markup(text or "")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines:
        lines[0] = GREETING.sub("", lines[0], count=1)
        if not lines[0]:
            lines.pop(0)
    lines = _strip_signature(lines)
    return "\n".join(lines).strip()
