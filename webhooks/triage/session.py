"""Who is logged in: cookie settings, CSRF on every form, a volunteer before every view."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Flask, abort, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFProtect

from bot.triage import accounts, permissions
from webhooks.triage.blueprint import PREFIX, bp, context

LIFETIME = timedelta(hours=12)
# The login views themselves, and the page's own CSS and script.
OPEN = {"triage.login", "triage.local_login", "triage.connect_start", "triage.connect_return"}
csrf = CSRFProtect()


def init_app(app: Flask) -> None:
    """Session cookies: Secure except on plain http://127.0.0.1 or localhost, HttpOnly, Lax."""
    settings = app.extensions["coopbot"].settings
    app.config.update(
        SESSION_COOKIE_NAME="coopbot_triage",
        SESSION_COOKIE_PATH=PREFIX,
        SESSION_COOKIE_SECURE=not settings.local_http,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=LIFETIME,
        # Only the page's forms carry a token: webhook senders post without one.
        WTF_CSRF_CHECK_DEFAULT=False,
        WTF_CSRF_TIME_LIMIT=None,  # valid as long as the session
    )
    csrf.init_app(app)


def log_in(name: str, via: str) -> None:
    """Start a fresh session for the volunteer (a new cookie: no fixation)."""
    session.clear()
    session.permanent = True
    session["volunteer"] = name
    session["via"] = via


def current_volunteer() -> str | None:
    """The session's volunteer; one who lost the right is logged out at their next request."""
    name = session.get("volunteer")
    if name and not _still_allowed(name, session.get("via")):
        session.clear()
        return None
    return name


def _still_allowed(name: str, via: str | None) -> bool:
    """A local account must still exist; a forum user must still be in a triage group, as the
    forum said within permissions.CACHE_SECONDS (a forum that cannot tell keeps the session:
    an outage must not lock volunteers out of the page that works without it)."""
    ctx = context()
    if via == "local":
        return accounts.exists(ctx.engine, ctx.settings.forum_id, name)
    return permissions.verdict(ctx, name) is not False


@bp.before_request
def require_volunteer():
    """Every view but the login needs a volunteer; every POST needs its CSRF token."""
    if request.endpoint not in OPEN and request.endpoint != "triage.static":
        g.volunteer = current_volunteer()
        if g.volunteer is None:
            if request.method != "GET":
                abort(403, _("Log in first."))
            return redirect(url_for("triage.login", next=request.full_path))
    if request.method == "POST":
        csrf.protect()
    return None


@bp.after_request
def harden(response):
    """Nothing loads from elsewhere, nothing frames the page, no referrer leaves it."""
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def safe_next(target: str | None) -> str:
    """A path inside the page to go back to after login, never another site."""
    if target and not urlsplit(target).netloc and target.startswith(PREFIX + "/"):
        return target
    return url_for("triage.queue")
