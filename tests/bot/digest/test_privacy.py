"""Property: whatever e-mail addresses, private messages, whispers, restricted topics and
opted-out members go in, none of them comes out in the digest (Markdown or HTML)."""

from __future__ import annotations

import json
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import worker
from bot.digest import activity, publish, render
from bot.digest.text import INVISIBLE
from bot.digest.week import week
from bot.forum import categories, discourse_posts
from bot.forum.client import ForumPost, PostType
from bot.privacy import redact_emails
from bot.store import inbox
from tests.conftest import empty_tables

W47 = week("2026-W47", "Europe/Paris")
EMAILS = st.from_regex(r"[a-z]{1,8}(\.[a-z]{1,6})?@[a-z]{2,8}\.(org|net|coop|fr)", fullmatch=True)
SECRETS = st.text(string.ascii_lowercase, min_size=6, max_size=10).map(lambda s: f"qx{s}qx")
WORDS = st.text(string.ascii_letters + "éàç '?!*_[]<>#@`~", min_size=0, max_size=30)
TIMES = st.integers(0, 6 * 24 - 1).map(lambda h: f"2026-11-{16 + h // 24:02d}T{h % 24:02d}:05:00Z")


def a_topic(topic_id, title, category, created_at, posts=3, **fields):
    topic = {
        "id": topic_id,
        "title": title,
        "category": category,
        "author": "membre",
        "created_at": created_at,
        "posts_count": posts,
        "like_count": 0,
        "solved": None,
        "accepted_answer": None,
        "excerpt": title,
    }
    return topic | fields


@st.composite
def weeks(draw):
    """A week file mixing what may be shown with what must never be."""
    secrets = draw(st.lists(SECRETS, min_size=6, max_size=6, unique=True))
    emails = draw(st.lists(EMAILS, min_size=3, max_size=3))
    topics = [
        a_topic(
            n,
            f"{draw(WORDS)} {emails[n % 3]} {draw(WORDS)}",
            "Entraide",
            draw(TIMES),
            posts=draw(st.integers(1, 40)),
            solved=draw(st.booleans()),
            accepted_answer={"author": f"aide {emails[0]}"},
        )
        for n in range(1, 8)
    ]
    topics.append(a_topic(50, f"Bureau {secrets[0]}", "Bureau", draw(TIMES), posts=90))
    topics.append(
        a_topic(
            51,
            f"Privé {secrets[1]}",
            "Entraide",
            draw(TIMES),
            posts=60,
            archetype="private_message",
        )
    )
    members = [
        {"username": f"nouveau{n}", "joined_at": draw(TIMES), "email": email}
        for n, email in enumerate(emails)
    ] + [{"username": secrets[2], "joined_at": draw(TIMES), "opted_out": True, "email": emails[0]}]
    data = {
        "week": {"start": "2026-11-16T00:00:00+01:00"},
        "generated_at": "2026-11-23T08:00:00+01:00",
        "forum": {
            "url": "https://forum.example.coop",
            "categories": [
                {"name": "Entraide", "read_restricted": False},
                {"name": "Bureau", "read_restricted": True},
            ],
        },
        "topics": topics,
        "new_members": members,
        "incidents": [
            {
                "id": "i",
                "title": f"Panne {emails[1]}",
                "services": ["mail"],
                "started_at": draw(TIMES),
                "resolved_at": None,
            }
        ],
    }
    return data, secrets, emails


def hidden_posts(category_id: int, secrets: list[str]):
    """A whisper in a public topic and a private message, as Discourse's webhooks send them."""

    def post(post_id, topic_id, **fields):
        base = dict(
            id=post_id,
            topic_id=topic_id,
            post_number=2,
            username="modo",
            cooked="",
            post_type=PostType.REGULAR,
            created_at="2026-11-18T10:00:00Z",
            updated_at="2026-11-18T10:00:00Z",
            version=1,
        )
        return ForumPost(**base | fields)

    whisper = post(901, 1, raw=f"chut {secrets[3]}", post_type=PostType.WHISPER)
    private = post(902, 902, raw=f"privé {secrets[4]}", post_number=1)
    yield discourse_posts.post_row(
        "post_created",
        whisper,
        topic_title="Sujet public",
        category_id=category_id,
        archetype="regular",
        bot_username="coopbot",
    )
    yield discourse_posts.post_row(
        "post_created",
        private,
        topic_title=f"MP {secrets[5]}",
        category_id=None,
        archetype="private_message",
        bot_username="coopbot",
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(week_data=weeks())
def test_nothing_private_ever_comes_out(context, engine, forum, tmp_path, week_data):
    data, secrets, emails = week_data
    empty_tables(engine)  # the fixtures are set up once for all examples
    categories.forget(forum)
    public = forum.add_category(f"Entraide {len(forum.categories())}")
    path = tmp_path / "week.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    activity.load(engine, "default", activity.read(path, "Europe/Paris", ()))
    for incoming in hidden_posts(public, secrets):
        inbox.record(engine, incoming, "default")
    worker.run(context, until_idle=True)
    digest = publish.preview(context, W47)
    for language in ("fr", "en"):
        for shown in (
            render.markdown(digest, language),
            render.html(digest, language),
            render.title(digest, language),
        ):
            text = INVISIBLE.sub("", shown)  # a reader does not see zero-width characters
            assert redact_emails(text) == text
            assert not any(e in text for e in emails)
            assert not any(s in text for s in secrets), [s for s in secrets if s in text]
