"""POST /webhooks/zammad and /webhooks/gitlab."""

from __future__ import annotations

from flask import Blueprint, request

from webhooks.normalize_tickets import normalize_gitlab, normalize_zammad
from webhooks.receive import receive, settings
from webhooks.signatures import verify_token, verify_zammad

bp = Blueprint("tickets", __name__)


@bp.post("/webhooks/zammad")
def zammad_webhook():
    """Receive a Zammad trigger (X-Hub-Signature: sha1=...)."""
    secrets = settings().zammad_webhook_secret
    return receive(
        lambda body: verify_zammad(secrets, body, request.headers.get("X-Hub-Signature")),
        lambda body: normalize_zammad(request.headers, body),
    )


@bp.post("/webhooks/gitlab")
def gitlab_webhook():
    """Receive a GitLab Issue Hook (X-Gitlab-Token)."""
    secrets = settings().gitlab_webhook_token
    return receive(
        lambda body: verify_token(
            secrets, request.headers.get("X-Gitlab-Token"), setting="COOPBOT_GITLAB_WEBHOOK_TOKEN"
        ),
        lambda body: normalize_gitlab(request.headers, body),
    )
