"""The decisions: approve (as drafted or edited), reject with a reason, skip."""

from __future__ import annotations

from flask import abort, flash, redirect, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from bot.suggestions import texts as suggestion_texts
from webhooks.triage.blueprint import bp, context, volunteer
from webhooks.triage.views import SKIPPED_KEPT


def _decisions():
    """The decision use cases (imported here: the page is their caller, not their owner)."""
    from bot.suggestions import decisions

    return decisions


def _actor():
    """The logged-in volunteer, deciding from the page."""
    decisions = _decisions()
    return decisions.Actor(username=volunteer(), source=decisions.DecisionSource.PAGE)


@bp.post("/s/<int:suggestion_id>/approve")
def approve(suggestion_id: int):
    """Publish the draft, or the volunteer's edited text when the form carries one."""
    text = request.form.get("text")
    edited = text if text is not None and text.strip() else None
    done = _decide(lambda d: d.approve(context(), suggestion_id, _actor(), text=edited))
    if done:
        flash(_("Approved: the reply is on its way to the forum."), "ok")
    return _back()


@bp.post("/s/<int:suggestion_id>/reject")
def reject(suggestion_id: int):
    """Reject with one of the reasons, and a note for `other`."""
    decisions = _decisions()
    try:
        reason = decisions.RejectReason(request.form.get("reason", ""))
    except ValueError:
        abort(400, _("Choose a reason."))
    note = request.form.get("note", "").strip()[:500]
    if _decide(lambda d: d.reject(context(), suggestion_id, _actor(), reason, note)):
        flash(_("Rejected: nothing is posted."), "ok")
    return _back()


@bp.post("/s/<int:suggestion_id>/skip")
def skip(suggestion_id: int):
    """Leave this one for someone else; it stays out of this volunteer's view."""
    if _decide(lambda d: d.skip(context(), suggestion_id, _actor())):
        skipped = [*session.get("skipped", ()), suggestion_id][-SKIPPED_KEPT:]
        session["skipped"] = skipped
    return _back()


def _decide(call) -> bool:
    """Run a decision; an already decided or unknown suggestion says so instead."""
    decisions = _decisions()
    try:
        call(decisions)
    except decisions.SuggestionNotFound:
        abort(404)
    except decisions.AlreadyDecided as e:
        timezone = context().settings.timezone
        language = str(get_locale())
        flash(
            suggestion_texts.already_decided(e.row, language=language, timezone=timezone), "error"
        )
        return False
    except decisions.DecisionError as e:
        flash(str(e), "error")
        return False
    return True


def _back():
    """Back to the queue, with its filters (303: the browser follows with a GET)."""
    keep = {k: request.form[k] for k in ("category", "service") if request.form.get(k)}
    return redirect(url_for("triage.queue", **keep), code=303)
