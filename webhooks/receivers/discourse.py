"""POST /webhooks/discourse."""

from __future__ import annotations

from webhooks.receivers.normalize_discourse import normalize
from webhooks.receivers.pipeline import blueprint
from webhooks.receivers.record import Receiver
from webhooks.receivers.signatures import verify_discourse

DISCOURSE = Receiver(
    name="discourse",
    path="/webhooks/discourse",
    setting="discourse_webhook_secret",
    # The body is JSON whatever the webhook's content type says: it is read raw.
    verify=lambda s, request, body: verify_discourse(
        s.discourse_webhook_secret, body, request.headers.get("X-Discourse-Event-Signature")
    ),
    normalize=lambda s, request, body: normalize(request.headers, body, s.bot_username),
    delivery_header="X-Discourse-Event-Id",
)
RECEIVERS = (DISCOURSE,)
bp = blueprint("discourse", RECEIVERS)
