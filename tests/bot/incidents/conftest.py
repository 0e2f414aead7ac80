"""A scene for incident tests: the memory forum, the real receivers, the worker."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import pytest

from bot import worker
from bot.clock import utcnow
from bot.forum import categories
from tests import builders as b

_posts = itertools.count(5000)


def stamp(moment: datetime) -> str:
    """A time as the senders write it."""
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


class Scene:
    """Members post, status pages and monitors speak, the worker runs; read what was said."""

    def __init__(self, context, client, forum, category: int, now: datetime) -> None:
        self.context, self.client, self.forum = context, client, forum
        self.category, self.now = category, now

    def at(self, minutes: float) -> datetime:
        return self.now + timedelta(minutes=minutes)

    def status(self, minutes: float, status: str, message: str, **incident) -> None:
        """A Statuspage incident update, `minutes` after the scene's start."""
        fields = {
            "id": "sp-1",
            "name": "Retards de réception des courriels",
            "status": status,
            "incident_updates": [{"body": message}],
            "components": [{"name": "Messagerie"}],
            "created_at": stamp(self.now),
            "updated_at": stamp(self.at(minutes)),
        }
        payload = b.statuspage_incident_payload(**(fields | incident))
        assert b.statuspage(payload).send(self.client).status_code == 200

    def kuma(self, minutes: float, status: int, monitor: str = "Mail server (IMAP)") -> None:
        """An Uptime Kuma heartbeat: 0 down, 1 up, 3 maintenance."""
        payload = b.kuma_payload(status=status)
        payload["heartbeat"]["time"] = self.at(minutes).strftime("%Y-%m-%d %H:%M:%S")
        payload["monitor"]["name"] = monitor
        assert b.uptime_kuma(payload).send(self.client).status_code == 200

    def topic(self, minutes: float, title: str, raw: str) -> int:
        """A member opens a topic in the support category."""
        topic_id = self.forum.add_topic(title, raw, category_id=self.category, username="membre")
        first = self.forum.topic_posts(topic_id)[0]
        self._post(first.id, topic_id, 1, raw, title, minutes)
        return topic_id

    def reply(self, minutes: float, topic_id: int, raw: str) -> None:
        """A member answers in a topic."""
        post_id = self.forum.add_post(topic_id, raw, username="membre")
        number = self.forum.get_post(post_id).post_number
        title = next(t.title for t in self.forum.topics if t.id == topic_id)
        self._post(post_id, topic_id, number, raw, title, minutes)

    def _post(self, post_id, topic_id, number, raw, title, minutes) -> None:
        payload = b.post_payload(
            post_id=post_id,
            topic_id=topic_id,
            post_number=number,
            raw=raw,
            topic_title=title,
            category_id=self.category,
            created_at=stamp(self.at(minutes)),
            username="membre",
        )
        assert b.discourse(payload).send(self.client).status_code == 200

    def run(self) -> None:
        worker.run(self.context, until_idle=True)

    def said(self, topic_id: int) -> list[str]:
        """What the bot posted in a topic, in order."""
        posts = self.forum.topic_posts(topic_id)
        return [p.raw for p in posts if p.username == self.forum.username]


def forget_categories(forum) -> None:
    """Drop the cached categories of this forum: a test adds categories to it."""
    categories.forget(forum)


@pytest.fixture
def scene(context, client, forum):
    """A support category and a scene starting two hours ago."""
    category = forum.add_category("Entraide", slug="entraide")
    forget_categories(forum)
    return Scene(context, client, forum, category, utcnow() - timedelta(hours=2))


@pytest.fixture
def proposed(scene, context):
    """An open incident and a thread the bot only proposes for it (every matching report is
    proposed under these thresholds, none linked)."""
    from tests.bot.incidents.volunteering import DELAYS, MEMBER

    context.settings = context.settings.with_(
        incident_auto_threshold=0.99, incident_propose_threshold=0.05
    )
    scene.status(10, "investigating", DELAYS)
    topic = scene.topic(20, *MEMBER)
    scene.run()
    return topic
