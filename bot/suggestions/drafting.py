"""What a suggestion shows and drafts: pure decisions on values, no database, no forum."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot import render
from knowledge.hits import Hit


def reply_language(question_lang: str, default: str, available: Sequence[str]) -> str:
    """The question's language when the coop answers in it, else the coop's own language."""
    return question_lang if question_lang in available else default


def ordered(hits: Iterable[Hit]) -> tuple[Hit, ...]:
    """Hits by confidence, highest first: the order volunteers see and number them in.

    The engine ranks by score; confidence also weighs the gap to the next entry, so the two
    orders can differ, and a list whose numbers go up and down reads as a mistake."""
    return tuple(sorted(hits, key=lambda h: -h.confidence))


def drafted(hits: Sequence[Hit], threshold: float) -> tuple[Hit, ...]:
    """The hits a volunteer would stand behind: confident enough to suggest on their own.

    A secondary hit below the suggestion threshold stays visible to volunteers (in the
    whisper and on the page) but out of the reply: a link that does not fit costs the
    member's trust in the next one."""
    return tuple(h for h in hits if h.confidence >= threshold)


def chosen(hits: Sequence[Hit], positions: Sequence[int]) -> tuple[Hit, ...]:
    """The hits at these 1-based positions, in the order given; ValueError when one is absent."""
    missing = [p for p in positions if not 1 <= p <= len(hits)]
    if missing or not positions:
        raise ValueError(f"no entry {missing or positions} among the {len(hits)} suggested")
    return tuple(hits[p - 1] for p in dict.fromkeys(positions))


def draft(hits: Sequence[Hit], username: str, language: str, automatic: bool = False) -> str:
    """The reply for these hits, in this language; an automatic one says so."""
    items = [{"title": h.label, "url": h.url, "snippet": h.snippet} for h in hits]
    return render.suggestion_draft(items, username, language, automatic=automatic)


def services_of(entry_services: dict[str, tuple[str, ...]], hits: Sequence[Hit]) -> tuple:
    """The services the drafted entries are about, in their order, each once."""
    found = (s for h in hits for s in entry_services.get(h.entry_id, ()))
    return tuple(dict.fromkeys(found))
