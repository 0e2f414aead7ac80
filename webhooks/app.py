"""The Flask app factory."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from bot.context import Context
from bot.settings import Settings
from webhooks import health
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
    register_error_handlers(app)
    return app


class NoWebhookSessions(SecureCookieSessionInterface):
    """Senders have no session: skip building a cookie serializer on every delivery."""

    def open_session(self, app, request):
        if request.path.startswith("/webhooks/"):
            return self.null_session_class()
        return super().open_session(app, request)


def register_error_handlers(app: Flask) -> None:
    """JSON errors outside any blueprint (unknown paths, wrong methods); an unexpected
    failure is a 503 the sender may retry, never a 500."""

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_e):
        limit = app.config["MAX_CONTENT_LENGTH"]
        return jsonify(error=f"body larger than {limit} bytes", status=413), 413

    @app.errorhandler(HTTPException)
    def http_error(e):
        # keep the exception's own headers: a 405 must say which methods are allowed
        headers = [(k, v) for k, v in e.get_headers() if k.lower() != "content-type"]
        return jsonify(error=e.description, status=e.code), e.code, headers

    @app.errorhandler(Exception)
    def unexpected(_e):
        delivery = _delivery_id()
        log.exception("unexpected error on %s (delivery %s)", request.path, delivery)
        response = jsonify(error="temporary failure, retry later", status=503)
        response.headers["Retry-After"] = "30"
        return response, 503


def _delivery_id() -> str | None:
    """The sender's delivery id, whichever header carries it."""
    for header in delivery_headers():
        if request.headers.get(header):
            return request.headers[header]
    return None
