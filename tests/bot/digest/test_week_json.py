"""The shared week (../shared/eval/digest/week.json): every rule of its README, checked."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import MetaData, select

from bot.digest import activity, publish, render
from bot.digest.week import week
from bot.privacy import redact_emails
from tests.conftest import shared_path

pytestmark = pytest.mark.shared
W47 = week("2026-W47", "Europe/Paris")


@pytest.fixture
def digest(context, engine):
    path = shared_path("eval", "digest", "week.json")
    activity.load(engine, "default", activity.read(path, "Europe/Paris", ()))
    return publish.preview(context, W47)


def figures(digest) -> dict[str, int]:
    return {f.key: f.value for f in digest.figures}


def test_the_week_runs_monday_to_sunday_in_paris_time(digest):
    text = render.markdown(digest, "fr")
    assert "/t/4123" not in text and "Bilan des rencontres CHATONS" not in text  # Sunday 23:40
    assert "/t/4165" not in text and "calendrier de l'Avent" not in text  # next Monday 00:10
    # 43 topics but 4123, 4165 and the council's 4144; 4124 (Monday 00:20 in Paris, Sunday
    # 23:20 in UTC) is inside
    assert figures(digest)["new_topics"] == 40


def test_the_restricted_category_is_neither_counted_nor_quoted(digest):
    text = render.markdown(digest, "fr") + render.html(digest, "fr")
    assert "4144" not in text and "Arbitrage budgétaire" not in text
    assert "Conseil d'administration" not in text
    assert figures(digest)["replies"] == 235  # 52 posts of the council's topic left out


def test_most_active_discussions_rank_public_topics_by_posts(digest):
    assert [(t.topic_id, t.posts) for t in digest.active] == [
        (4125, 47),
        (4127, 36),
        (4130, 29),
        (4154, 18),
        (4145, 14),
    ]


def test_solved_are_support_topics_with_an_accepted_answer(digest):
    solved = [t.topic_id for t in digest.solved]
    assert solved == [4126, 4129, 4130, 4133, 4134, 4141, 4147, 4151, 4156, 4158, 4163]
    assert [(h.username, h.count) for h in digest.helpers] == [
        ("Jeanne_B", 4),
        ("kevlar", 3),
        ("mimosa", 3),
        ("Lison (équipe)", 1),
    ]
    assert figures(digest)["solved"] == 11


def test_waiting_are_support_topics_without_reply_older_than_48_hours(digest):
    assert [t.topic_id for t in digest.waiting] == [4138, 4142, 4148]  # not 4160 (35 h), 4164


def test_incident_durations_come_from_the_timestamps(digest):
    text = render.markdown(digest, "fr")
    assert (
        "**Messages refusés par les messageries Microsoft (Outlook, Hotmail, Live)** (mail) : "
        "30 h, du mardi 17 novembre à 9 h 20 au mercredi 18 novembre à 15 h 20"
    ) in text
    assert (
        "**Résolution DNS intermittente pour les domaines hébergés** (dns) : toujours en cours, "
        "depuis le samedi 21 novembre à 6 h 50"
    ) in text


def test_no_email_address_ever_appears(digest, engine):
    for text in (render.markdown(digest, "fr"), render.html(digest, "en")):
        assert redact_emails(text) == text and "@example" not in text
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        stored = " ".join(str(r) for t in meta.sorted_tables for r in conn.execute(select(t)))
    assert redact_emails(stored) == stored


def test_coop_life_dates_welcome_and_figures(digest):
    text = render.markdown(digest, "fr")
    assert "samedi 12 décembre à 14 h" in text
    assert "vote ouvert jusqu'au dimanche 29 novembre à 23 h 59 (143 votants sur 512)" in text
    assert "Maintenance programmée du webmail le jeudi 26 novembre" in text
    assert "Bienvenue à Ondine, LaRuche_Velo et tomtom_dev" in text
    assert figures(digest) | {} == {
        "new_topics": 40,
        "replies": 235,
        "solved": 11,
        "new_members": 3,
        "tickets_opened": 27,
        "tickets_closed": 31,
        "tickets_open": 14,
        "incidents": 2,
    }
    assert not re.search(r"(?<![\w@])@(everyone|here)", text)


def test_named_support_categories_give_the_same_digest(context, engine):
    path = shared_path("eval", "digest", "week.json")
    named = activity.read(path, "Europe/Paris", ("entraide-support",))
    activity.load(engine, "default", named)
    digest = publish.preview(context, W47)
    assert [t.topic_id for t in digest.waiting] == [4138, 4142, 4148]
    assert len(digest.solved) == 11
