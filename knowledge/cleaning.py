"""Turn a forum post (Discourse cooked HTML or Markdown) into the text a member wrote.

Every pattern here runs in time linear in the post, whatever the post: a tag or link read
from one opener stops at the next opener, and the signature is read backwards from the end
of a line instead of being searched for from every character.
"""

import html
import re

from knowledge.quotes import drop_quotes

# Block tags become line breaks so that greetings and signatures stay on their own line.
BLOCK_TAG = re.compile(r"</?(p|div|br|li|ul|ol|h[1-6]|pre|tr|table)\b[^<>]*>", re.I)
ANY_TAG = re.compile(r"<[^<>]+>")
# A link's target may hold one level of parentheses (Foo_(bar)) and a "title".
MD_LINK = re.compile(r'!?\[([^\[\]]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"]*")?\)')
MD_EMPHASIS = re.compile(r"(\*\*|__|~~)")
MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)
CODE_FENCE = re.compile(r"^[^\S\n]*(```|~~~)\w*[^\S\n]*$", re.M)

GREETING = re.compile(
    r"^\s*(bonjour|bonsoir|salut|hello|hi|hey|coucou|bjr|slt|cc)\b"
    r"(\s+(à|a)\s+(tous|toutes|tou[st]es?\s+et\s+tous|vous))?"
    r"(\s+(bonjour|tout le monde|all|everyone|there|la communaut[ée]))?\s*[,!.:;]*\s*",
    re.I,
)
MERCI = [
    f"merci{how}{why}"
    for how in ("", " beaucoup", " bien")
    for why in ("", " d'avance", " par avance", " davance", " pour votre aide", " à vous")
]
CLOSINGS = [
    *MERCI,
    *("cordialement", "bien cordialement", "amicalement", "bises", "à bientôt", "a+"),
    *("bonne journée", "bonne soirée", "bonne journee", "bonne soiree"),
    *("thanks", "thanks in advance", "thanks a lot", "thank you", "regards", "best regards"),
    "cheers",
]
# The end of a line, read on the reversed line: punctuation, up to two names ("Jean-Pierre
# Dupont.", written as [A-ZÀ-Ý][\w-]+ then [A-ZÀ-Ý][\w.-]*), punctuation, a closing formula,
# punctuation. Runs are possessive (*+), so a failed match gives back no character twice.
SIGNATURE_BACKWARDS = re.compile(
    r"[\s,.!]*+(?:(?:[\w\-.]*[A-ZÀ-Ý]\s++)?[\w\-]+[A-ZÀ-Ý][\s,.!]*+)?"
    r"\b(?:"
    + "|".join(re.escape(c[::-1]) for c in sorted(CLOSINGS, key=len, reverse=True))
    + r")\b[\s,.!;:]*+",
    re.I,
)
NAME_LINE = re.compile(r"^\s*[-–—]*\s*[A-ZÀ-Ý][a-zà-ÿ\-]+(\s+[A-ZÀ-Ý][\w\-.]*)?\s*$")


def _strip_markup(text: str) -> str:
    """Remove quotes of earlier posts, HTML tags and Markdown decoration, keep code."""
    # Each pass runs only when its marker is there: most questions are plain text.
    if "[" in text or "<" in text:
        text = drop_quotes(text)
    if "<" in text:
        text = ANY_TAG.sub("", BLOCK_TAG.sub("\n", text))
    if "&" in text:
        text = html.unescape(text)
    lines = text.splitlines()  # always: it also makes every line break a "\n"
    if ">" in text:
        lines = [line for line in lines if not line.lstrip().startswith(">")]
    text = "\n".join(lines)
    if "```" in text or "~~~" in text:
        text = CODE_FENCE.sub("", text)
    if "](" in text:
        text = MD_LINK.sub(r"\1", text)
    if "#" in text:
        text = MD_HEADING.sub("", text)
    if "**" in text or "__" in text or "~~" in text:
        text = MD_EMPHASIS.sub("", text)
    return text


def _without_closings(line: str) -> str:
    """The line without the closing formulas (and a name after each) that end it."""
    backwards, cut = line[::-1], 0
    while found := SIGNATURE_BACKWARDS.match(backwards, cut):
        cut = found.end()
    return line[: len(line) - cut].rstrip()


def _strip_signature(lines: list[str]) -> list[str]:
    """Drop closing formulas and a lone name at the end."""
    while lines:
        trimmed = _without_closings(lines[-1])
        if trimmed:
            lines[-1] = trimmed
        if not trimmed or (len(lines) > 1 and NAME_LINE.match(trimmed)):
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
    return "\n".join(_strip_signature(lines)).strip()
