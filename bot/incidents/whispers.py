"""Whispers to volunteers about incidents, in the thread concerned, once each: a link the bot
only proposes, and a member who says it still fails after the resolution."""

from __future__ import annotations

import logging

from sqlalchemy import Connection

from bot.incidents.model import IncidentRow, ReportKind, ReportRow
from bot.incidents.texts import Voice
from bot.messages import say
from bot.store import state
from bot.suggestions.whispers import tell

log = logging.getLogger("coopbot.incidents")


def proposed(conn: Connection, settings, voice: Voice, incident: IncidentRow, report: ReportRow):
    """Ask the volunteers whether a thread belongs to an incident, once per incident."""
    if report.kind is not ReportKind.TOPIC:
        return  # a ticket has no thread: the page and the command line show it
    text = say(
        "incident.whisper_proposed",
        settings.language,
        id=incident.id,
        title=incident.title,
        services=voice.services(incident.services),
        since=voice.when(incident.started_at),
        bot=settings.bot_username,
    )
    key = f"incident:{incident.id}:proposed:topic:{report.report_id}"
    whisper(conn, settings, report.report_id, key, text)


def still_failing(conn: Connection, settings, voice: Voice, incident: IncidentRow, topic_id: int):
    """Surface a member for whom it still fails after the fix, once per incident and thread."""
    text = say(
        "incident.whisper_still_failing",
        settings.language,
        id=incident.id,
        title=incident.title,
        until=voice.when(incident.resolved_at or incident.updated_at),
        bot=settings.bot_username,
    )
    key = f"incident:{incident.id}:still-failing:topic:{topic_id}"
    whisper(conn, settings, topic_id, key, text)


def whisper(conn: Connection, settings, topic_id: int, key: str, text: str) -> None:
    """Queue a whisper once per key, unless Discourse refuses the bot's whispers."""
    if state.get_in(conn, settings.forum_id, state.WHISPERS_REFUSED) is not None:
        log.info("topic %s: whispers are refused; the triage page shows it", topic_id)
        return
    tell(conn, settings, topic_id, key, text)
