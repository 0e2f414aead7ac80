"""`coopbot demo`: the bot on a temporary database, sample questions waiting in the queue."""

from __future__ import annotations

import logging
import secrets
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from bot.cli.run import serve_everything
from bot.context import Context
from bot.demo import replay
from bot.forum.memory import MemoryForum
from bot.kb import entries
from bot.store import db, inbox
from bot.store.status import InboxStatus
from bot.triage import accounts
from knowledge.documents import load_markdown_folder

log = logging.getLogger("coopbot.demo")
VOLUNTEER = "demo"
SETTLE_SECONDS = 60  # the first search builds the index; give the worker time


def register(sub) -> None:
    """Add the demo command to the parser."""
    demo = sub.add_parser("demo", help="try the bot: sample questions, a volunteer, the page")
    demo.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (0: any free)")
    demo.set_defaults(func=cmd_demo)


def cmd_demo(settings, args) -> int:
    """Start everything on a temporary SQLite file, replay the questions, print the login."""
    # A plain `kill` stops the demo as Ctrl-C does: the temporary folder goes with it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    folder = Path(tempfile.mkdtemp(prefix="coopbot-demo-"))
    secret = secrets.token_urlsafe(24)
    settings = demo_settings(settings, folder, secret)
    db.upgrade(settings.database_url)
    forum = MemoryForum()
    questions = replay.seed(forum)
    context = Context.build(settings, forum=forum)
    with context.engine.begin() as conn:
        entries.upsert(conn, settings.forum_id, load_markdown_folder(replay.KB))
    password = accounts.add(context.engine, settings.forum_id, VOLUNTEER)

    def ready(port: int) -> None:
        base = f"http://127.0.0.1:{port}"
        statuses = replay.deliver(base, secret, questions)
        log.info("replayed %d questions through /webhooks/discourse: %s", len(questions), statuses)
        _wait_for_worker(context)
        print(f"triage: {base}/triage/\nuser: {VOLUNTEER}\npassword: {password}", flush=True)
        print(f"(temporary data in {folder}; Ctrl-C stops and deletes it)", flush=True)

    try:
        serve_everything(context, "127.0.0.1", args.port, ready)
    finally:
        context.close()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


def demo_settings(settings, folder: Path, secret: str):
    """The user's settings made safe for a demo: dry-run forum, its own database and secret."""
    return settings.with_(
        database_url=f"sqlite:///{folder / 'demo.db'}",
        discourse_url="",
        discourse_api_key="",
        discourse_connect_secret="",
        discourse_webhook_secret=(secret,),
        support_categories=(),
        secret_key="",
        public_url="http://127.0.0.1",
    )


def _wait_for_worker(context) -> None:
    """Until the worker has handled every replayed question (or a minute has passed)."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while time.monotonic() < deadline:
        if not inbox.list_rows(context.engine, InboxStatus.PENDING, limit=1):
            return
        time.sleep(0.2)
    print("coopbot demo: the worker is still busy; the queue fills shortly", file=sys.stderr)
