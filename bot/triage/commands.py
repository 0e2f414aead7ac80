"""A volunteer's whispered command, parsed: `@coopbot ok`, `@coopbot 2`, `@coopbot non <raison>`,
and the incident commands (`@coopbot incident lier 12`, bot/triage/incident_commands.py).

Pure: text in, Command out. French and English, tolerant of case, accents and punctuation;
whatever it does not understand asks for help.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bot.privacy import redact_emails
from bot.triage.incident_commands import VERBS as INCIDENT_VERBS
from bot.triage.incident_commands import parse_incident

APPROVE, APPROVE_ENTRY, REJECT, HELP = "approve", "approve_entry", "reject", "help"
VERBS = (APPROVE, APPROVE_ENTRY, REJECT, HELP)
WRONG_ARTICLE, ALREADY_ANSWERED, NOT_A_QUESTION, OTHER = (
    "wrong_article",
    "already_answered",
    "not_a_question",
    "other",
)
REASONS = (WRONG_ARTICLE, ALREADY_ANSWERED, NOT_A_QUESTION, OTHER)
MAX_NOTE = 200  # characters of a rejection's note that are kept
# A command is a few words: reading no more than this bounds the work whatever was pasted.
MAX_SCAN = 1000

# fmt: off
APPROVE_WORDS = frozenset({
    "ok", "okay", "oui", "yes", "publie", "publier", "publish",
    "approve", "approuve", "approuver", "valide", "valider",
})
REJECT_WORDS = frozenset({"non", "no", "reject", "rejette", "rejeter", "refuse", "refuser"})
# Words that may stand between an approval and its entry: "oui, le 2", "ok n° 2", "ok entry 2".
ENTRY_FILLERS = frozenset({
    "le", "la", "l", "n", "no", "numero", "number", "entree", "entry", "article", "the",
})
# fmt: on
REASON_PHRASES = {
    ("mauvais", "article"): WRONG_ARTICLE,
    ("mauvaise", "reponse"): WRONG_ARTICLE,
    ("wrong", "article"): WRONG_ARTICLE,
    ("wrong", "answer"): WRONG_ARTICLE,
    ("deja", "repondu"): ALREADY_ANSWERED,
    ("deja", "resolu"): ALREADY_ANSWERED,
    ("already", "answered"): ALREADY_ANSWERED,
    ("already", "solved"): ALREADY_ANSWERED,
    ("pas", "une", "question"): NOT_A_QUESTION,
    ("not", "a", "question"): NOT_A_QUESTION,
}
WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Command:
    """What a volunteer asked: a verb, with the entry to publish or the reason to reject."""

    verb: str
    entry: int | None = None
    reason: str | None = None
    note: str = ""
    incident: int | None = None  # the incident an incident command names

    @property
    def argument(self) -> str:
        """The command's text form in an event: the entry number, or the reason and a note."""
        if self.verb == APPROVE_ENTRY:
            return str(self.entry)
        if self.verb == REJECT:
            return f"{self.reason} {self.note}".strip()
        if self.verb in INCIDENT_VERBS and self.incident is not None:
            return str(self.incident)
        return ""

    @classmethod
    def from_argument(cls, verb: str, argument: str) -> Command:
        """Rebuild a command from an event's verb and argument."""
        if verb == APPROVE_ENTRY:
            return cls(verb, entry=int(argument))
        if verb == REJECT:
            reason, _, note = argument.partition(" ")
            return cls(verb, reason=reason or OTHER, note=note)
        if verb in INCIDENT_VERBS and argument.isdecimal():
            return cls(verb, incident=int(argument))
        return cls(verb)


def command_in(raw: str, bot_username: str) -> Command | None:
    """The command a post gives the bot, or None when it does not open with its mention."""
    head = raw.lstrip()
    mention = _mention(bot_username).match(head)
    return parse(head[mention.end() :]) if mention else None


@lru_cache(maxsize=8)
def _mention(bot_username: str) -> re.Pattern:
    # "@coopbot2" or "@coopbot.dev" name someone else; "@coopbot, ok" and "@CoopBot ok" do not
    return re.compile(rf"@{re.escape(bot_username)}(?![\w-]|\.\w)", re.IGNORECASE)


def parse(text: str) -> Command:
    """Read the words that follow the bot's mention."""
    scanned = _bounded(text)
    words = [(m.group(), m.start()) for m in WORD.finditer(_fold(scanned))]
    if not words:
        return Command(HELP)
    first = words[0][0]
    if first == "incident":
        verb, number = parse_incident([word for word, _ in words[1:8]])
        return Command(verb, incident=number)
    if first in APPROVE_WORDS:
        return _approval([word for word, _ in words[1:4]])
    if first in REJECT_WORDS:
        return _rejection(scanned, words[1:])
    entry = _entry(first)
    return Command(APPROVE_ENTRY, entry=entry) if entry else Command(HELP)


def _approval(following: list[str]) -> Command:
    """`ok` publishes the draft; `ok 2` (or `oui, le 2`) the second entry alone."""
    for word in following:
        if word in ENTRY_FILLERS:
            continue
        if not word.isdecimal():
            return Command(APPROVE)
        entry = _entry(word)
        return Command(APPROVE_ENTRY, entry=entry) if entry else Command(HELP)
    return Command(APPROVE)


def _entry(word: str) -> int | None:
    """An entry's 1-based position, from one or two digits."""
    if word.isdecimal() and len(word) <= 2 and int(word) > 0:
        return int(word)
    return None


def _rejection(scanned: str, words: list[tuple[str, int]]) -> Command:
    """A reason code from known words, and the rest of the text as a short note."""
    reason, index, length = _reason([word for word, _ in words])
    kept = words[length:] if index == 0 else words
    note = " ".join(scanned[kept[0][1] :].split()) if kept else ""
    return Command(REJECT, reason=reason, note=redact_emails(note)[:MAX_NOTE].strip())


def _reason(words: list[str]) -> tuple[str, int, int]:
    """The first known reason among the words: (code, where it starts, how many words)."""
    for index in range(len(words)):
        for phrase, code in REASON_PHRASES.items():
            if tuple(words[index : index + len(phrase)]) == phrase:
                return code, index, len(phrase)
    return OTHER, -1, 0


def _bounded(text: str) -> str:
    """The text's first MAX_SCAN characters, without a last word cut in half."""
    if len(text) <= MAX_SCAN:
        return text
    # half an e-mail address would escape redaction: drop the word the cut went through
    head = text[:MAX_SCAN].rsplit(maxsplit=1)
    return head[0] if len(head) == 2 else ""


def _fold(text: str) -> str:
    """Lower case, no accents, punctuation as spaces; one character for each character."""
    return "".join(_fold_char(char) for char in text)


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    base = unicodedata.normalize("NFKD", char)[:1].lower()[:1]
    return base if base.isalnum() else " "
