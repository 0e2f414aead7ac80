"""Server time of the triage queue page with 1,000 pending suggestions, and its weight.

Usage: python bench/triage.py [--pending 1000] [--requests 200] [--no-write]
The suggestions come the production way: questions recorded in the inbox of a temporary
SQLite database and handled by the worker against the demo's knowledge base. The page is
then asked for by a logged-in local volunteer through Flask's test client (server time,
no network). Results go to bench/RESULTS.md, section "Triage page".
"""

import argparse
import datetime
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.quality import write_section  # noqa: E402
from bot import worker  # noqa: E402
from bot.context import Context  # noqa: E402
from bot.demo import replay  # noqa: E402
from bot.forum.memory import MemoryForum  # noqa: E402
from bot.kb import entries  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.store import db  # noqa: E402
from bot.triage import accounts  # noqa: E402
from knowledge.documents import load_markdown_folder  # noqa: E402
from webhooks.app import create_app  # noqa: E402

SECTION = "## Triage page"
SECRET = "bench-secret-0123456789"
PASSWORD = "bench password 0123"
WARMUP = 20
TARGET_P95_MS = 50
WEIGHT_LIMIT = 100_000


def fill(context, client, pending: int) -> None:
    """Ask `pending` questions (the demo's, each in its own topic) and let the worker work."""
    with context.engine.begin() as conn:
        entries.upsert(conn, "default", load_markdown_folder(replay.KB))
    samples = replay.seed(context.forum)
    category = samples[0].category_id
    for n in range(1, pending + 1):
        base = samples[n % len(samples)]
        topic = context.forum.add_topic(f"{base.title} ({n})", base.raw, category_id=category)
        post = context.forum.topic_posts(topic)[0]
        q = replay.Question(
            topic, post.id, base.username, f"{base.title} ({n})", base.raw, category
        )
        body, headers = replay.signed(n, q, SECRET)
        assert client.post("/webhooks/discourse", data=body, headers=headers).status_code == 200
    worker.run(context, until_idle=True)


def log_in(client) -> None:
    """Log the bench's volunteer in."""
    page = client.get("/triage/login").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    form = {"username": "bench", "password": PASSWORD, "csrf_token": token}
    assert client.post("/triage/login", data=form).status_code == 303


def timings(client, requests: int) -> tuple[list[float], bytes]:
    """Milliseconds per queue page, after a warm-up; and the last page."""
    for _ in range(WARMUP):
        client.get("/triage/")
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get("/triage/")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return times, response.data


def weight(client, html: bytes) -> dict[str, int]:
    """Bytes of the page and of what it loads (its own CSS and script only)."""
    sizes = {"html": len(html)}
    for path in re.findall(r'(?:href|src)="(/triage/static/[^"]+)"', html.decode()):
        with client.get(path) as response:
            sizes[path.rsplit(".", 1)[-1]] = len(response.data)
    return sizes


def measure(pending: int, requests: int) -> dict:
    """Build the database, fill the queue, time the page."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        db.upgrade(url)
        settings = Settings(database_url=url, discourse_webhook_secret=(SECRET,))
        context = Context.build(settings, forum=MemoryForum())
        client = create_app(context=context).test_client()
        started = time.perf_counter()
        fill(context, client, pending)
        filled = time.perf_counter() - started
        accounts.add(context.engine, "default", "bench", PASSWORD)
        log_in(client)
        times, html = timings(client, requests)
        sizes = weight(client, html)
        context.close()
    times.sort()
    return {
        "pending": pending,
        "requests": requests,
        "p50": statistics.median(times),
        "p95": times[int(len(times) * 0.95) - 1],
        "max": times[-1],
        "sizes": sizes,
        "fill_seconds": filled,
    }


def section(r: dict) -> list[str]:
    """The Markdown section of the results."""
    total = sum(r["sizes"].values())
    parts = ", ".join(f"{k} {v:,} B" for k, v in r["sizes"].items())
    verdict = "within" if r["p95"] <= TARGET_P95_MS else "over"
    return [
        SECTION,
        "",
        f"`python bench/triage.py` on {datetime.date.today()}: {r['pending']:,} pending "
        f"suggestions (filled through the inbox and the worker in {r['fill_seconds']:.0f} s), "
        f"the queue page asked {r['requests']} times by a logged-in volunteer through Flask's "
        "test client (server time, SQLite, no network), after a warm-up of "
        f"{WARMUP}. The machine has 2 cores shared with other developers' work, so the "
        "figures move from one run to the next.",
        "",
        "| figure | value |",
        "|---|---|",
        f"| queue page p50 | {r['p50']:.1f} ms |",
        f"| queue page p95 | {r['p95']:.1f} ms ({verdict} the {TARGET_P95_MS} ms target) |",
        f"| queue page max | {r['max']:.1f} ms |",
        f"| page weight | {total:,} B ({parts}); limit {WEIGHT_LIMIT:,} B |",
        "",
        "The page renders the oldest 10 items with the count of all that wait, so its time "
        "depends little on the queue's length.",
    ]


def main(argv=None) -> int:
    """Measure, print, and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pending", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    lines = section(measure(args.pending, args.requests))
    print("\n".join(lines))
    if not args.no_write:
        write_section(lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
