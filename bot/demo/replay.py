"""Seed the demo's dry-run forum with sample questions and deliver them as Discourse would."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import requests

KB = Path(str(files("bot.demo") / "kb"))
CATEGORY = "Entraide"


@dataclass(frozen=True)
class Question:
    """A sample question, once seeded in the forum."""

    topic_id: int
    post_id: int
    username: str
    title: str
    raw: str
    category_id: int


def seed(forum) -> list[Question]:
    """Put the sample questions in the memory forum, each its own topic in a support category."""
    category_id = forum.add_category(CATEGORY)
    samples = json.loads((files("bot.demo") / "questions.json").read_text(encoding="utf-8"))
    seeded = []
    for q in samples:
        topic_id = forum.add_topic(
            q["title"], q["raw"], category_id=category_id, username=q["username"]
        )
        post = forum.topic_posts(topic_id)[0]
        seeded.append(Question(topic_id, post.id, q["username"], q["title"], q["raw"], category_id))
    return seeded


def payload(q: Question) -> dict:
    """The post_created body Discourse's WebHookPostSerializer sends (the fields read)."""
    return {
        "post": {
            "id": q.post_id,
            "username": q.username,
            "user_id": 100 + q.post_id,
            "created_at": "2026-12-01T09:00:00.000Z",
            "updated_at": "2026-12-01T09:00:00.000Z",
            "post_number": 1,
            "post_type": 1,
            "reply_to_post_number": None,
            "topic_id": q.topic_id,
            "topic_title": q.title,
            "topic_archetype": "regular",
            "category_id": q.category_id,
            "version": 1,
            "raw": q.raw,
            "cooked": "",
        }
    }


def signed(n: int, q: Question, secret: str) -> tuple[bytes, dict[str, str]]:
    """The body and headers of delivery number n, signed as Discourse signs."""
    body = json.dumps(payload(q), separators=(",", ":")).encode()
    signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    headers = {
        "Content-Type": "application/json",
        "X-Discourse-Instance": "https://forum.demo.coop",
        "X-Discourse-Event-Id": str(n),
        "X-Discourse-Event-Type": "post",
        "X-Discourse-Event": "post_created",
        "X-Discourse-Event-Signature": f"sha256={signature}",
    }
    return body, headers


def deliver(base_url: str, secret: str, questions: list[Question]) -> list[int]:
    """POST each question to /webhooks/discourse; return the answers' status codes."""
    statuses = []
    for n, q in enumerate(questions, start=1):
        body, headers = signed(n, q, secret)
        url = f"{base_url}/webhooks/discourse"
        statuses.append(requests.post(url, data=body, headers=headers, timeout=10).status_code)
    return statuses
