"""POST /webhooks/discourse."""

from __future__ import annotations

from flask import Blueprint, request

from webhooks.normalize_discourse import normalize
from webhooks.receive import receive, settings
from webhooks.signatures import verify_discourse

bp = Blueprint("discourse", __name__)


@bp.post("/webhooks/discourse")
def discourse_webhook():
    """Receive a Discourse event (the body is JSON whatever the content type says)."""
    s = settings()
    return receive(
        lambda body: verify_discourse(
            s.discourse_webhook_secret, body, request.headers.get("X-Discourse-Event-Signature")
        ),
        lambda body: normalize(request.headers, body, s.bot_username),
    )
