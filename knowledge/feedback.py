"""Learn from volunteers' decisions on past suggestions: pure score adjustments."""

from typing import NamedTuple

OUTCOMES = ("accepted", "approved", "edited", "rejected")
# Boost of an entry that helped on a similar question, before scaling by similarity.
# An accepted solution is the member's own word; an edited suggestion was only close.
BOOSTS = {"accepted": 0.4, "approved": 0.3, "edited": 0.1}
# Past questions sharing fewer terms than this say nothing about the new one.
RELATED_QUESTION = 0.3
# A rejection counts only for a near-identical question: the entry is then withheld.
NEAR_IDENTICAL_QUESTION = 0.6
MAX_BOOST = 0.6
WITHHELD = float("-inf")


class FeedbackRecord(NamedTuple):
    """A decision on a suggested entry for a question (given by its analyzed terms)."""

    query_terms: frozenset[str]
    entry_id: str
    outcome: str


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Return the Jaccard similarity of two term sets."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def adjustments(query_terms: frozenset[str], records) -> dict[str, float]:
    """Return score adjustments by entry id; WITHHELD for entries rejected on a twin question."""
    boosts: dict[str, float] = {}
    withheld: set[str] = set()
    for record in records:
        similarity = jaccard(query_terms, frozenset(record.query_terms))
        if record.outcome == "rejected":
            if similarity >= NEAR_IDENTICAL_QUESTION:
                withheld.add(record.entry_id)
        elif record.outcome in BOOSTS and similarity >= RELATED_QUESTION:
            gained = BOOSTS[record.outcome] * similarity
            boosts[record.entry_id] = min(MAX_BOOST, boosts.get(record.entry_id, 0.0) + gained)
        elif record.outcome not in OUTCOMES:
            raise ValueError(f"unknown feedback outcome {record.outcome!r}")
    boosts.update(dict.fromkeys(withheld, WITHHELD))
    return boosts
