"""What each sender delivers: payloads shaped as the sender makes them, and signed requests."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
from dataclasses import dataclass, field

DISCOURSE_SECRET = "discourse-secret-0123456789"
ZAMMAD_SECRET = "zammad-secret-0123456789"
GITLAB_TOKEN = "gitlab-token-0123456789"
CACHET_SECRET = "cachet-secret-0123456789"
STATUS_TOKEN = "status-token-0123456789"
HEALTH_TOKEN = "health-token-0123456789"
PATHS = {
    "discourse": "/webhooks/discourse",
    "zammad": "/webhooks/zammad",
    "gitlab": "/webhooks/gitlab",
    "cachet": "/webhooks/status/cachet",
    "uptime-kuma": "/webhooks/status/uptime-kuma",
    "statuspage": "/webhooks/status/statuspage",
}
_ids = itertools.count(1000)


@dataclass(frozen=True)
class Delivery:
    """One request a sender makes to its receiver."""

    path: str
    body: bytes
    headers: dict
    query: dict = field(default_factory=dict)

    def send(self, client):
        """Post it through Flask's test client."""
        return client.post(self.path, data=self.body, headers=self.headers, query_string=self.query)


def compact(payload) -> bytes:
    """Senders send compact JSON, UTF-8 unescaped as Discourse's MultiJson does."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def _bytes(payload) -> bytes:
    return payload if isinstance(payload, bytes) else compact(payload)


# Discourse
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


def discourse(payload, event="post_created", group="post", delivery_id=None, **kw) -> Delivery:
    """A Discourse webhook delivery (a new event id unless given; `secret`)."""
    body = _bytes(payload)
    headers = discourse_headers(body, event, group, event_id=delivery_id, **kw)
    return Delivery(PATHS["discourse"], body, headers)


def post_payload(post_id=101, topic_id=55, post_number=1, **fields) -> dict:
    """A post as Discourse's WebHookPostSerializer sends it."""
    raw = fields.pop("raw", "Bonjour, mon site affiche une erreur 500.")
    post = {
        "id": post_id,
        "name": None,
        "username": "camille",
        "avatar_template": "/user_avatar/forum.example.coop/camille/{size}/3_2.png",
        "created_at": "2026-11-20T09:00:00.000Z",
        "cooked": f"<p>{raw}</p>",
        "post_number": post_number,
        "post_type": 1,
        "updated_at": "2026-11-20T09:00:00.000Z",
        "reply_count": 0,
        "reply_to_post_number": None,
        "quote_count": 0,
        "incoming_link_count": 0,
        "reads": 0,
        "score": 0,
        "topic_id": topic_id,
        "topic_slug": "erreur-500-sur-mon-site",
        "topic_title": "Erreur 500 sur mon site",
        "category_id": 4,
        "display_username": None,
        "primary_group_name": None,
        "flair_name": None,
        "version": 1,
        "user_title": None,
        "bookmarked": False,
        "raw": raw,
        "moderator": False,
        "admin": False,
        "staff": False,
        "user_id": 12,
        "hidden": False,
        "trust_level": 1,
        "deleted_at": None,
        "user_deleted": False,
        "edit_reason": None,
        "wiki": False,
        "reviewable_id": None,
        "reviewable_score_count": 0,
        "reviewable_score_pending_count": 0,
        "topic_posts_count": post_number,
        "topic_filtered_posts_count": post_number,
        "topic_archetype": "regular",
        "category_slug": "entraide",
    }
    return {"post": post | fields}


PING = {"ping": "OK"}  # what Discourse sends when a webhook is created or tested


def like_payload(post_id=102, liker="benevole", liker_id=21, **post_fields) -> dict:
    """A post_liked body (event type `like`): WebHookLikeSerializer's post and liker; the post
    is the bot's whisper unless `post_fields` say otherwise."""
    whisper = {"username": "coopbot", "user_id": 3, "post_type": 4, "raw": "Suggestion : DNS."}
    post = post_payload(post_id=post_id, post_number=2, **(whisper | post_fields))["post"]
    user = {"id": liker_id, "username": liker, "name": None, "avatar_template": "/a/{size}.png"}
    return {"like": {"post": post, "user": user}}


def topic_payload(topic_id=55, **fields) -> dict:
    """A topic as WebHookTopicViewSerializer sends it (the fields the bot reads)."""
    topic = {
        "id": topic_id,
        "title": "Erreur 500 sur mon site",
        "category_id": 4,
        "user_id": 12,
        "archetype": "regular",
        "created_by": {"id": 12, "username": "camille"},
        "created_at": "2026-11-20T09:00:00.000Z",
        "tags": ["mail", {"name": "dns"}],
    }
    return {"topic": topic | fields}


def user_payload(user_id=12, **fields) -> dict:
    """A user as Discourse's user webhooks send it, e-mail address included."""
    user = {"id": user_id, "username": "camille", "name": "Camille", "email": "c@example.org"}
    return {"user": user | fields}


# Zammad
def zammad_headers(body: bytes, delivery="d-1", secret=ZAMMAD_SECRET):
    """Headers of a Zammad trigger delivery."""
    signature = hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()
    return {
        "X-Hub-Signature": f"sha1={signature}",
        "X-Zammad-Delivery": delivery,
        "X-Zammad-Trigger": "coopbot",
        "Content-Type": "application/json",
    }


def zammad(payload, delivery_id="d-1", **kw) -> Delivery:
    """A Zammad trigger delivery (`secret`)."""
    body = _bytes(payload)
    return Delivery(PATHS["zammad"], body, zammad_headers(body, delivery_id, **kw))


def zammad_payload(
    article=None, state="open", article_ids=(7,), updated="2026-11-20T10:00:00Z", tags=()
) -> dict:
    """A ticket and its article, as Zammad's trigger webhook sends them."""
    ticket = {
        "id": 81,
        "number": "10081",
        "title": "Plus de mails depuis ce matin",
        "state": state,
        "article_ids": list(article_ids),
        "article_count": len(article_ids),
        "tags": list(tags),
        "created_at": "2026-11-20T09:00:00Z",
        "updated_at": updated,
        "customer": {"email": "membre@example.org"},
    }
    if article is None:
        article = {
            "id": 7,
            "body": "Je ne reçois plus rien.",
            "internal": False,
            "from": "Membre <membre@example.org>",
        }
    return {"ticket": ticket, "article": article}


# GitLab
def gitlab_headers(token=GITLAB_TOKEN, uuid="u-1"):
    """Headers of a GitLab Issue Hook."""
    return {
        "X-Gitlab-Token": token,
        "X-Gitlab-Event": "Issue Hook",
        "X-Gitlab-Event-UUID": uuid,
        "Content-Type": "application/json",
    }


def gitlab(payload, delivery_id="u-1", **kw) -> Delivery:
    """A GitLab webhook delivery (`token`)."""
    return Delivery(PATHS["gitlab"], _bytes(payload), gitlab_headers(uuid=delivery_id, **kw))


def gitlab_payload(action="open", confidential=False) -> dict:
    """An Issue Hook; each action has its own update time, as GitLab's would."""
    return {
        "object_kind": "issue",
        "event_type": "issue",
        "user": {"username": "root", "email": "admin@example.com"},
        "object_attributes": {
            "id": 301,
            "iid": 23,
            "title": "Panne webmail",
            "description": "Roundcube affiche une erreur",
            "state": "opened",
            "action": action,
            "confidential": confidential,
            "updated_at": f"2026-11-20 10:00:00 UTC {action}",
            "url": "https://git.example.coop/x/issues/23",
        },
        "labels": [{"title": "webmail"}],
    }


# Cachet 3
def cachet_headers(body: bytes, secret=CACHET_SECRET):
    """Headers of a Cachet 3 webhook call."""
    signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {"Signature": signature, "Content-Type": "application/json"}


def cachet(payload, **kw) -> Delivery:
    """A Cachet 3 webhook call (`secret`)."""
    body = _bytes(payload)
    return Delivery(PATHS["cachet"], body, cachet_headers(body, **kw))


def cachet_payload(event="incident_created", delivery="abc", **data) -> dict:
    """Cachet 3's envelope around an incident (or, with component fields, a component)."""
    if event.startswith("incident"):
        data = {"id": 4, "name": "Mail lent", "status": 1, "updated_at": "t1"} | data
    return {"id": delivery, "event": event, "created_at": "2026-11-20 10:00:00", "data": data}


# Uptime Kuma and Statuspage: their tokens travel in the query string
def uptime_kuma(payload, token=STATUS_TOKEN) -> Delivery:
    """An Uptime Kuma notification."""
    return _token_delivery("uptime-kuma", payload, token)


def statuspage(payload, token=STATUS_TOKEN) -> Delivery:
    """A Statuspage webhook."""
    return _token_delivery("statuspage", payload, token)


def _token_delivery(sender: str, payload, token: str | None) -> Delivery:
    headers = {"Content-Type": "application/json"}
    query = {} if token is None else {"token": token}
    return Delivery(PATHS[sender], _bytes(payload), headers, query)


def kuma_payload(status=0, msg="timeout") -> dict:
    """A monitor's heartbeat: 0 down, 1 up, 2 pending, 3 maintenance."""
    return {
        "heartbeat": {"monitorID": 3, "status": status, "time": "2026-11-20 10:00:00", "msg": msg},
        "monitor": {"id": 3, "name": "Webmail", "url": "https://webmail.example.coop"},
        "msg": f"[Webmail] [Down] {msg}",
    }


KUMA_TEST = {"heartbeat": None, "monitor": None, "msg": "Test"}


def statuspage_incident_payload(**fields) -> dict:
    """An incident update, newest update first."""
    incident = {
        "id": "i1",
        "name": "Nextcloud lent",
        "status": "investigating",
        "incident_updates": [{"body": "On regarde."}],
        "components": [{"name": "Nextcloud"}],
        "created_at": "2026-11-20T10:00:00Z",
        "updated_at": "2026-11-20T10:01:00Z",
        "shortlink": "https://stspg.io/x",
    }
    return {"incident": incident | fields}


def statuspage_component_payload(status="major_outage") -> dict:
    """A component's status change."""
    return {
        "component": {"id": "c1", "name": "Nextcloud", "status": status, "updated_at": "t"},
        "component_update": {"id": "u1", "new_status": status},
    }
