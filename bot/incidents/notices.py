"""Tell linked threads and tickets: one notice, then one follow-up per public update, once each.

Every notice is first a row of incident_notice, unique per link and purpose, so a replayed
event finds it there and says nothing twice; a thread's notice then goes through the outbox,
a ticket's becomes an internal note when its helpdesk's API is configured.
"""

from __future__ import annotations

from sqlalchemy import Connection

from bot.events import TicketNote
from bot.incidents import links
from bot.incidents.model import IncidentRow, LinkRow, ReportKind, ReportRow, UpdateRow
from bot.incidents.texts import Voice
from bot.store import inbox, outbox
from bot.suggestions.superseded import supersede

MARKER = "[coopbot:incident:{forum}:{notice}]"  # lets a retry see that its note is there


def helpdesk_configured(settings, system: str) -> bool:
    """True when the bot may write internal notes in this helpdesk."""
    return bool(getattr(settings, f"{system}_api_token", ""))


def dedupe_key(incident_id: int, purpose: str, report: ReportRow) -> str:
    """The outbox key of a thread's notice: one per incident, purpose and topic."""
    return f"incident:{incident_id}:{purpose}:topic:{report.report_id}"


def notify(
    conn: Connection,
    settings,
    voice: Voice,
    incident: IncidentRow,
    link: LinkRow,
    report: ReportRow,
) -> bool:
    """Give a newly linked report its notice (a pending suggestion gives way); True if new."""
    if report.kind is ReportKind.TOPIC:
        supersede(conn, settings, report.report_id, "incident")
    text = (
        voice.notice(incident) if report.kind is ReportKind.TOPIC else voice.ticket_note(incident)
    )
    return _tell(conn, settings, incident, link, report, "notice", text)


def follow_up(conn: Connection, settings, voice: Voice, incident: IncidentRow, update: UpdateRow):
    """One follow-up of a public update (or the resolution) in every linked thread and ticket."""
    if not update.public or not (update.message or not incident.status.open):
        return 0
    purpose = f"resolved:{update.id}" if not incident.status.open else f"update:{update.id}"
    told = 0
    for link, report in links.links_of(conn, settings.forum_id, incident.id):
        if not link.state.linked:
            continue
        if report.kind is ReportKind.TOPIC:
            text = voice.follow_up(incident, update)
        else:
            text = voice.ticket_note(incident, update)
        told += _tell(conn, settings, incident, link, report, purpose, text)
    return told


def _tell(conn, settings, incident, link, report, purpose: str, text: str) -> bool:
    """Record the notice once; queue its post or its internal note."""
    forum = settings.forum_id
    notice_id = links.add_notice(conn, forum, link.id, purpose)
    if notice_id is None:
        return False
    if report.kind is ReportKind.TOPIC:
        key = dedupe_key(incident.id, purpose, report)
        post = outbox.queue(
            conn, forum, dedupe_key=key, purpose="incident", topic_id=report.report_id, raw=text
        )
        links.set_notice_post(conn, notice_id, post)
    elif helpdesk_configured(settings, report.system):
        marker = MARKER.format(forum=forum, notice=notice_id)
        note = TicketNote(
            system=report.system,
            ticket_id=report.report_id,
            number=report.number,
            url=report.url,
            body=text,
            marker=marker,
        )
        inbox.schedule(conn, forum, note, f"ticket-note:{notice_id}")
    return True


def withdraw(conn: Connection, settings, incident_id: int, report: ReportRow) -> int:
    """Cancel a thread's notices not sent yet: the bot says nothing more there."""
    if report.kind is not ReportKind.TOPIC:
        return 0
    purposes = links.notices_of(conn, settings.forum_id, _link_ids(conn, settings, report))
    keys = [dedupe_key(incident_id, p, report) for found in purposes.values() for p in found]
    return outbox.cancel(conn, settings.forum_id, keys, "unlinked by a volunteer") if keys else 0


def _link_ids(conn, settings, report: ReportRow) -> list[int]:
    return [link.id for link in links.links_of_report(conn, settings.forum_id, report.id)]
