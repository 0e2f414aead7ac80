"""The event flow fills the digest's records: webhooks -> inbox -> worker -> recorder."""

from __future__ import annotations

import pytest
from sqlalchemy import MetaData, select

from bot import worker
from bot.digest import publish, recorder, render
from bot.digest.week import week
from bot.events import PostCreated, TopicCreated
from bot.forum import categories
from bot.forum.memory import MemoryForum
from bot.store import inbox
from tests import builders as b
from tests.bot.digest.conftest import PARIS

W47 = week("2026-W47", PARIS)
TABLES = ("activity_topic", "activity_post", "activity_member", "activity_incident")


@pytest.fixture
def coop(context, forum):
    """A support category, a coop-life one and a staff-only one, on the memory forum."""
    categories.forget(forum)  # the categories added below are read afresh
    context.settings = context.settings.with_(support_categories=("entraide",))
    return {
        "entraide": forum.add_category("Entraide", slug="entraide"),
        "vie": forum.add_category("Vie de la coop", slug="vie"),
        "bureau": forum.add_category("Bureau", slug="bureau", read_restricted=True),
    }


def send(client, context, *deliveries) -> None:
    """Deliver through the receivers, then let the worker drain the inbox."""
    for delivery in deliveries:
        answer = client.post(
            delivery.path, data=delivery.body, headers=delivery.headers, query_string=delivery.query
        )
        assert answer.status_code in (200, 202), answer.get_json()
    worker.run(context, until_idle=True)


def topic_deliveries(forum, category_id, title, posts, day="2026-11-18"):
    """A topic seeded on the forum and the webhooks its creation and posts would send."""
    author = posts[0][0]
    topic_id = forum.add_topic(
        title,
        "Bonjour, voici ma question détaillée.",
        category_id=category_id,
        username=author,
        created_at=f"{day}T09:00:00Z",
    )
    deliveries = [
        b.discourse(
            b.topic_payload(
                topic_id,
                title=title,
                category_id=category_id,
                created_by={"id": 1, "username": author},
                created_at=f"{day}T09:00:00Z",
            ),
            event="topic_created",
            group="topic",
        )
    ]
    for number, (username, fields) in enumerate(posts, start=1):
        post_id = topic_id * 100 + number
        payload = b.post_payload(
            post_id,
            topic_id,
            number,
            username=username,
            topic_title=title,
            category_id=category_id,
            created_at=f"{day}T{9 + number:02d}:00:00Z",
            **fields,
        )
        deliveries.append(b.discourse(payload))
    return topic_id, deliveries


def test_topics_posts_and_solutions_reach_the_digest(client, context, forum, coop):
    asked = [("camille", {}), ("jeanne", {}), ("lou", {}), ("camille", {}), ("jeanne", {})]
    topic_id, deliveries = topic_deliveries(
        forum, coop["entraide"], "Erreur 500 sur mon site", asked
    )
    answer = forum.add_post(topic_id, "Videz le cache du module, c'est réglé.", username="jeanne")
    solved = b.post_payload(
        answer,
        topic_id,
        2,
        username="jeanne",
        topic_title="Erreur 500 sur mon site",
        category_id=coop["entraide"],
        updated_at="2026-11-19T10:00:00Z",
    )
    send(
        client,
        context,
        *deliveries,
        b.discourse({"solved": solved["post"]}, event="accepted_solution", group="solved"),
    )
    digest = publish.preview(context, W47)
    [line] = digest.active
    assert (line.topic_id, line.posts, line.participants) == (topic_id, 5, 3)
    assert [t.topic_id for t in digest.solved] == [topic_id]
    assert [(h.username, h.count) for h in digest.helpers] == [("jeanne", 1)]
    text = render.markdown(digest, "fr")
    assert "Erreur 500 sur mon site" in text and "Bonjour, voici" not in text  # no post text


def test_restricted_private_and_whispered_content_is_never_recorded(
    client, context, forum, engine, coop
):
    _, staff = topic_deliveries(
        forum, coop["bureau"], "Budget secret du bureau", [("presidente", {}), ("tresorier", {})]
    )
    _, public = topic_deliveries(
        forum,
        coop["vie"],
        "Fête de la coop",
        [("alex", {}), ("sam", {"post_type": 4, "raw": "chuchotement"})],
    )
    private = b.post_payload(
        900, 90, 1, topic_archetype="private_message", topic_title="Privé Camille", category_id=None
    )
    send(client, context, *staff, *public, b.discourse(private))
    rows = _all_rows(engine)
    assert "Budget secret du bureau" not in str(rows) and "Privé Camille" not in str(rows)
    assert [r["post_number"] for r in rows["activity_post"]] == [1]  # the whisper was dropped
    assert "chuchotement" not in str(rows)


@pytest.mark.parametrize("where", ["restricted", "inside a restricted one", "unknown"])
def test_the_worker_scrubs_an_event_before_the_recorders_see_it(
    client, context, forum, engine, coop, monkeypatch, where
):
    """bot/restricted.py runs before the handler table: even with the recorders' own check
    switched off, nothing of a category that is not public reaches the digest's records."""
    monkeypatch.setattr(recorder, "_where", lambda _context, _category: True)
    category = {
        "restricted": coop["bureau"],
        "inside a restricted one": forum.add_category(
            "Trésorerie", slug="tresorerie", parent_category_id=coop["bureau"]
        ),
        "unknown": 4242,  # a category the forum does not list: private, failing closed
    }[where]
    title = "Budget secret du bureau"
    topic_id, deliveries = topic_deliveries(
        forum, category, title, [("presidente", {}), ("tresorier", {})]
    )
    solved = b.post_payload(
        topic_id * 100 + 2,
        topic_id,
        2,
        username="tresorier",
        topic_title=title,
        category_id=category,
        updated_at="2026-11-19T10:00:00Z",
    )
    solution = b.discourse({"solved": solved["post"]}, event="accepted_solution", group="solved")
    send(client, context, *deliveries, solution)
    assert _all_rows(engine) == {name: [] for name in TABLES}
    rows = inbox.list_rows(engine)
    assert len(rows) == 4 and all(r.status == "ignored" and r.ignored_reason for r in rows)
    assert title not in str(rows) and "presidente" not in str(rows)
    assert publish.preview(context, W47).active == ()


def test_a_recorder_called_alone_skips_a_subcategory_of_a_restricted_one(
    context, forum, engine, coop
):
    inner = forum.add_category("Trésorerie", slug="tresorerie", parent_category_id=coop["bureau"])
    public = forum.add_category(
        "Entraide locale", slug="locale", parent_category_id=coop["entraide"]
    )
    for category in (inner, public):
        recorder.record_topic(
            context,
            TopicCreated(
                topic_id=category,
                title=f"Sujet {category}",
                category_id=category,
                username="alex",
                created_at="2026-11-18T09:00:00Z",
            ),
        )
    recorder.record_post(
        context,
        PostCreated(
            post_id=1,
            topic_id=inner,
            post_number=2,
            username="alex",
            category_id=inner,
            created_at="2026-11-18T10:00:00Z",
        ),
    )
    rows = _all_rows(engine)
    # a support category's subcategory is a support category too
    assert [(r["title"], r["support"]) for r in rows["activity_topic"]] == [
        (f"Sujet {public}", True)
    ]
    assert rows["activity_post"] == []


def test_members_join_with_their_opt_out_and_never_their_address(client, context, engine, coop):
    hidden = {"hide_profile_and_presence": True}
    send(
        client,
        context,
        b.discourse(
            b.user_payload(21, username="ondine", created_at="2026-11-16T10:12:00Z"),
            event="user_created",
            group="user",
        ),
        b.discourse(
            b.user_payload(
                22, username="discret", created_at="2026-11-17T10:00:00Z", user_option=hidden
            ),
            event="user_created",
            group="user",
        ),
        b.discourse(
            b.user_payload(23, username="system", created_at="2026-11-17T10:00:00Z"),
            event="user_created",
            group="user",
        ),
    )
    rows = _all_rows(engine)["activity_member"]
    assert {(r["username"], r["opted_out"]) for r in rows} == {("ondine", False), ("discret", True)}
    assert "@" not in str(rows)
    digest = publish.preview(context, W47)
    assert digest.welcome == ("ondine",)
    assert next(f.value for f in digest.figures if f.key == "new_members") == 2
    assert coop  # categories exist, though members need none


def test_tickets_and_incidents_give_the_week_its_figures(client, context, coop):
    opened = b.zammad_payload(updated="2026-11-17T09:00:00Z")
    closed = b.zammad_payload(state="closed", updated="2026-11-18T09:00:00Z")
    down = b.statuspage_incident_payload(
        created_at="2026-11-17T08:20:00Z", updated_at="2026-11-17T08:25:00Z"
    )
    fixed = b.statuspage_incident_payload(
        status="resolved", updated_at="2026-11-18T14:20:00Z", resolved_at="2026-11-18T14:20:00Z"
    )
    send(
        client,
        context,
        b.zammad(opened, delivery_id="z1"),
        b.zammad(closed, delivery_id="z2"),
        b.statuspage(down),
        b.statuspage(fixed),
        b.uptime_kuma(b.kuma_payload(status=0)),
    )
    digest = publish.preview(context, W47)
    figures = {f.key: f.value for f in digest.figures}
    assert (figures["tickets_opened"], figures["tickets_closed"], figures["incidents"]) == (1, 1, 2)
    nextcloud, webmail = digest.incidents
    assert (nextcloud.title, nextcloud.services) == ("Nextcloud lent", ("Nextcloud",))
    assert (nextcloud.resolved_at - nextcloud.started_at).total_seconds() == 30 * 3600
    assert (webmail.title, webmail.resolved_at) == ("Webmail", None)
    send(client, context, b.uptime_kuma(b.kuma_payload(status=1, msg="up")))
    [_, webmail] = publish.preview(context, W47).incidents
    assert webmail.resolved_at is not None
    assert coop


def test_a_category_made_private_later_hides_its_topics(client, context, forum, coop):
    posts = [("alex", {}), ("sam", {}), ("alex", {}), ("noa", {}), ("sam", {})]
    _, deliveries = topic_deliveries(forum, coop["vie"], "Sujet bientôt caché", posts)
    send(client, context, *deliveries)
    assert [t.title for t in publish.preview(context, W47).active] == ["Sujet bientôt caché"]
    later = MemoryForum()  # the same forum after an admin restricted the category
    later.add_category("Entraide", slug="entraide")
    assert later.add_category("Vie de la coop", slug="vie", read_restricted=True) == coop["vie"]
    context.forum = later
    digest = publish.preview(context, W47)
    assert digest.active == () and "Sujet bientôt caché" not in render.markdown(digest, "fr")


def _all_rows(engine) -> dict[str, list[dict]]:
    meta = MetaData()
    meta.reflect(engine, only=TABLES)
    with engine.connect() as conn:
        return {
            name: [dict(r) for r in conn.execute(select(meta.tables[name])).mappings()]
            for name in TABLES
        }


def test_a_second_resolution_keeps_the_incident_s_end(client, context, coop):
    def cachet(status, updated, delivery):
        payload = b.cachet_payload(
            "incident_updated",
            delivery,
            status=status,
            updated_at=updated,
            occurred_at="2026-11-19T08:00:00Z",
        )
        return b.cachet(payload)

    send(
        client,
        context,
        cachet(1, "2026-11-19T08:05:00Z", "c1"),
        cachet(4, "2026-11-19T10:00:00Z", "c2"),
        cachet(4, "2026-11-20T16:00:00Z", "c3"),
    )
    [incident] = publish.preview(context, W47).incidents
    assert (incident.resolved_at - incident.started_at).total_seconds() == 2 * 3600
    assert coop
