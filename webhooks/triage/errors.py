"""HTML error pages for every path under the page's prefix (the receivers keep JSON)."""

from __future__ import annotations

from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: _l("The request could not be understood."),
    403: _l("You may not do this."),
    404: _l("There is nothing here."),
    405: _l("This address does not take that kind of request."),
    413: _l("What was sent is too large."),
    429: _l("Too many attempts: wait a few minutes before trying again."),
    500: _l("Something went wrong on our side; it was logged."),
    503: _l("The page is unavailable for a moment: try again shortly."),
}
CSRF_MESSAGE = _l(
    "This form has expired or lost its security token: reload the page and try again."
)


def page(code: int, description: str | None = None, headers=None):
    """An error page in the volunteer's language."""
    message = description or MESSAGES.get(code, MESSAGES[500])
    return render_template("triage/error.html", code=code, message=message), code, headers or {}


def for_http(e: HTTPException):
    """The page for an HTTP error, keeping its headers (Allow, Retry-After)."""
    headers = {k: v for k, v in e.get_headers() if k.lower() in ("allow", "retry-after")}
    description = CSRF_MESSAGE if isinstance(e, CSRFError) else None
    description = description or (e.description if _specific(e) else None)
    return page(e.code or 500, description, headers)


def _specific(e: HTTPException) -> bool:
    """True when the error carries our own words rather than werkzeug's default text."""
    return type(e).description != e.description
