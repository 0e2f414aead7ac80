"""POST /webhooks/status/{cachet,uptime-kuma,statuspage}."""

from __future__ import annotations

from webhooks.receivers.normalize_status import (
    normalize_cachet,
    normalize_statuspage,
    normalize_uptime_kuma,
)
from webhooks.receivers.pipeline import blueprint
from webhooks.receivers.record import Receiver
from webhooks.receivers.signatures import verify_cachet, verify_token

TOKEN_SETTING = "status_webhook_token"


def _token_check(settings, request, _body: bytes) -> None:
    """Senders that sign nothing prove themselves with ?token=."""
    verify_token(
        settings.status_webhook_token,
        request.args.get("token"),
        setting="COOPBOT_" + TOKEN_SETTING.upper(),
    )


CACHET = Receiver(
    name="cachet",
    path="/webhooks/status/cachet",
    setting="cachet_webhook_secret",
    verify=lambda s, request, body: verify_cachet(
        s.cachet_webhook_secret, body, request.headers.get("Signature")
    ),
    normalize=lambda _s, _request, body: normalize_cachet(body),
)
UPTIME_KUMA = Receiver(
    name="uptime-kuma",
    path="/webhooks/status/uptime-kuma",
    setting=TOKEN_SETTING,
    verify=_token_check,
    normalize=lambda _s, _request, body: normalize_uptime_kuma(body),
)
STATUSPAGE = Receiver(
    name="statuspage",
    path="/webhooks/status/statuspage",
    setting=TOKEN_SETTING,
    verify=_token_check,
    normalize=lambda _s, _request, body: normalize_statuspage(body),
)
RECEIVERS = (CACHET, UPTIME_KUMA, STATUSPAGE)
bp = blueprint("status", RECEIVERS)
