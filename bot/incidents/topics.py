"""Forum posts: a new topic is scored against the open incidents; a reply in a linked thread
after the fix that says it still fails is recorded for volunteers."""

from __future__ import annotations

import logging

from bot.clock import parse_time, utcnow
from bot.events import QUESTION_POST, PostCreated
from bot.forum import categories
from bot.incidents import links, records, whispers
from bot.incidents.model import ReportKind
from bot.incidents.reading import reader
from bot.incidents.reports import NewReport, consider
from bot.incidents.texts import voice

log = logging.getLogger("coopbot.incidents")
SYSTEM = "discourse"


def on_post(context, event: PostCreated) -> None:
    """A topic's first post is a report; a later post may say that it still fails."""
    if categories.public_refusal(context.forum, event.category_id):
        return  # restricted categories are never read for incidents
    if event.post_number == QUESTION_POST:
        consider(context, new_topic(context, event))
    else:
        still_failing(context, event)


def new_topic(context, event: PostCreated) -> NewReport:
    """The report a topic's first post makes; its category may name services."""
    slug = categories.slug(context.forum, event.category_id)
    hints = reader(context).catalogue.for_category(slug) if slug else frozenset()
    return NewReport(
        kind=ReportKind.TOPIC,
        system=SYSTEM,
        report_id=event.topic_id,
        created_at=parse_time(event.created_at) or utcnow(),
        title=event.topic_title,
        body=event.raw,
        hints=hints,
    )


def still_failing(context, event: PostCreated) -> bool:
    """Record a member saying, after the resolution, that it still fails; True if recorded."""
    forum, rd = context.settings.forum_id, reader(context)
    written = parse_time(event.created_at) or utcnow()
    if not rd.vocabulary.says_still_failing(event.raw):
        return False
    with context.engine.begin() as conn:
        report = links.find_report(conn, forum, ReportKind.TOPIC, SYSTEM, event.topic_id)
        if report is None:
            return False
        for link in links.links_of_report(conn, forum, report.id):
            incident = records.load(conn, forum, link.incident_id)
            if link.state.linked and not incident.status.open and written >= incident.resolved_at:
                links.note_still_failing(conn, link.id, event.post_id)
                speaker = voice(context.settings, rd.catalogue)
                whispers.still_failing(conn, context.settings, speaker, incident, event.topic_id)
                log.info("topic %s: still failing after incident %s", event.topic_id, incident.id)
                return True
    return False
