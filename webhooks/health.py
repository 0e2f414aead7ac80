"""GET /healthz: database, inbox backlog, worker heartbeat."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from bot.health import health
from webhooks.receivers import receiver_states

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """200 when the database answers, 503 when it does not."""
    context = current_app.extensions["coopbot"]
    healthy, report = health(context, receiver_states(context.settings))
    return jsonify(report), 200 if healthy else 503
