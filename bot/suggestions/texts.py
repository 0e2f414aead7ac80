"""What the bot whispers to volunteers: a suggestion, its outcome, the help. Pure rendering."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.messages import say
from bot.render import quoted
from bot.suggestions.rows import SuggestionRow


def whisper(row: SuggestionRow, *, bot: str, language: str, outcome: str = "") -> str:
    """The whisper of a suggestion: its entries, the draft, and how to decide (or the outcome)."""
    lines = [outcome, ""] if outcome else []
    lines += [say("whisper.title", language, id=row.id), ""]
    for n, hit in enumerate(row.hits, start=1):
        lines += _entry(n, hit, row.threshold, language)
    lines += ["", say("whisper.draft", language), "", quoted(row.draft)]
    if not outcome:
        lines += ["", say("whisper.how", language, bot=bot)]
    return "\n".join(lines)


def _entry(n: int, hit, threshold: float, language: str) -> list[str]:
    """One suggested entry: link and confidence, snippet, the member's words it matched."""
    key = "whisper.entry" if hit.url else "whisper.entry_no_url"
    values = {"n": n, "title": hit.label, "url": hit.url, "confidence": hit.confidence}
    lines = [say(key, language, **values), say("whisper.snippet", language, snippet=hit.snippet)]
    if hit.why:
        lines.append(say("whisper.why", language, words=", ".join(hit.why)))
    if hit.confidence < threshold:
        lines.append(say("whisper.off_draft", language, threshold=threshold))
    return lines


def when(moment: datetime, timezone: str) -> str:
    """A decision's time in the coop's time zone, to the minute."""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")


def outcome(row: SuggestionRow, *, language: str, timezone: str) -> str:
    """The line a decided whisper starts with: who decided what, when and from where."""
    moment = when(row.decided_at, timezone)
    if row.status == "superseded":
        return say("whisper.superseded", language, when=moment, why=superseded_why(row, language))
    values = {"who": row.decided_by, "when": moment}
    values["source"] = say(f"source.{row.decision_source}", language)
    if row.status == "rejected":
        reason = say(f"reason.{row.reason}", language)
        return say("whisper.rejected", language, reason=reason, **values)
    return say("whisper.approved", language, **values)


def superseded_why(row: SuggestionRow, language: str) -> str:
    """Why a suggestion was withdrawn, in words."""
    return say(f"superseded.{row.reason}", language)


def already_decided(row: SuggestionRow, *, language: str, timezone: str) -> str:
    """The answer to a decision on a suggestion someone already decided."""
    status = say(f"status.{row.status}", language)
    moment = when(row.decided_at, timezone) if row.decided_at else "?"
    who = row.decided_by or say("source.auto", language)
    return say("triage.already_decided", language, id=row.id, status=status, who=who, when=moment)
