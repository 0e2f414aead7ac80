"""POST /webhooks/zammad and /webhooks/gitlab."""

from __future__ import annotations

from webhooks.receivers.normalize_tickets import normalize_gitlab, normalize_zammad
from webhooks.receivers.pipeline import blueprint
from webhooks.receivers.record import Receiver
from webhooks.receivers.signatures import verify_token, verify_zammad

ZAMMAD = Receiver(
    name="zammad",
    path="/webhooks/zammad",
    setting="zammad_webhook_secret",
    verify=lambda s, request, body: verify_zammad(
        s.zammad_webhook_secret, body, request.headers.get("X-Hub-Signature")
    ),
    normalize=lambda _s, request, body: normalize_zammad(request.headers, body),
    delivery_header="X-Zammad-Delivery",
)
GITLAB = Receiver(
    name="gitlab",
    path="/webhooks/gitlab",
    setting="gitlab_webhook_token",
    verify=lambda s, request, _body: verify_token(
        s.gitlab_webhook_token,
        request.headers.get("X-Gitlab-Token"),
        setting="COOPBOT_GITLAB_WEBHOOK_TOKEN",
    ),
    normalize=lambda _s, request, body: normalize_gitlab(request.headers, body),
    delivery_header="X-Gitlab-Event-UUID",
)
RECEIVERS = (ZAMMAD, GITLAB)
bp = blueprint("tickets", RECEIVERS)
