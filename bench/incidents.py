"""Incidents: from a monitor's down event to the first notice in a linked thread, and linking
throughput with 200 open topics.

    python bench/incidents.py [--rounds 5] [--topics 200] [--no-write]

Latency: the receivers (Flask's test client), an idle worker thread with the default
one-second poll, the real Discourse adapter over HTTP to the tests' fake Discourse, SQLite,
and a confirmation delay of one second (COOPBOT_INCIDENT_CONFIRM_SECONDS; 300 by default,
which then adds to every figure). Each round: a member's topic about mail is received and
handled, then an Uptime Kuma down beat is delivered; the clock stops when the notice is in
the topic. Throughput: `reports.consider` (reading, scoring, storing, queuing the notice) for
each of 200 new topics while an incident is open, then the rescoring of those 200 topics
when a second incident opens. Results go to bench/RESULTS.md, section "Incidents: speed".
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.quality import publish  # noqa: E402
from bot import worker  # noqa: E402
from bot.clock import utcnow  # noqa: E402
from bot.context import Context, make_forum  # noqa: E402
from bot.forum.memory import MemoryForum  # noqa: E402
from bot.incidents import actions, records, reports  # noqa: E402
from bot.incidents.actions import Change  # noqa: E402
from bot.incidents.model import IncidentStatus, ReportKind  # noqa: E402
from bot.kb import entries, live_index  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.store import inbox, outbox  # noqa: E402
from bot.store.db import make_engine, upgrade  # noqa: E402
from bot.store.status import InboxStatus, OutboxStatus  # noqa: E402
from knowledge import load_markdown_folder  # noqa: E402
from tests import builders as b  # noqa: E402
from tests.fakes.discourse_server import FakeDiscourse  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"
CONFIRM_SECONDS = 1
MEMBER = ("Plus aucun courriel", "Bonjour, je ne reçois plus aucun courriel depuis ce matin.")


def database(tmp: Path) -> str:
    """A fresh SQLite database with the dev knowledge base when ../shared is there."""
    url = f"sqlite:///{tmp / 'bench.db'}"
    upgrade(url)
    if (SHARED / "kb").exists():
        engine = make_engine(url)
        with engine.begin() as conn:
            entries.upsert(conn, "default", load_markdown_folder(SHARED / "kb"))
        engine.dispose()
    return url


def latency(url: str, rounds: int) -> list[float]:
    """Seconds from the down beat's delivery to the notice in the member's thread."""
    from webhooks.app import create_app

    fake = FakeDiscourse().start()
    try:
        category = fake.add_category("Entraide", slug="entraide")
        settings = Settings(
            database_url=url,
            secret_key="bench",
            discourse_url=fake.url,
            discourse_api_key=fake.api_key,
            discourse_api_username=fake.api_username,
            incident_confirm_seconds=CONFIRM_SECONDS,
            discourse_webhook_secret=(b.DISCOURSE_SECRET,),
            status_webhook_token=(b.STATUS_TOKEN,),
        )
        context = Context(settings, make_engine(url), make_forum(settings))
        live_index.current(context.engine, "default")  # the worker's index, built once
        client = create_app(context=context).test_client()
        stop = threading.Event()
        thread = threading.Thread(target=worker.run, args=(context, stop), daemon=True)
        thread.start()
        try:
            return [_round(context, client, fake, category, n) for n in range(rounds)]
        finally:
            stop.set()
            thread.join()
    finally:
        fake.stop()


def _round(context, client, fake, category: int, n: int) -> float:
    """One member topic, one down beat, the time to the notice."""
    topic = fake.add_topic(*MEMBER, category_id=category, username="membre")
    post = fake.posts_by_topic(topic)[0].id
    assert b.discourse(fake.post_webhook(post)).send(client).status_code == 200
    _wait_idle(context.engine)  # the worker reads the topic: no incident yet
    beat = b.kuma_payload(status=0)
    beat["monitor"] |= {"id": 100 + n, "name": "Mail server (IMAP)"}
    beat["heartbeat"]["time"] = utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
    started = time.monotonic()
    assert b.uptime_kuma(beat).send(client).status_code == 200
    while len(fake.posts_by_topic(topic)) < 2:
        time.sleep(0.01)
    elapsed = time.monotonic() - started
    with context.engine.connect() as conn:
        [incident] = records.listed(conn, "default")
    actions.resolve_incident(context, incident.id, "Réglé.")
    _wait_idle(context.engine)  # the follow-up goes out before the next round
    return elapsed


def _wait_idle(engine) -> None:
    """Until nothing waits in the inbox or the outbox, and the worker has had its pass."""
    time.sleep(0.1)
    while inbox.list_rows(engine, InboxStatus.PENDING, 1) or _posts_waiting(engine):
        time.sleep(0.05)


def _posts_waiting(engine) -> bool:
    with engine.connect() as conn:
        query = outbox.T.select().where(outbox.T.c.status == OutboxStatus.PENDING).limit(1)
        return conn.execute(query).first() is not None


def texts() -> list[tuple[str, str]]:
    """Members' questions and reports of the dev files (or a few of our own without them)."""
    found = []
    for name in ("questions_dev.jsonl", "incidents/threads_dev.jsonl"):
        path = SHARED / name
        if path.exists():
            rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
            found += [(r["title"], r["body"]) for r in rows]
    return found or [MEMBER, ("Site en erreur 503", "Notre site affiche une erreur 503.")]


def throughput(url: str, topics: int) -> dict:
    """Per-topic linking time with an incident open, then the rescoring of every topic."""
    settings = Settings(database_url=url, secret_key="bench")
    context = Context(settings, make_engine(url), MemoryForum())
    live_index.current(context.engine, "default")
    actions.open_incident(
        context,
        title="Retards de réception des courriels",
        services=("mail",),
        change=Change(IncidentStatus.INVESTIGATING, "Les courriels entrants arrivent en retard."),
    )
    pool, now, times = texts(), utcnow(), []
    for n in range(topics):
        title, body = pool[n % len(pool)]
        report = reports.NewReport(
            kind=ReportKind.TOPIC,
            system="discourse",
            report_id=10_000 + n,
            created_at=now,
            title=title,
            body=f"{body} ({n})",
        )
        started = time.perf_counter()
        reports.consider(context, report)
        times.append(time.perf_counter() - started)
    started = time.perf_counter()
    actions.open_incident(
        context,
        title="Sites en erreur 503",
        services=("web",),
        change=Change(IncidentStatus.INVESTIGATING, "Une partie des sites renvoie une erreur 503."),
    )
    rescore = time.perf_counter() - started
    times.sort()
    return {
        "p50_ms": 1000 * statistics.median(times),
        "p95_ms": 1000 * times[int(0.95 * (len(times) - 1))],
        "per_second": len(times) / sum(times),
        "rescore_s": rescore,
    }


def section(args, waits: list[float], speed: dict, seconds: float) -> list[str]:
    """The Markdown section of the results."""
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()[0]
    own = [w - CONFIRM_SECONDS for w in waits]
    return [
        "## Incidents: speed",
        "",
        f"`python bench/incidents.py --rounds {args.rounds} --topics {args.topics}` on {when}, "
        f"{seconds:.0f} s, 2 CPUs, SQLite, 1-minute load average {load:.2f} at the end; "
        "the dev knowledge base (60 articles) imported.",
        "",
        "| measure | figure |",
        "|---|---|",
        f"| monitor down → notice in a linked thread, confirmation delay {CONFIRM_SECONDS} s "
        f"(median, max of {len(waits)}) | {statistics.median(waits):.2f} s, {max(waits):.2f} s |",
        f"| the same without the confirmation delay | {statistics.median(own):.2f} s, "
        f"{max(own):.2f} s |",
        f"| linking a new topic, {args.topics} topics, one incident open (p50 / p95) | "
        f"{speed['p50_ms']:.1f} / {speed['p95_ms']:.1f} ms |",
        f"| linking throughput | {speed['per_second']:.0f} topics/s |",
        f"| opening an incident with {args.topics} recent topics to score again | "
        f"{speed['rescore_s']:.2f} s |",
        "",
        "Beyond the confirmation delay, the time is mostly the idle worker's poll (every "
        "second, COOPBOT_WORKER_POLL_SECONDS): the check comes due while it sleeps; the "
        "incident opens, the thread is linked and the notice posted in the same pass. With "
        "the default confirmation delay (300 s), add those 300 s.",
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--topics", type=int, default=200)
    parser.add_argument("--no-write", action="store_true", help="leave bench/RESULTS.md alone")
    args = parser.parse_args(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        waits = latency(database(Path(tmp)), args.rounds)
    with tempfile.TemporaryDirectory() as tmp:
        speed = throughput(database(Path(tmp)), args.topics)
    lines = section(args, waits, speed, time.monotonic() - started)
    publish(lines, write=not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
