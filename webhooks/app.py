"""The Flask app factory."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, request
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from bot.context import Context
from bot.settings import Settings
from webhooks import health, triage
from webhooks.receivers import BLUEPRINTS, delivery_headers

log = logging.getLogger("coopbot.webhooks")


def create_app(settings: Settings | None = None, context: Context | None = None) -> Flask:
    """Build the web app from settings (read from the environment when not given)."""
    context = context or Context.build(settings or Settings.from_env())
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = context.settings.max_body_bytes
    app.config["SECRET_KEY"] = context.settings.secret_key
    app.extensions["coopbot"] = context
    app.session_interface = NoWebhookSessions()
    for bp in (*BLUEPRINTS, health.bp):
        app.register_blueprint(bp)
    triage.init_app(app)
    register_error_handlers(app)
    return app


class NoWebhookSessions(SecureCookieSessionInterface):
    """Senders have no session: skip building a cookie serializer on every delivery."""

    def open_session(self, app, request):
        if request.path.startswith("/webhooks/"):
            return self.null_session_class()
        return super().open_session(app, request)


def register_error_handlers(app: Flask) -> None:
    """JSON errors for senders (unknown paths, wrong methods), where an unexpected failure is
    a 503 they may retry, never a 500; HTML pages under the triage page's prefix."""

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(e):
        if triage.owns(request.path):
            return triage.errors.for_http(e)
        limit = app.config["MAX_CONTENT_LENGTH"]
        return jsonify(error=f"body larger than {limit} bytes", status=413), 413

    @app.errorhandler(HTTPException)
    def http_error(e):
        if triage.owns(request.path):
            return triage.errors.for_http(e)
        # keep the exception's own headers: a 405 must say which methods are allowed
        headers = [(k, v) for k, v in e.get_headers() if k.lower() != "content-type"]
        return jsonify(error=e.description, status=e.code), e.code, headers

    @app.errorhandler(Exception)
    def unexpected(e):
        if triage.owns(request.path):
            return _page_failure(e)
        delivery = _delivery_id()
        log.exception("unexpected error on %s (delivery %s)", request.path, delivery)
        response = jsonify(error="temporary failure, retry later", status=503)
        response.headers["Retry-After"] = "30"
        return response, 503


def _page_failure(e: Exception):
    """A volunteer's page failed: 503 while the database is away, else 500; logged either way."""
    log.exception("unexpected error on %s", request.path)
    if isinstance(e, SQLAlchemyError):
        return triage.errors.page(503, headers={"Retry-After": "30"})
    return triage.errors.page(500)


def _delivery_id() -> str | None:
    """The sender's delivery id, whichever header carries it."""
    for header in delivery_headers():
        if request.headers.get(header):
            return request.headers[header]
    return None
