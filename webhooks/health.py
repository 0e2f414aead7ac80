"""GET /healthz: the status for anyone, the details for whoever holds the health token."""

from __future__ import annotations

import hmac

from flask import Blueprint, current_app, jsonify, request

from bot import health
from webhooks.receivers import receiver_states

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """{"status": ...} from a short cache; the full report with the token; 503 when unhealthy."""
    context = current_app.extensions["coopbot"]
    presented = _presented_token()
    if presented is None:
        cache = current_app.extensions.setdefault("coopbot.health", health.CachedStatus())
        status = cache.get(lambda: health.report(context)["status"])
        return jsonify(status=status), health.http_status(status)
    refusal = _refusal(context.settings.health_token, presented)
    if refusal:
        return jsonify(error=refusal, status=401), 401
    report = health.report(context, receiver_states(context.settings))
    return jsonify(report), health.http_status(report["status"])


def _presented_token() -> str | None:
    """`Authorization: Bearer <token>` or `?token=`; None when neither is there."""
    authorization = request.headers.get("Authorization")
    if authorization is not None:
        scheme, _, token = authorization.partition(" ")
        return token.strip() if scheme.lower() == "bearer" else ""
    return request.args.get("token")


def _refusal(expected: str, presented: str) -> str | None:
    """Why the details are refused, or None; compared in constant time."""
    if not expected:
        return "health details are off: set COOPBOT_HEALTH_TOKEN"
    if not hmac.compare_digest(expected.encode(), presented.encode()):
        return "token does not match"
    return None
