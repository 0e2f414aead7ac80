"""Rendering: members' titles made inert, French long dates, HTML preview."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot.digest import render
from bot.digest.build import Options, build
from bot.digest.text import day_range, duration, inert, long_datetime, safe_url
from bot.digest.values import CoopEvent, Member, WeekActivity
from bot.digest.week import week
from tests.bot.digest.conftest import PARIS, topic, utc

MENTION = re.compile(r"(?<![\w@])@[\w.-]")  # what Discourse would turn into a mention
TRAPS = [
    "@everyone vous êtes tous concernés",
    "@here et @moderators",
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "[cliquez ici](https://evil.test)",
    "![image](https://evil.test/x.png)",
    "**gras** _italique_ `code` ~~barré~~",
    "# Titre\n\n---\n| a | b |",
    "ligne 1\nligne 2\r\n\u2028ligne 3",
    "\u202eetirrevne\u202c et \u200bzéro",
    "[quote]citation[/quote] &#64;everyone &lt;b&gt;",
    "\\*échappé\\* et fin \\",
]


@pytest.mark.parametrize("title", TRAPS)
def test_a_title_cannot_mention_inject_or_break_the_layout(title):
    line = inert(title)
    assert "\n" not in line and "\r" not in line and "\u2028" not in line
    assert not MENTION.search(line)
    assert "<" not in line and ">" not in line
    assert not re.search(
        r"&#?\w+;", line.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "")
    )
    assert "\u202e" not in line
    assert not re.search(r"(?<!\\)[\[\]`*~]", line)  # every Markdown marker is escaped


def test_trapped_titles_render_as_plain_text_in_markdown_and_html():
    monday = utc(2026, 11, 16, 9)
    topics = tuple(topic(n, monday, title=t, posts_count=9) for n, t in enumerate(TRAPS, 1))
    digest = build(
        week("2026-W47", PARIS), utc(2026, 11, 23, 8), WeekActivity(topics=topics), Options()
    )
    text = render.markdown(digest, "fr")
    assert not MENTION.search(text)
    html = render.html(digest, "fr")
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html
    assert all("evil" not in href for href in re.findall(r'href="([^"]*)"', html))
    # each trapped title stays one item of its list: 5 most active, 12 of coop life
    assert html.count("<li>") == 5 + len(topics)
    assert "<h1" not in html and html.count("<table>") == 1 and "<hr" not in html


def test_a_sender_s_link_cannot_leave_its_markdown_link():
    assert safe_url("https://status.example.coop/incidents/x1") == (
        "https://status.example.coop/incidents/x1"
    )
    trapped = safe_url("https://s.test/a) [clic](https://evil.test) <b>")
    assert not re.search(r"[\s()\[\]<>]", trapped) and trapped.startswith("https://s.test/a")
    assert safe_url("javascript:alert(1)") == "" and safe_url("") == ""


def test_french_long_dates_with_babel():
    assert long_datetime(utc(2026, 12, 12, 13), PARIS, "fr") == "samedi 12 décembre à 14 h"
    assert long_datetime(utc(2026, 11, 29, 22, 59), PARIS, "fr") == "dimanche 29 novembre à 23 h 59"
    assert long_datetime(utc(2026, 7, 14, 8, 5), PARIS, "fr") == "mardi 14 juillet à 10 h 05"
    assert long_datetime(utc(2026, 12, 4, 23), PARIS, "fr") == "samedi 5 décembre"  # midnight
    assert long_datetime(utc(2026, 12, 12, 13), PARIS, "en") == "Saturday 12 December at 14:00"


def test_spans_and_durations_as_a_reader_says_them():
    assert day_range(week("2026-W47", PARIS).monday, week("2026-W47", PARIS).sunday, "fr") == (
        "16",
        "22 novembre 2026",
    )
    w49 = week("2026-W49", PARIS)
    assert day_range(w49.monday, w49.sunday, "fr") == ("30 novembre", "6 décembre 2026")
    w53 = week("2026-W53", PARIS)
    assert day_range(w53.monday, w53.sunday, "fr") == ("28 décembre 2026", "3 janvier 2027")
    assert duration(timedelta(hours=30), "fr") == "30 h"
    assert duration(timedelta(hours=2, minutes=30), "fr") == "2 h 30 min"
    assert duration(timedelta(days=3, hours=4, minutes=1), "fr") == "3 j 4 h 1 min"
    assert duration(timedelta(seconds=20), "en") == "0 min"


def test_the_title_is_stable_per_iso_week():
    def title_at(as_of):
        digest = build(week("2026-W47", PARIS), as_of, WeekActivity(), Options())
        return render.title(digest, "fr")

    assert title_at(utc(2026, 11, 23, 8)) == title_at(utc(2026, 11, 25, 8))
    assert title_at(utc(2026, 11, 23, 8)) == "La semaine de la coop, du 16 au 22 novembre 2026"


def test_events_say_when_where_and_by_when_to_vote():
    events = (
        CoopEvent(
            kind="vote",
            title="Consultation",
            starts_at=utc(2026, 11, 16, 8),
            ends_at=utc(2026, 11, 29, 22, 59),
            voters=143,
            eligible=512,
            topic_id=4127,
        ),
        CoopEvent(
            kind="online_vote",
            title="AG 2026",
            starts_at=utc(2026, 12, 4, 23),
            ends_at=utc(2026, 12, 11, 22, 59),
        ),
        CoopEvent(
            kind="assembly",
            title="AG 2026",
            starts_at=utc(2026, 12, 12, 13),
            location="Maison des associations",
            topic_id=4128,
        ),
        CoopEvent(
            kind="maintenance",
            title="Webmail",
            starts_at=utc(2026, 11, 26, 20),
            ends_at=utc(2026, 11, 26, 22),
        ),
        CoopEvent(kind="event", title="Atelier", starts_at=utc(2026, 12, 1), all_day=True),
    )
    members = (Member(username="Ondine", joined_at=utc(2026, 11, 16)),)
    digest = build(
        week("2026-W47", PARIS),
        utc(2026, 11, 23, 7),
        WeekActivity(events=events, members=members),
        Options(forum_url="https://forum.example.coop/"),
    )
    text = render.markdown(digest, "fr")
    assert (
        "- **Consultation** : vote ouvert jusqu'au dimanche 29 novembre à 23 h 59 "
        "(143 votants sur 512) ([voir](https://forum.example.coop/t/4127))"
    ) in text
    assert (
        "- Vote en ligne, **AG 2026** : du samedi 5 décembre au vendredi 11 décembre à 23 h 59"
        in text
    )
    assert "- **AG 2026** : samedi 12 décembre à 14 h, Maison des associations" in text
    assert (
        "- Maintenance, **Webmail** : jeudi 26 novembre à 21 h, jusqu'au jeudi 26 novembre à 23 h"
        in text
    )
    assert "- **Atelier** : mardi 1 décembre" in text
    assert text.index("Maintenance") < text.index("Atelier") < text.index("Vote en ligne")
