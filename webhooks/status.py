"""POST /webhooks/status/{cachet,uptime-kuma,statuspage}."""

from __future__ import annotations

from flask import Blueprint, request

from webhooks.normalize_status import normalize_cachet, normalize_statuspage, normalize_uptime_kuma
from webhooks.receive import receive, settings
from webhooks.signatures import verify_cachet, verify_token

bp = Blueprint("status", __name__)
TOKEN_SETTING = "COOPBOT_STATUS_WEBHOOK_TOKEN"


@bp.post("/webhooks/status/cachet")
def cachet_webhook():
    """Receive a Cachet 3 event (Signature: HMAC-SHA256 of the body)."""
    secrets = settings().cachet_webhook_secret
    return receive(
        lambda body: verify_cachet(secrets, body, request.headers.get("Signature")),
        normalize_cachet,
    )


def _token_check(body: bytes) -> None:
    """Senders that sign nothing prove themselves with ?token=."""
    verify_token(settings().status_webhook_token, request.args.get("token"), setting=TOKEN_SETTING)


@bp.post("/webhooks/status/uptime-kuma")
def uptime_kuma_webhook():
    """Receive an Uptime Kuma notification."""
    return receive(_token_check, normalize_uptime_kuma)


@bp.post("/webhooks/status/statuspage")
def statuspage_webhook():
    """Receive a Statuspage incident or component update."""
    return receive(_token_check, normalize_statuspage)
