"""Reconciliation catches up through /latest.json on what webhooks missed."""

from __future__ import annotations

import json

import pytest

from bot import restricted
from bot.events import Event
from bot.reconcile import reconcile
from bot.store import inbox, state
from bot.store.status import InboxStatus
from tests import builders as b
from webhooks.receivers.normalize_discourse import normalize


@pytest.fixture
def forum_context(context, discourse_settings, discourse_forum, fake_discourse):
    """The context, talking to the fake Discourse through the real adapter."""
    context.settings, context.forum = discourse_settings, discourse_forum
    fake_discourse.add_category("Entraide", slug="entraide")
    fake_discourse.add_topic("Ancien sujet déjà traité", created_at="2026-11-01T08:00:00.000Z")
    return context


def kinds(engine):
    return sorted((r.kind, r.status, r.ignored_reason) for r in inbox.list_rows(engine))


def test_first_run_only_sets_the_mark(forum_context, engine):
    assert reconcile(forum_context) == 0
    assert inbox.list_rows(engine) == []


def test_missed_topics_and_posts_are_recorded_once(forum_context, engine, fake_discourse):
    reconcile(forum_context)
    topic = fake_discourse.add_topic(
        "Mon site affiche une erreur 500",
        "Depuis ce matin, erreur 500 partout.",
        created_at="2026-11-20T09:00:00.000Z",
    )
    fake_discourse.add_post(topic, "Note pour l'équipe seulement.", username="admin1", post_type=4)
    fake_discourse.add_topic(
        "Question privée à l'équipe",
        "Mon mot de passe est hunter2 !",
        archetype="private_message",
        created_at="2026-11-20T09:05:00.000Z",
    )
    # /latest.json lists no private messages, so nothing of them is recorded at all.
    assert reconcile(forum_context) == 3
    assert kinds(engine) == [
        ("post_created", InboxStatus.IGNORED, "whisper"),
        ("post_created", InboxStatus.PENDING, None),
        ("topic_created", InboxStatus.PENDING, None),
    ]
    assert all("hunter2" not in r.event for r in inbox.list_rows(engine))
    assert reconcile(forum_context) == 0


def test_events_seen_by_webhook_are_not_recorded_again(
    forum_context, engine, fake_discourse, client
):
    reconcile(forum_context)
    topic = fake_discourse.add_topic(
        "Plus de mails reçus",
        "Je ne reçois plus aucun mail.",
        created_at="2026-11-21T09:00:00.000Z",
    )
    [first] = fake_discourse.posts_by_topic(topic)
    b.discourse(b.post_payload(post_id=first.id, topic_id=topic)).send(client)
    assert reconcile(forum_context) == 1  # only the topic_created event was missed
    posts = [json.loads(r.event) for r in inbox.list_rows(engine) if r.kind == "post_created"]
    assert len(posts) == 1


def test_a_topic_in_a_restricted_category_is_recorded_without_content(
    forum_context, engine, fake_discourse
):
    reconcile(forum_context)
    bureau = fake_discourse.add_category("Bureau", slug="bureau", read_restricted=True)
    fake_discourse.add_topic(
        "Réunion du bureau",
        "Le membre Dupont ne paie plus sa cotisation.",
        category_id=bureau,
        created_at="2026-11-20T09:00:00.000Z",
    )
    assert reconcile(forum_context) == 1
    [row] = inbox.list_rows(engine)
    assert row.kind == "topic_created"
    assert row.ignored_reason == f"category {bureau} (bureau) is read-restricted"
    assert row.event == "{}" and row.raw_body is None
    assert json.loads(state.get(engine, "default", restricted.KNOWN)[0]) == [bureau]
    assert not any(r.path.startswith("/t/") for r in fake_discourse.requests)  # no post read


@pytest.mark.usefixtures("engine")
def test_a_support_subcategory_is_read_by_its_path(forum_context, fake_discourse):
    hosting = fake_discourse.add_category("Hébergement", slug="hebergement")
    fake_discourse.add_category("Courriel", slug="courriel", parent_category_id=hosting)
    forum_context.settings = forum_context.settings.with_(
        support_categories=("courriel", "inconnue")
    )
    reconcile(forum_context)
    assert "/c/hebergement/courriel.json" in [r.path for r in fake_discourse.requests]


def test_a_reconciled_topic_is_the_event_its_webhook_would_have_delivered(
    forum_context, engine, fake_discourse, client
):
    reconcile(forum_context)
    category = fake_discourse.add_category("Hébergement", slug="hebergement")
    topic = fake_discourse.add_topic(
        "Certificat expiré sur mon domaine",
        "Mon certificat a expiré hier soir.",
        category_id=category,
        username="camille",
        tags=("tls", "domaines"),
        created_at="2026-11-22T09:00:00.000Z",
    )
    reply = fake_discourse.add_post(topic, "Avez-vous relancé le certificat ?", username="sacha")
    assert reconcile(forum_context) == 3
    reconciled = {r.semantic_key: r.event for r in inbox.list_rows(engine)}
    first = fake_discourse.posts_by_topic(topic)[0].id
    webhooks = [
        b.discourse(fake_discourse.topic_webhook(topic), "topic_created", "topic"),
        b.discourse(fake_discourse.post_webhook(first)),
        b.discourse(fake_discourse.post_webhook(reply)),
    ]
    for delivery in webhooks:
        delivered = normalize(delivery.headers, delivery.body, forum_context.settings.bot_username)
        assert Event.from_json(reconciled[delivered.semantic_key]) == delivered.event
        assert delivery.send(client).get_json()["status"] == "duplicate"


def test_a_missed_whispered_command_is_reconciled_as_its_webhook_would_deliver_it(
    forum_context, engine, fake_discourse, client
):
    reconcile(forum_context)
    fake_discourse.add_user("benevole", groups=("benevoles",))
    fake_discourse.set_whispers_allowed_groups("staff", "benevoles")
    topic = fake_discourse.add_topic(
        "Mot de passe oublié", "Je ne peux plus me connecter.", created_at="2026-11-23T09:00Z"
    )
    fake_discourse.add_post(topic, "Suggestion : la fiche.", username="coopbot", post_type=4)
    command = fake_discourse.add_post(
        topic, "@coopbot ok", username="benevole", post_type=4, reply_to_post_number=2
    )
    assert reconcile(forum_context) == 4  # the topic, its question, the suggestion, the command
    delivery = b.discourse(fake_discourse.post_webhook(command))
    delivered = normalize(delivery.headers, delivery.body, forum_context.settings.bot_username)
    [row] = [r for r in inbox.list_rows(engine) if r.semantic_key == delivered.semantic_key]
    assert Event.from_json(row.event) == delivered.event
    assert (delivered.event.verb, delivered.event.reply_to_post_number) == ("approve", 2)
    assert row.raw_body is None and delivery.send(client).get_json()["status"] == "duplicate"
