"""What the Discourse receiver makes of volunteers' whispers, likes and closed or deleted topics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.events import Event, PostLiked, TopicClosed, TopicDeleted, TriageCommand
from bot.store import inbox
from bot.store.status import InboxStatus
from tests import builders as b
from tests.builders import like_payload, post_payload, topic_payload

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "discourse"
SECRET_WORDS = "le mot de passe de Camille est hunter2"  # a whisper no one may store


def send(client, payload, event="post_created", group="post", **kw):
    return b.discourse(payload, event, group, **kw).send(client)


def only_row(engine):
    [row] = inbox.list_rows(engine)
    return row


def whisper(raw: str, **fields) -> dict:
    """A volunteer's whispered reply to the bot's whisper (post 2)."""
    base = {"post_type": 4, "username": "benevole", "user_id": 21, "reply_to_post_number": 2}
    return post_payload(post_id=103, post_number=3, raw=raw, **(base | fields))


def test_a_whispered_command_keeps_the_command_and_its_author_only(client, engine):
    raw = "@coopbot non mauvais article, voir la fiche DNS ; écrire à camille@example.org"
    response = send(client, whisper(raw))
    assert response.status_code == 200
    row = only_row(engine)
    assert (row.kind, row.status) == ("post_created", InboxStatus.PENDING)
    assert row.semantic_key == "post_created:post:103:1" and row.raw_body is None
    assert Event.from_json(row.event) == TriageCommand(
        topic_id=55,
        post_id=103,
        reply_to_post_number=2,
        username="benevole",
        user_id=21,
        verb="reject",
        argument="wrong_article voir la fiche DNS ; écrire à [e-mail]",
    )
    assert "mauvais article" not in row.event  # a code, not the whisper's words


@pytest.mark.parametrize(
    "raw, verb, argument",
    [("@coopbot ok", "approve", ""), ("  @CoopBot 2", "approve_entry", "2"),
     ("@coopbot aide", "help", ""), ("@coopbot quoi ?", "help", "")],
)  # fmt: skip
def test_commands_are_parsed(client, engine, raw, verb, argument):
    send(client, whisper(raw))
    event = Event.from_json(only_row(engine).event)
    assert (event.verb, event.argument) == (verb, argument)


@pytest.mark.parametrize(
    "payload, event, reason",
    [
        (whisper(f"Je m'en occupe : {SECRET_WORDS}"), "post_created", "whisper"),
        (whisper(f"@coopbot ok {SECRET_WORDS}", version=2), "post_edited", "whisper"),
        (whisper(f"@coopbot ok {SECRET_WORDS}", username="coopbot"), "post_created", "whisper"),
        (whisper(f"@coopbot ok {SECRET_WORDS}", deleted_at="2026-11-20T10:00:00.000Z"),
         "post_created", "whisper"),
        (whisper(f"@coopbot ok {SECRET_WORDS}", topic_archetype="private_message"),
         "post_created", "private message"),
    ],
    ids=["other whisper", "edited command", "the bot's own", "deleted", "private message"],
)  # fmt: skip
def test_other_whispers_stay_ignored_and_unstored(client, engine, payload, event, reason):
    assert send(client, payload, event=event).status_code == 202
    row = only_row(engine)
    assert (row.status, row.ignored_reason) == (InboxStatus.IGNORED, reason)
    assert row.raw_body is None and row.event == "{}"


def test_a_public_reply_to_the_bot_stays_a_post(client, engine):
    send(client, post_payload(post_id=104, post_number=3, raw="@coopbot ok, merci !"))
    assert Event.from_json(only_row(engine).event).kind == "post_created"


def test_a_like_on_the_bots_whisper(client, engine):
    sample = json.loads((FIXTURES / "post_liked.json").read_text())
    response = send(client, sample, event="post_liked", group="like")
    assert response.status_code == 200
    row = only_row(engine)
    assert (row.kind, row.raw_body) == ("post_liked", None)  # the whisper came whole
    assert row.semantic_key == "post_liked:post:812:user:14"
    assert Event.from_json(row.event) == PostLiked(
        post_id=812, topic_id=301, post_number=2, username="camille", user_id=14
    )
    again = send(client, sample, event="post_liked", group="like")
    assert again.get_json()["status"] == "duplicate"


@pytest.mark.parametrize(
    "payload, reason",
    [
        (like_payload(username="sacha", post_type=1), "like on another's post"),
        (like_payload(liker="coopbot"), "the bot's own like"),
        (like_payload(topic_archetype="private_message"), "private message"),
    ],
    ids=["on another's post", "by the bot", "private message"],
)
def test_other_likes_are_ignored(client, engine, payload, reason):
    assert send(client, payload, event="post_liked", group="like").status_code == 202
    row = only_row(engine)
    assert (row.ignored_reason, row.raw_body) == (reason, None)


@pytest.mark.parametrize("missing", ["post", "user"])
def test_a_like_without_its_post_or_liker_is_400(client, engine, missing):
    payload = like_payload()
    del payload["like"][missing]
    response = send(client, payload, event="post_liked", group="like")
    assert response.status_code == 400 and f"like.{missing}" in response.get_json()["error"]
    assert inbox.list_rows(engine) == []


@pytest.mark.parametrize(
    "event, fields, expected",
    [
        ("topic_closed_status_updated", {"closed": True}, TopicClosed(topic_id=55, category_id=4)),
        ("topic_archived_status_updated", {"archived": True},
         TopicClosed(topic_id=55, category_id=4, archived=True)),
        ("topic_destroyed", {}, TopicDeleted(topic_id=55, category_id=4)),
    ],
)  # fmt: skip
def test_closed_archived_and_deleted_topics(client, engine, event, fields, expected):
    assert send(client, topic_payload(**fields), event=event, group="topic").status_code == 200
    row = only_row(engine)
    assert Event.from_json(row.event) == expected
    assert row.semantic_key == f"{event}:topic:55"


@pytest.mark.parametrize(
    "event, fields, reason",
    [
        ("topic_closed_status_updated", {"closed": False}, "topic reopened"),
        ("topic_archived_status_updated", {"archived": False, "closed": True}, "topic reopened"),
        ("topic_destroyed", {"archetype": "private_message"}, "private message"),
    ],
)
def test_reopened_topics_and_private_messages_are_ignored(client, engine, event, fields, reason):
    assert send(client, topic_payload(**fields), event=event, group="topic").status_code == 202
    assert only_row(engine).ignored_reason == reason


def test_the_fake_discourses_like_and_closing_are_received(client, engine, fake_discourse):
    fake_discourse.add_user("benevole", moderator=True)
    topic = fake_discourse.add_topic("Mot de passe de ma boîte oublié")
    suggestion = fake_discourse.add_post(topic, "Suggestion : la fiche.", username="coopbot",
                                         post_type=4)  # fmt: skip
    fake_discourse.like(suggestion, "benevole")
    like = fake_discourse.like_webhook(suggestion, "benevole")
    fake_discourse.close_topic(topic)
    closed = fake_discourse.topic_webhook(topic)
    send(client, like, event="post_liked", group="like")
    send(client, closed, event="topic_closed_status_updated", group="topic")
    received = {type(e): e for e in (Event.from_json(r.event) for r in inbox.list_rows(engine))}
    assert received[PostLiked] == PostLiked(
        post_id=suggestion,
        topic_id=topic,
        post_number=2,
        username="benevole",
        user_id=fake_discourse.user("benevole").id,
    )
    assert received[TopicClosed] == TopicClosed(topic_id=topic, category_id=1)
