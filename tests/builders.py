"""Builders for signed deliveries, as each sender makes them."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json

DISCOURSE_SECRET = "discourse-secret-0123456789"
ZAMMAD_SECRET = "zammad-secret-0123456789"
GITLAB_TOKEN = "gitlab-token-0123456789"
CACHET_SECRET = "cachet-secret-0123456789"
STATUS_TOKEN = "status-token-0123456789"
HEALTH_TOKEN = "health-token-0123456789"
_ids = itertools.count(1000)


def compact(payload) -> bytes:
    """Discourse and the others send compact JSON."""
    return json.dumps(payload, separators=(",", ":")).encode()


def discourse_headers(body: bytes, event: str, group: str, secret=DISCOURSE_SECRET, event_id=None):
    """Headers of a Discourse delivery, signed."""
    signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {
        "X-Discourse-Instance": "https://forum.example.coop",
        "X-Discourse-Event-Id": str(event_id or next(_ids)),
        "X-Discourse-Event-Type": group,
        "X-Discourse-Event": event,
        "X-Discourse-Event-Signature": f"sha256={signature}",
        "Content-Type": "application/json",
    }


def post_payload(post_id=101, topic_id=55, post_number=1, **fields) -> dict:
    """A post as Discourse's WebHookPostSerializer sends it (the fields the bot reads)."""
    post = {
        "id": post_id,
        "topic_id": topic_id,
        "post_number": post_number,
        "post_type": 1,
        "username": "camille",
        "user_id": 12,
        "raw": "Bonjour, mon site affiche une erreur 500.",
        "cooked": "<p>Bonjour, mon site affiche une erreur 500.</p>",
        "version": 1,
        "topic_title": "Erreur 500 sur mon site",
        "category_id": 4,
        "topic_archetype": "regular",
        "created_at": "2026-11-20T09:00:00.000Z",
        "updated_at": "2026-11-20T09:00:00.000Z",
        "reply_to_post_number": None,
        "deleted_at": None,
    }
    post.update(fields)
    return {"post": post}


def zammad_headers(body: bytes, delivery="d-1", secret=ZAMMAD_SECRET):
    """Headers of a Zammad trigger delivery."""
    signature = hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()
    return {
        "X-Hub-Signature": f"sha1={signature}",
        "X-Zammad-Delivery": delivery,
        "X-Zammad-Trigger": "coopbot",
        "Content-Type": "application/json",
    }


def gitlab_headers(token=GITLAB_TOKEN, uuid="u-1"):
    """Headers of a GitLab Issue Hook."""
    return {
        "X-Gitlab-Token": token,
        "X-Gitlab-Event": "Issue Hook",
        "X-Gitlab-Event-UUID": uuid,
        "Content-Type": "application/json",
    }


def cachet_headers(body: bytes, secret=CACHET_SECRET):
    """Headers of a Cachet 3 webhook call."""
    signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {"Signature": signature, "Content-Type": "application/json"}
