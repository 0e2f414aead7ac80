"""The volunteers' triage page: login, the queue and its decisions, in HTML only."""

from __future__ import annotations

from flask import Flask

from webhooks.triage import (  # noqa: F401  (routes)
    actions,
    auth,
    digest,
    errors,
    i18n,
    incident_actions,
    incidents,
    session,
    views,
)
from webhooks.triage.blueprint import bp, owns

__all__ = ["bp", "init_app", "owns", "errors"]


def init_app(app: Flask) -> None:
    """Register the page with its sessions, CSRF protection, languages and error pages."""
    session.init_app(app)
    i18n.init_app(app)
    app.register_blueprint(bp)
