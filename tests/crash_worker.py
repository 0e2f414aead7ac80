"""A real worker process for the crash-safety test: answer every new post once, through the outbox.

Run from the repository root: `python -m tests.crash_worker [--until-idle]`, configured by the
usual COOPBOT_* variables. The handler stands in for a domain handler that posts.
"""

from __future__ import annotations

import logging
import sys

from bot import worker
from bot.context import Context
from bot.handlers import HANDLERS
from bot.settings import Settings
from bot.store import outbox


def reply_text(post_id: int) -> str:
    """The echo of one post (long enough for Discourse's minimum post length)."""
    return f"Bien reçu : réponse automatique au message {post_id}."


def echo(context, event) -> None:
    """Queue one reply per post; the dedupe key makes a second run a no-op."""
    outbox.enqueue(
        context.engine,
        context.settings.forum_id,
        dedupe_key=f"echo:{event.post_id}",
        purpose="reply",
        topic_id=event.topic_id,
        raw=reply_text(event.post_id),
    )


def main(argv: list[str]) -> int:
    """Drain the inbox and the outbox with the real worker loop and Discourse adapter."""
    HANDLERS["post_created"] = (echo,)  # this process's one handler
    settings = Settings.from_env()
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s",
    )
    context = Context.build(settings)
    try:
        worker.run(context, until_idle="--until-idle" in argv)
    finally:
        context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
