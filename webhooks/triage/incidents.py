"""The incidents: open and recent ones with their links, proposals, members for whom it still
fails, and a resolution waiting for review."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import render_template
from flask_babel import get_locale

from bot.incidents import queries
from bot.messages import say
from webhooks.triage.blueprint import bp, context

SHOWN = 20  # incidents on the page, newest first; the command line lists them all


def open_count() -> int:
    """How many incidents are open (the queue's header links to the page)."""
    ctx = context()
    return len(queries.overview(ctx.engine, ctx.settings.forum_id))


@bp.get("/incidents")
def incidents():
    """Open and recent incidents, those needing a volunteer first."""
    ctx = context()
    engine, forum = ctx.engine, ctx.settings.forum_id
    found = queries.overview(engine, forum, everything=True)[:SHOWN]
    shown = [_shown(queries.detail(engine, forum, row["id"])) for row in found]
    shown.sort(key=lambda i: (not i["attention"], i["resolved_at"] is not None))
    forum_url = ctx.settings.discourse_url.rstrip("/")
    return render_template("triage/incidents.html", incidents=shown, forum_url=forum_url)


def _shown(found: dict) -> dict:
    """One incident as the page shows it: links sorted by what they ask of a volunteer."""
    links = found["links"]
    proposed = [link for link in links if link["state"] == "proposed"]
    linked = [link for link in links if link["state"] in ("auto", "accepted")]
    still = [link for link in linked if link["still_failing_at"]]
    language = str(get_locale())
    return found | {
        "proposed": proposed,
        "linked": linked,
        "unlinked": [link for link in links if link["state"] == "unlinked"],
        "still": still,
        "attention": bool(proposed or still or found["waiting_resolution"]),
        "status_text": say(f"incident.status.{found['status']}", language),
        "since": _when(found["started_at"]),
        "until": _when(found["resolved_at"]),
    }


def _when(iso: str | None) -> str | None:
    """An ISO time in the coop's time zone, to the minute."""
    if not iso:
        return None
    zone = ZoneInfo(context().settings.timezone)
    return datetime.fromisoformat(iso).astimezone(zone).strftime("%Y-%m-%d %H:%M")
