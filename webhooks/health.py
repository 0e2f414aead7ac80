"""GET /healthz: database, inbox backlog, worker heartbeat."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from bot.health import health

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """200 when the database answers, 503 when it does not."""
    healthy, report = health(current_app.extensions["coopbot"])
    return jsonify(report), 200 if healthy else 503
