"""Publish a week's digest exactly once: the unique run row decides, the outbox posts."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.clock import utcnow
from bot.digest import render, runs
from bot.digest.build import Digest, build
from bot.digest.collect import collect
from bot.digest.runs import RunRow, RunStatus
from bot.digest.schedule import due_week
from bot.digest.week import Week
from bot.forum import categories
from bot.privacy import redact_emails
from bot.store import outbox

log = logging.getLogger("coopbot.digest")
_missed_said: set[str] = set()  # weeks already reported missed by this process


class DigestNotConfigured(RuntimeError):
    """COOPBOT_DIGEST_CATEGORY is unset or names no category of the forum."""


def preview(context, week: Week) -> Digest:
    """Build the week's digest as it stands now, without storing anything."""
    gathered = collect(context, week)
    return build(week, gathered.as_of, gathered.activity, gathered.options)


def category_id(context) -> int:
    """The id of the category the digest goes to (COOPBOT_DIGEST_CATEGORY: id, slug,
    parent/child path or name)."""
    wanted = context.settings.digest_category.strip()
    if not wanted:
        raise DigestNotConfigured("COOPBOT_DIGEST_CATEGORY is not set: no digest is posted")
    by_id = {c.id: c for c in context.forum.categories()}
    found = categories.find(by_id, wanted) or [
        c for c in by_id.values() if wanted.casefold() == c.name.casefold()
    ]
    if not found:
        raise DigestNotConfigured(f"COOPBOT_DIGEST_CATEGORY: no category {wanted!r} on the forum")
    if len(found) > 1:  # a subcategory's slug may repeat under another parent
        paths = ", ".join(sorted(categories.slug_path(by_id, c) for c in found))
        raise DigestNotConfigured(
            f"COOPBOT_DIGEST_CATEGORY: {wanted!r} names several categories ({paths}): give the path"
        )
    return found[0].id


def publish_week(context, week: Week, *, by: str | None = None, body: str | None = None) -> RunRow:
    """Post the week's digest once; with review on, the clock (`by` None) only stores it."""
    engine, settings = context.engine, context.settings
    if not settings.digest_category.strip():
        raise DigestNotConfigured("COOPBOT_DIGEST_CATEGORY is not set: no digest is posted")
    with engine.begin() as conn:
        run = runs.claim(conn, settings.forum_id, week.label)
    if run.status is RunStatus.QUEUED or (run.status is RunStatus.REVIEW and by is None):
        return run  # decided already: the hourly catch-up costs one query, no forum call
    target = category_id(context)
    title, text = run.title, run.raw or ""
    if run.status is RunStatus.CLAIMED:
        digest = preview(context, week)
        title = render.title(digest, settings.language)
        text = render.markdown(digest, settings.language)
        if settings.digest_review and by is None:
            return _settle(context, run, RunStatus.REVIEW, title=title, raw=text)
    text = redact_emails(body) if body else text
    # Two clocks racing through here queue the same dedupe key: one outbox row, one topic.
    outbox_id = outbox.enqueue(
        engine,
        settings.forum_id,
        dedupe_key=f"digest:{week.label}",
        purpose="digest",
        raw=text,
        title=title,
        category_id=target,
    )
    log.info("digest %s queued as outbox %s", week.label, outbox_id)
    values = {"title": title, "raw": text, "outbox_id": outbox_id, "decided_by": by}
    return _settle(context, run, RunStatus.QUEUED, **values)


def _settle(context, run: RunRow, status: RunStatus, **values) -> RunRow:
    with context.engine.begin() as conn:
        runs.settle(conn, run.id, status, **values)
        return runs.load(conn, run.forum, run.week)


def publish_due(context, now: datetime | None = None) -> RunRow | None:
    """The clock's job: post the last week's digest when due, or late within the grace period."""
    settings, now = context.settings, now or utcnow()
    if not settings.digest_category:
        log.debug("digest: COOPBOT_DIGEST_CATEGORY is not set, nothing to post")
        return None
    week, too_late = due_week(
        settings.digest_cron, settings.timezone, now, settings.digest_grace_days
    )
    if week is None:
        return None
    if too_late:
        _say_if_missed(context, week)
        return None
    return publish_week(context, week)


def _say_if_missed(context, week: Week) -> None:
    """A digest never started within its grace period is left to a person; say it once."""
    if week.label in _missed_said:
        return
    _missed_said.add(week.label)
    with context.engine.connect() as conn:
        if runs.load(conn, context.settings.forum_id, week.label) is None:
            log.warning(
                "digest %s missed: the grace period is over; `coopbot digest publish --week %s` "
                "posts it",
                week.label,
                week.label,
            )
