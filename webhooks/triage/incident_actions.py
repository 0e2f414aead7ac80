"""What volunteers do about incidents from the page: accept a proposed link, unlink a wrong
one, reopen a resolved incident, approve (and edit) a resolution held for review. Each calls
the use case of bot/incidents/decisions.py the command line and the forum commands call."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from bot.incidents import actions, decisions
from bot.incidents.model import ReportKind
from bot.triage.incident_commands import MAX_ID
from webhooks.triage.blueprint import bp, context, volunteer

SYSTEMS = {ReportKind.TOPIC: ("discourse",), ReportKind.TICKET: ("zammad", "gitlab")}


@bp.post("/incidents/<int:incident_id>/link")
def link_incident_report(incident_id: int):
    """Accept a proposed link: the thread or ticket is told once."""
    report = _report()
    _run(lambda c: decisions.link_report(c, incident_id, *report, by=volunteer()))
    return _done(_("Linked: the thread or ticket is told once."))


@bp.post("/incidents/<int:incident_id>/unlink")
def unlink_incident_report(incident_id: int):
    """Unlink a wrong or rejected link: the bot says nothing more there."""
    report = _report()
    _run(lambda c: decisions.unlink_report(c, incident_id, *report, by=volunteer()))
    return _done(_("Unlinked: the bot says nothing more there."))


@bp.post("/incidents/<int:incident_id>/reopen")
def reopen_incident(incident_id: int):
    """Reopen a resolved incident."""
    try:
        _run(lambda c: decisions.reopen_incident(c, incident_id, by=volunteer()))
    except decisions.AlreadyOpen:
        return _done(_("Incident no. %(id)s is open: nothing was done.", id=incident_id), "error")
    return _done(_("Incident no. %(id)s is open again.", id=incident_id))


@bp.post("/incidents/<int:incident_id>/approve")
def approve_resolution(incident_id: int):
    """Approve a held resolution with the volunteer's text: it fans out once."""
    text = request.form.get("text")
    edited = text if text is not None and text.strip() else None
    try:
        _run(lambda c: decisions.approve_resolution(c, incident_id, by=volunteer(), text=edited))
    except decisions.NothingToApprove:
        message = _(
            "Incident no. %(id)s has no resolution waiting for review: nothing was done.",
            id=incident_id,
        )
        return _done(message, "error")
    return _done(_("Approved: the resolution is on its way to the linked threads and tickets."))


def _report() -> tuple[ReportKind, str, int]:
    """The form's report (kind, system, id); 400 when it names none."""
    form = request.form
    kind, system, number = form.get("kind", ""), form.get("system", ""), form.get("id", "")
    if kind not in {k.value for k in ReportKind} or system not in SYSTEMS[ReportKind(kind)]:
        abort(400, _("This form names no thread or ticket."))
    if not number.isdecimal() or not 0 < int(number) <= MAX_ID:
        abort(400, _("This form names no thread or ticket."))
    return ReportKind(kind), system, int(number)


def _run(call) -> None:
    """Run a use case; an unknown incident or report is 404."""
    try:
        call(context())
    except (actions.IncidentNotFound, decisions.ReportNotFound):
        abort(404)


def _done(message: str, category: str = "ok"):
    """Say what happened, back to the incidents (303: the browser follows with a GET)."""
    flash(message, category)
    return redirect(url_for("triage.incidents"), code=303)
