"""Members' reports against open incidents: read once, decide, link, tell."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection

from bot.incidents import linking, links, notices, records, whispers
from bot.incidents.linking import Decision, OpenIncident, Thresholds, Verdict
from bot.incidents.model import LinkState, ReportKind, ReportRow
from bot.incidents.reading import Reader, reader
from bot.incidents.texts import voice
from bot.privacy import redact_emails


@dataclass(frozen=True)
class NewReport:
    """A topic or ticket as it arrives; its text is read, never stored."""

    kind: ReportKind
    system: str
    report_id: int
    created_at: datetime
    title: str
    body: str
    number: str = ""
    url: str = ""
    hints: frozenset[str] = frozenset()  # services its category or tags name


def thresholds(settings) -> Thresholds:
    """The coop's thresholds, or the calibrated ones."""
    return Thresholds(
        auto=settings.incident_auto_threshold or linking.AUTO_THRESHOLD,
        propose=settings.incident_propose_threshold or linking.PROPOSE_THRESHOLD,
    )


def consider(context, new: NewReport) -> Verdict | None:
    """Score a new report against the open incidents and act, in one transaction.

    None when the report was seen before: a replayed event decides nothing twice."""
    rd = reader(context)
    reading, lang = rd.report(new.title, new.body, hints=new.hints)
    with context.engine.begin() as conn:
        report, fresh = save(conn, context.settings, new, reading, lang)
        if not fresh:
            return None
        candidates = open_incidents(conn, context.settings, rd, new.created_at)
        verdict = linking.decide(reading, new.created_at, candidates, thresholds(context.settings))
        apply(conn, context.settings, rd, verdict, report)
    return verdict


def save(conn: Connection, settings, new: NewReport, reading, lang: str) -> tuple[ReportRow, bool]:
    """Store a report's reading once (a topic's title too: it is public); True if new."""
    public_title = new.title if new.kind is ReportKind.TOPIC else ""
    return links.save_report(
        conn,
        settings.forum_id,
        kind=new.kind,
        system=new.system,
        report_id=new.report_id,
        number=new.number,
        title=redact_emails(public_title),
        url=new.url,
        created_at=new.created_at,
        lang=lang,
        terms=reading.terms,
        vector=reading.vector,
        services=reading.services,
        symptoms=reading.symptoms,
    )


def open_incidents(
    conn: Connection, settings, rd: Reader, since: datetime | None = None
) -> list[OpenIncident]:
    """The open incidents (and those resolved after `since`), read for linking."""
    found = records.listed(conn, settings.forum_id, since=since)
    peers = links.peer_vectors(conn, settings.forum_id, [i.id for i in found])
    return [
        OpenIncident(
            id=i.id,
            reading=rd.incident(i, records.timeline(conn, settings.forum_id, i.id)),
            started_at=i.started_at,
            resolved_at=i.resolved_at,
            peers=peers.get(i.id, ()),
        )
        for i in found
    ]


def rescore(conn: Connection, settings, rd: Reader) -> int:
    """Score again the recent reports no incident holds yet; return how many got linked.

    Run when an incident opens or speaks: its first reporters wrote before it opened, and
    its public messages now say more than when they wrote."""
    candidates = open_incidents(conn, settings, rd)
    if not candidates:
        return 0
    since = min(c.started_at for c in candidates) - linking.GRACE
    linked = 0
    for report in links.reports_since(conn, settings.forum_id, since):
        existing = links.links_of_report(conn, settings.forum_id, report.id)
        if any(link.state is not LinkState.PROPOSED for link in existing):
            continue  # linked, or a volunteer said no: left as it is
        verdict = linking.decide(
            rd.stored(report), report.created_at, candidates, thresholds(settings)
        )
        proposed = {link.incident_id for link in existing}
        if verdict.decision is Decision.PROPOSED and verdict.incident_id in proposed:
            continue
        linked += apply(conn, settings, rd, verdict, report)
    return linked


def apply(conn: Connection, settings, rd: Reader, verdict: Verdict, report: ReportRow) -> bool:
    """Store the decision's link; an automatic one is told at once. True when linked."""
    if verdict.decision is Decision.NONE:
        return False
    best = verdict.best
    scores = {
        **best.to_dict(),
        "others": [s.to_dict() | {"incident": s.incident_id} for s in verdict.scores[1:]],
    }
    state = LinkState.AUTO if verdict.decision is Decision.AUTO else LinkState.PROPOSED
    link = links.set_link(
        conn,
        settings.forum_id,
        verdict.incident_id,
        report.id,
        state,
        score=best.total,
        scores=scores,
        decided_by="coopbot",
    )
    incident = records.load(conn, settings.forum_id, verdict.incident_id)
    speaker = voice(settings, rd.catalogue)
    if state is LinkState.AUTO:
        notices.notify(conn, settings, speaker, incident, link, report)
    else:
        whispers.proposed(conn, settings, speaker, incident, report)
    return state is LinkState.AUTO
