"""The `coopbot` command: the composition root that starts everything, web app included."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from sqlalchemy.exc import SQLAlchemyError

from bot.cli import (
    audit,
    config,
    demo,
    digest,
    inbox,
    incidents,
    kb,
    run,
    suggest,
    suggestions,
    volunteer,
)
from bot.settings import Settings, SettingsError

COMMANDS = (
    run,
    config,
    inbox,
    kb,
    suggest,
    suggestions,
    audit,
    volunteer,
    demo,
    digest,
    incidents,
)
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a program the pipe stopped


def build_parser() -> argparse.ArgumentParser:
    """Every subcommand, each with its own --help."""
    parser = argparse.ArgumentParser(
        prog="coopbot",
        description="Support bot for cooperative hosters: webhooks in, suggestions, "
        "incidents and a weekly digest out. Settings come from COOPBOT_* variables.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.register(sub)
    return parser


def configure_logging(level: str) -> None:
    """One line a record, at the coop's level; libraries say only what needs a person."""
    logging.basicConfig(
        level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # Alembic narrates every plugin at INFO; its warnings still show.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # APScheduler's INFO lines ("Running job", "Adding job tentatively") say four times a
    # minute that nothing happened; the clock's listener (bot.scheduler) logs each failed
    # job once, which APScheduler's executors would repeat with a traceback.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("apscheduler.executors").setLevel(logging.CRITICAL)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, read settings, run the chosen command."""
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingsError as e:
        print(f"coopbot: invalid setting: {e}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    try:
        code = args.func(settings, args) or 0
        sys.stdout.flush()  # a reader that went away shows here, not in a traceback at exit
        return code
    except BrokenPipeError:
        # `coopbot inbox list | head`: the reader has what it wanted; stop quietly, as
        # programs killed by SIGPIPE do, and keep Python from flushing into the closed pipe
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except SQLAlchemyError as e:
        reason = str(getattr(e, "orig", None) or e).splitlines()[0]
        print(
            f"coopbot: database error: {reason} (is the schema up to date? "
            "run `coopbot db upgrade`)",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
