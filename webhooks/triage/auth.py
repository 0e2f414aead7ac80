"""Logging in: DiscourseConnect when its secret is set, local accounts otherwise."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import TooManyRequests

from bot.store import logins
from bot.triage import accounts, connect, permissions
from webhooks.triage.blueprint import bp, context
from webhooks.triage.session import log_in, safe_next

log = logging.getLogger("coopbot.triage")
NONCE_MAX_AGE = timedelta(minutes=10)
ATTEMPTS = 10  # per address and per name, in each window
WINDOW = timedelta(minutes=10)
REFUSALS = {
    "bad_signature": 403,
    "malformed": 400,
    "stale_nonce": 403,
    "not_volunteer": 403,
}


@bp.get("/login")
def login():
    """The login page: a link to the forum, or the local account form."""
    if "next" in request.args:
        session["next"] = safe_next(request.args["next"])
    return render_template("triage/login.html", connect=context().settings.discourse_connect)


@bp.post("/login")
def local_login():
    """Check a local account's password; the same answer for an unknown name."""
    settings = context().settings
    if settings.discourse_connect:
        abort(404)
    name = request.form.get("username", "").strip()
    _throttle("address:" + (request.remote_addr or "?"), "name:" + name.lower())
    if not accounts.verify(
        context().engine, settings.forum_id, name, request.form.get("password", "")
    ):
        log.info("triage login refused for a local name")
        error = _("Unknown name or wrong password.")
        return render_template("triage/login.html", connect=False, error=error, name=name), 401
    return _enter(name, "local")


@bp.get("/login/discourse")
def connect_start():
    """Send the volunteer to Discourse with a fresh nonce stored for this login."""
    ctx = _connect_context()
    settings = ctx.settings
    nonce = connect.new_nonce()
    logins.issue_nonce(ctx.engine, settings.forum_id, nonce, NONCE_MAX_AGE)
    back = settings.public_url.rstrip("/") + url_for("triage.connect_return")
    secret = settings.discourse_connect_secret
    return redirect(connect.request_url(settings.discourse_url, secret, nonce, back))


@bp.get("/login/discourse/return")
def connect_return():
    """Discourse's signed answer: signature, single-use nonce, then the triage groups."""
    ctx = _connect_context()
    try:
        user = _answer(ctx, request.args.get("sso", ""), request.args.get("sig", ""))
    except connect.ConnectRefused as e:
        log.info("DiscourseConnect login refused: %s", e.reason)
        return _refused(e.reason)
    return _enter(user.username, "discourse")


def _connect_context():
    """The context when DiscourseConnect is on (404 otherwise), after counting the attempt."""
    ctx = context()
    if not ctx.settings.discourse_connect:
        abort(404)
    _throttle("address:" + (request.remote_addr or "?"))
    return ctx


def _answer(ctx, sso: str, sig: str) -> connect.ConnectUser:
    """The user of a valid answer, or ConnectRefused naming why not."""
    settings = ctx.settings
    nonce, user = connect.read_answer(sso, sig, settings.discourse_connect_secret)
    if not logins.consume_nonce(ctx.engine, settings.forum_id, nonce, NONCE_MAX_AGE):
        raise connect.ConnectRefused("stale_nonce")
    if not permissions.is_volunteer(user, settings.triage_groups):
        raise connect.ConnectRefused("not_volunteer")
    return user


def _refused(reason: str):
    """The error page for a refused DiscourseConnect answer."""
    messages = {
        "bad_signature": _("The forum's answer is not signed with our secret."),
        "malformed": _("The forum's answer could not be read."),
        "stale_nonce": _("This login link was already used or has expired: log in again."),
        "not_volunteer": _("Your forum account is not in a triage group."),
    }
    code = REFUSALS[reason]
    page = render_template("triage/error.html", code=code, message=messages[reason])
    return page, code


@bp.post("/logout")
def logout():
    """End the session."""
    session.clear()
    return redirect(url_for("triage.login"))


def _enter(name: str, via: str):
    """Log the volunteer in and go where they were going."""
    target = safe_next(session.get("next"))
    log_in(name, via)
    log.info("volunteer %s logged in (%s)", name, via)
    return redirect(target, code=303)


def _throttle(*buckets: str) -> None:
    """429 once a bucket saw too many attempts in its window (counted in the database)."""
    ctx = context()
    for bucket in buckets:
        if not logins.allow_attempt(ctx.engine, ctx.settings.forum_id, bucket, ATTEMPTS, WINDOW):
            raise TooManyRequests(retry_after=int(WINDOW.total_seconds()))
