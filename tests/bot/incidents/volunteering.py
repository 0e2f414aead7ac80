"""Helpers of the volunteers' incident tests: people, commands, what the bot said where."""

from __future__ import annotations

import itertools

from bot.events import TriageCommand
from bot.forum.client import PostType
from bot.incidents import queries
from bot.store.outbox_markers import MARKER_RE
from tests.bot.suggesting import deliver

VOLUNTEERS = "benevoles"
DELAYS = "Nous constatons des retards de réception : les courriels entrants arrivent en retard."
MEMBER = ("Plus rien ne m'arrive", "Bonjour, je ne reçois plus aucun courriel depuis ce matin.")
_posts = itertools.count(90_000)


def add_people(context, forum) -> None:
    """A volunteer (vera), an admin (ada) and a member (paul)."""
    context.settings = context.settings.with_(triage_groups=(VOLUNTEERS,))
    forum.add_user("vera", groups=(VOLUNTEERS,))
    forum.add_user("ada", admin=True)
    forum.add_user("paul", groups=("membres",))


def command(context, topic_id: int, verb: str, argument: str = "", **kw) -> int:
    """Deliver a whispered incident command and run the worker; its post id."""
    post_id = kw.pop("post_id", None) or next(_posts)
    event = TriageCommand(
        topic_id=topic_id,
        post_id=post_id,
        username=kw.pop("username", "vera"),
        verb=f"incident_{verb}",
        argument=argument,
    )
    deliver(context, event, kw.pop("key", f"command:{post_id}"))
    return post_id


def whispers(forum, topic_id: int) -> list[str]:
    """The bot's whispers in a topic, in order."""
    return _bot_posts(forum, topic_id, PostType.WHISPER)


def told(forum, topic_id: int) -> list[str]:
    """The bot's public posts in a topic, in order."""
    return _bot_posts(forum, topic_id, PostType.REGULAR)


def _bot_posts(forum, topic_id: int, post_type) -> list[str]:
    """The bot's posts of a type in a topic, without the outbox's marker."""
    posts = forum.topic_posts(topic_id)
    mine = [p for p in posts if p.username == forum.username and p.post_type == post_type]
    return [MARKER_RE.sub("", p.raw).strip() for p in mine]


def the_incident(engine) -> dict:
    [row] = queries.overview(engine, "default", everything=True)
    return queries.detail(engine, "default", row["id"])


def states(engine) -> dict[int, str]:
    """Topic id -> the state of its link to the only incident."""
    return {link["id"]: link["state"] for link in the_incident(engine)["links"]}
