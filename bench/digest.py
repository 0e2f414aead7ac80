"""Speed of the weekly digest on a synthetic busy week: 2,000 topics and 10,000 posts.

Usage: python bench/digest.py [--rounds 5] [--no-write]
Builds the digest (bot.digest.build, pure: values in, a Digest out) and renders it as
Markdown and HTML from activity made in memory; then measures `preview` end to end on a
SQLite file: the records read back by collect, built and rendered. Each figure is the
median of the rounds. Results go to bench/RESULTS.md, section "Digest".
"""

import argparse
import datetime
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.quality import publish as publish_section  # noqa: E402
from bot.context import Context  # noqa: E402
from bot.digest import publish, records, render  # noqa: E402
from bot.digest.build import Options, build  # noqa: E402
from bot.digest.values import (  # noqa: E402
    CoopEvent,
    Incident,
    Member,
    PostActivity,
    TicketFigures,
    TopicActivity,
    WeekActivity,
)
from bot.digest.week import week  # noqa: E402
from bot.forum.memory import MemoryForum  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.store.db import make_engine, upgrade  # noqa: E402

SECTION = "## Digest"
SEED = 20261123
TOPICS, POSTS, AUTHORS, MEMBERS = 2_000, 10_000, 400, 50
WEEK = week("2026-W47", "Europe/Paris")
AS_OF = WEEK.end + timedelta(hours=8)
TARGET_MS = 1_000.0
CATEGORIES = ("Entraide", "Vie de la coopérative", "Annonces", "Groupe projets")


def synthetic_week(seed: int = SEED) -> WeekActivity:
    """A busy week: topics over the week, posts skewed towards a few long discussions."""
    rng = random.Random(seed)
    span = (WEEK.end - WEEK.start).total_seconds()
    topics, posts = [], []
    for n in range(TOPICS):
        created = WEEK.start + timedelta(seconds=rng.uniform(0, span))
        category = rng.choices(CATEGORIES, weights=(6, 2, 1, 1))[0]
        support = category == "Entraide"
        solved = support and rng.random() < 0.4
        topics.append(
            TopicActivity(
                topic_id=n + 1,
                title=f"Sujet {n + 1} : une question sur le webmail & le DNS",
                category=category,
                support=support,
                author=f"membre{rng.randrange(AUTHORS)}",
                created_at=created,
                solved=solved,
                accepted_author=f"membre{rng.randrange(AUTHORS)}" if solved else "",
            )
        )
    weights = [1 / (rank + 1) for rank in range(TOPICS)]  # a few topics take most replies
    per_topic = [1] * TOPICS
    for index in rng.choices(range(TOPICS), weights=weights, k=POSTS - TOPICS):
        per_topic[index] += 1
    for t, count in zip(topics, per_topic, strict=True):
        for number in range(1, count + 1):
            posts.append(
                PostActivity(
                    post_id=len(posts) + 1,
                    topic_id=t.topic_id,
                    post_number=number,
                    author=t.author if number == 1 else f"membre{rng.randrange(AUTHORS)}",
                    created_at=t.created_at + timedelta(minutes=5 * number),
                )
            )
    return WeekActivity(
        topics=tuple(topics),
        posts=tuple(posts),
        members=tuple(
            Member(username=f"nouveau{n}", joined_at=WEEK.start + timedelta(hours=3 * n))
            for n in range(MEMBERS)
        ),
        incidents=tuple(
            Incident(title=f"Panne {n}", started_at=WEEK.start + timedelta(days=n, hours=3))
            for n in range(5)
        ),
        events=tuple(
            CoopEvent(kind="event", title=f"Atelier {n}", starts_at=AS_OF + timedelta(days=n))
            for n in range(5)
        ),
        tickets=TicketFigures(opened=120, closed=110),
    )


def timed(function, rounds: int) -> tuple[list[float], object]:
    """Milliseconds of each round, and the last result."""
    spent, result = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        result = function()
        spent.append((time.perf_counter() - started) * 1000)
    return spent, result


def pure_rounds(activity: WeekActivity, rounds: int) -> dict[str, list[float]]:
    """Build, render Markdown, render HTML, and build plus Markdown, in memory."""
    options = Options(forum_url="https://forum.example.coop")
    built, digest = timed(lambda: build(WEEK, AS_OF, activity, options), rounds)
    markdown, _ = timed(lambda: render.markdown(digest, "fr"), rounds)
    html, _ = timed(lambda: render.html(digest, "fr"), rounds)
    both, _ = timed(lambda: render.markdown(build(WEEK, AS_OF, activity, options), "fr"), rounds)
    return {
        "build (pure)": built,
        "render Markdown": markdown,
        "render HTML": html,
        "build + Markdown": both,
    }


def preview_rounds(activity: WeekActivity, rounds: int) -> list[float]:
    """`preview` on SQLite: the records read back by collect, built and rendered."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'digest.db'}"
        upgrade(url)
        engine = make_engine(url)
        with engine.begin() as conn:
            for t in activity.topics:
                records.put_topic(conn, "default", t, source="bench")
            for p in activity.posts:
                records.put_post(conn, "default", p, None)
            for m in activity.members:
                records.put_member(conn, "default", m, None)
            records.put_week(conn, "default", WEEK.label, AS_OF, "", activity.tickets)
        context = Context(Settings(database_url=url), engine, MemoryForum())
        spent, _ = timed(lambda: render.markdown(publish.preview(context, WEEK), "fr"), rounds)
        engine.dispose()
    return spent


def report(figures: dict[str, list[float]], rounds: int, load: float) -> list[str]:
    """The Markdown section of the results."""
    today = datetime.date.today().isoformat()
    building = statistics.median(figures["build + Markdown"])
    verdict = "met" if building <= TARGET_MS else "missed"
    lines = [
        SECTION,
        "",
        f"`python bench/digest.py --rounds {rounds}` on {today} ({os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, 1-minute load average {load:.1f} "
        "at the start): a synthetic week of 2,000 public topics and 10,000 posts (400 authors, "
        "replies skewed towards a few long discussions, 40 % of support questions solved), "
        "50 new members, 5 incidents, 5 coming events. Medians of the rounds.",
        "",
        "| step | median ms | min ms | max ms |",
        "|---|---:|---:|---:|",
    ]
    for name, spent in figures.items():
        lines.append(
            f"| {name} | {statistics.median(spent):.1f} | {min(spent):.1f} | {max(spent):.1f} |"
        )
    lines += [
        "",
        f"- building the digest (build + Markdown): {building:.0f} ms "
        f"(target ≤ {TARGET_MS:,.0f} ms: {verdict})",
    ]
    return lines


def main(argv=None) -> int:
    """Measure, print, and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds per figure")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    activity = synthetic_week()
    figures = pure_rounds(activity, args.rounds)
    figures["preview from SQLite (collect + build + Markdown)"] = preview_rounds(
        activity, args.rounds
    )
    lines = report(figures, args.rounds, load)
    publish_section(lines, write=not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
