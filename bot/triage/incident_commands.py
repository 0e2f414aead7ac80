"""A volunteer's whispered incident command, parsed: `@coopbot incident lier 12`, `accept`...

Pure: the folded words after `incident` in, (verb, incident number or None) out. French and
English; whatever it does not understand asks for help.
"""

from __future__ import annotations

LINK, ACCEPT, UNLINK, REOPEN, PUBLISH, HELP = (
    "incident_link",
    "incident_accept",
    "incident_unlink",
    "incident_reopen",
    "incident_publish",
    "incident_help",
)
VERBS = (LINK, ACCEPT, UNLINK, REOPEN, PUBLISH, HELP)
NEEDS_NUMBER = frozenset({LINK})  # the others may name the incident of the thread
MAX_ID = 2_147_483_647  # the database's integer: a larger number names no incident

# fmt: off
WORDS = {
    LINK: {"lier", "lie", "relier", "rattacher", "link"},
    ACCEPT: {"accepter", "accepte", "accept", "ok", "oui", "yes", "confirmer", "confirm"},
    UNLINK: {"delier", "delie", "detacher", "unlink", "retirer", "remove"},
    REOPEN: {"rouvrir", "rouvre", "reouvrir", "reopen"},
    PUBLISH: {"publier", "publie", "publish", "approuver", "approuve", "approve"},
}
# Words that may stand before the number: "lier à l'incident n° 12", "link to incident #12".
FILLERS = frozenset({
    "a", "au", "l", "le", "la", "incident", "n", "no", "numero", "number", "nr", "to", "the",
})
# fmt: on
VERB_OF = {word: verb for verb, words in WORDS.items() for word in words}


def parse_incident(words: list[str]) -> tuple[str, int | None]:
    """Read the folded words that follow `incident`: the verb and the incident it names."""
    if not words or words[0] not in VERB_OF:
        return HELP, None
    verb = VERB_OF[words[0]]
    rest = [word for word in words[1:6] if word not in FILLERS]
    if not rest:
        return (HELP, None) if verb in NEEDS_NUMBER else (verb, None)
    number = _number(rest[0])
    return (verb, number) if number is not None else (HELP, None)


def _number(word: str) -> int | None:
    """An incident's id, from digits within the database's range."""
    if word.isdecimal() and len(word) <= 10 and 0 < int(word) <= MAX_ID:
        return int(word)
    return None
