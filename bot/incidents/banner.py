"""An incident's own topic in the status category, kept up to date, pinned while it is open.

Optional (COOPBOT_STATUS_CATEGORY). The topic and its replies go through the outbox, so each
is posted once; once the outbox has posted the topic, the incident learns its id, the later
public updates become replies, and the topic is made the site's banner until the incident
is resolved. `sync` is idempotent: the clock runs it every minute and the status handlers
after every change.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.clock import utcnow
from bot.forum import categories
from bot.forum.client import ForumError
from bot.incidents import records
from bot.incidents.catalogue import load_catalogue
from bot.incidents.model import IncidentRow
from bot.incidents.texts import Voice, voice
from bot.store import outbox
from bot.store.status import OutboxStatus

log = logging.getLogger("coopbot.incidents")
# Resolved incidents still looked after: their last reply and the banner's removal.
RECENT = timedelta(days=7)


def sync(context) -> None:
    """Create, update, pin and unpin the incidents' topics."""
    settings = context.settings
    if not settings.status_category:
        return
    category = _category(context.forum, settings.status_category)
    if category is None:
        log.warning("COOPBOT_STATUS_CATEGORY %r: no such public category", settings.status_category)
        return
    speaker = voice(settings, load_catalogue(settings.services_file or None))
    with context.engine.begin() as conn:
        for incident in records.listed(conn, settings.forum_id, since=utcnow() - RECENT):
            _posts(conn, settings, speaker, incident, category.id)
        incidents = records.listed(conn, settings.forum_id, since=utcnow() - RECENT)
    for incident in incidents:
        _pin(context, incident)


def _category(forum, wanted: str):
    """The public category named by id, slug or slug path (from the categories cached for a
    while)."""
    try:
        return categories.public_named(forum, wanted)
    except ForumError as e:
        log.warning("cannot read the categories: %s", e)
        return None


def _posts(conn, settings, speaker: Voice, incident: IncidentRow, category_id: int) -> None:
    """Queue the topic, learn its id once posted, queue a reply per later public update."""
    forum = settings.forum_id
    # a resolution held for review is told here too only once a volunteer approved it
    timeline = [u for u in records.timeline(conn, forum, incident.id) if u.public and not u.waiting]
    if incident.topic_id is None:
        key = f"incident:{incident.id}:topic"
        posted = outbox.find(conn, forum, key)
        if posted is None and incident.status.open:
            title, body = speaker.topic(incident, timeline[0] if timeline else None)
            outbox.queue(
                conn,
                forum,
                dedupe_key=key,
                purpose="incident",
                title=title[:255],
                raw=body,
                category_id=category_id,
            )
        if posted is None or posted.status is not OutboxStatus.SENT:
            return  # not posted yet (or resolved before its topic was written)
        records.change(conn, forum, incident.id, topic_id=posted.topic_id)
        incident = records.load(conn, forum, incident.id)
    for update in timeline[1:]:
        outbox.queue(
            conn,
            forum,
            dedupe_key=f"incident:{incident.id}:topic-update:{update.id}",
            purpose="incident",
            topic_id=incident.topic_id,
            raw=speaker.topic_update(update),
        )


def _pin(context, incident: IncidentRow) -> None:
    """Make an open incident's topic the banner; take a resolved one's down."""
    if incident.topic_id is None or incident.banner == incident.status.open:
        return
    try:
        if incident.status.open:
            context.forum.make_banner(incident.topic_id)
        else:
            context.forum.remove_banner(incident.topic_id)
    except ForumError as e:
        log.warning("incident %s: banner not changed: %s", incident.id, e)
        return
    with context.engine.begin() as conn:
        records.change(conn, context.settings.forum_id, incident.id, banner=incident.status.open)
