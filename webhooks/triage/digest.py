"""The digests waiting for review: their preview, their Markdown to edit, and Publish."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from bot import render
from bot.digest import publish, runs
from bot.digest.runs import RunStatus
from bot.digest.week import BadWeek, week
from bot.forum.client import ForumError
from webhooks.triage.blueprint import bp, context, volunteer


def waiting_count() -> int:
    """How many digests wait for a volunteer (the queue's header links to them)."""
    ctx = context()
    return len(runs.waiting_for_review(ctx.engine, ctx.settings.forum_id))


@bp.get("/digest")
def digests():
    """Every digest waiting for review, oldest week first: preview and editor."""
    ctx = context()
    waiting = runs.waiting_for_review(ctx.engine, ctx.settings.forum_id)
    shown = [
        {"run": r, "preview": Markup(render.html_preview(r.raw or ""))}  # noqa: S704 (nh3)
        for r in waiting
    ]
    return render_template("triage/digest.html", digests=shown)


@bp.post("/digest/<label>/publish")
def publish_digest(label: str):
    """Publish the week's digest with the volunteer's text, once."""
    ctx = context()
    try:
        chosen = week(label, ctx.settings.timezone)
    except BadWeek:
        abort(404)
    with ctx.engine.connect() as conn:
        run = runs.load(conn, ctx.settings.forum_id, chosen.label)
    if run is None or run.status is RunStatus.CLAIMED:
        abort(404)
    if run.status is not RunStatus.REVIEW:
        flash(_already(run), "error")
        return _back()
    text = request.form.get("text", "")
    try:
        done = publish.publish_week(
            ctx, chosen, by=volunteer(), body=text if text.strip() else None
        )
    except (publish.DigestNotConfigured, ForumError) as e:
        flash(_("The digest could not be published: %(reason)s", reason=str(e)), "error")
        return _back()
    if done.decided_by != volunteer():  # another volunteer published it a moment before
        flash(_already(done), "error")
    else:
        flash(_("Published: the digest is on its way to the forum."), "ok")
    return _back()


def _already(run) -> str:
    """Who published a week's digest already (nothing more is done)."""
    return _(
        "The digest of %(week)s was already published by %(who)s: nothing was done.",
        week=run.week,
        who=run.decided_by or _("the clock"),
    )


def _back():
    """Back to the digests (303: the browser follows with a GET)."""
    return redirect(url_for("triage.digests"), code=303)
