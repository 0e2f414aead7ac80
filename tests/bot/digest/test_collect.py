"""Gaps in the records (the bot was down) are filled from the forum's topic list."""

from __future__ import annotations

from bot.context import Context
from bot.digest import publish
from bot.digest.collect import merge
from bot.digest.week import week
from tests.bot.digest.conftest import PARIS, topic, utc

W47 = week("2026-W47", PARIS)


def test_topics_missed_while_down_come_from_the_forum(
    engine, discourse_settings, discourse_forum, fake_discourse
):
    support = fake_discourse.add_category("Entraide", slug="entraide")
    staff = fake_discourse.add_category("Bureau", slug="bureau", read_restricted=True)
    missed = fake_discourse.add_topic(
        "Question posée pendant la panne du bot",
        category_id=support,
        username="ondine",
        created_at="2026-11-18T10:00:00Z",
    )
    for n in range(4):
        fake_discourse.add_post(
            missed, f"Réponse numéro {n}", username=f"membre{n}", created_at="2026-11-18T12:00:00Z"
        )
    fake_discourse.add_topic(
        "Budget du bureau",
        category_id=staff,
        username="presidente",
        created_at="2026-11-18T10:00:00Z",
    )
    fake_discourse.add_topic(
        "Sujet de la semaine d'avant", category_id=support, created_at="2026-11-02T10:00:00Z"
    )
    settings = discourse_settings.with_(support_categories=("entraide",))
    digest = publish.preview(Context(settings, engine, discourse_forum), W47)
    assert [(t.topic_id, t.posts) for t in digest.active] == [(missed, 5)]
    assert next(f.value for f in digest.figures if f.key == "new_topics") == 1


def test_the_forum_count_completes_a_recorded_topic():
    recorded = [topic(1, utc(2026, 11, 17), posts_count=0), topic(2, utc(2026, 11, 17))]
    found = [
        topic(1, utc(2026, 11, 17), posts_count=9, title="autre titre"),
        topic(3, utc(2026, 11, 18), posts_count=2),
    ]
    merged = {t.topic_id: t for t in merge(recorded, found)}
    assert (merged[1].posts_count, merged[1].title) == (9, "Sujet 1")
    assert sorted(merged) == [1, 2, 3]


def test_the_forum_s_subcategories_follow_their_parent(
    engine, discourse_settings, discourse_forum, fake_discourse
):
    support = fake_discourse.add_category("Entraide", slug="entraide")
    local = fake_discourse.add_category("Local", slug="local", parent_category_id=support)
    staff = fake_discourse.add_category("Bureau", slug="bureau", read_restricted=True)
    money = fake_discourse.add_category("Trésorerie", slug="tresorerie", parent_category_id=staff)
    asked = fake_discourse.add_topic(
        "Question d'une sous-catégorie d'entraide",
        category_id=local,
        username="ondine",
        created_at="2026-11-17T10:00:00Z",
    )
    fake_discourse.add_topic(
        "Budget de la trésorerie",
        category_id=money,
        username="tresorier",
        created_at="2026-11-17T10:00:00Z",
    )
    settings = discourse_settings.with_(support_categories=("entraide",))
    digest = publish.preview(Context(settings, engine, discourse_forum), W47)
    # the restricted parent hides its subcategory; the support parent makes its child support
    assert next(f.value for f in digest.figures if f.key == "new_topics") == 1
    assert [t.topic_id for t in digest.waiting] == [asked]
