"""Context: settings, database engine and forum client, built once per process."""

from __future__ import annotations

import logging
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from bot.settings import Settings
from bot.store.db import make_engine

log = logging.getLogger("coopbot")


@dataclass
class Context:
    """What the web app, the worker and the clock share."""

    settings: Settings
    engine: Engine
    forum: object

    @classmethod
    def build(cls, settings: Settings, forum=None) -> Context:
        """Create the engine and the forum client the settings ask for."""
        settings = with_secret_key(settings)
        return cls(settings, make_engine(settings.database_url), forum or make_forum(settings))

    def close(self) -> None:
        """Release database connections."""
        self.engine.dispose()


def make_forum(settings: Settings):
    """The real Discourse adapter when configured, else the dry-run memory forum."""
    if settings.dry_run:
        from bot.forum.memory import MemoryForum

        return MemoryForum(learns=True)
    from bot.forum.discourse import DiscourseForum

    return DiscourseForum(
        settings.discourse_url,
        settings.discourse_api_username,
        settings.discourse_api_key,
        timeout=settings.discourse_timeout,
    )


def sqlite_file(database_url: str) -> Path | None:
    """The SQLite file a URL names, made absolute; None for other databases and memory."""
    url = make_url(database_url)
    if url.drivername.startswith("sqlite") and url.database and url.database != ":memory:":
        return Path(os.path.abspath(url.database))  # relative to where the command started
    return None


def describe_database(settings: Settings) -> str:
    """Where the data lives, for people: the SQLite file's absolute path, else the masked URL."""
    path = sqlite_file(settings.database_url)
    return f"SQLite file {path}" if path else settings.masked()["COOPBOT_DATABASE_URL"]


def secret_key_path(database_url: str) -> Path:
    """Where the generated secret key lives: beside the SQLite file, else the cwd."""
    db = sqlite_file(database_url)
    return db.with_name(db.name + ".secret") if db else Path(".coopbot-secret")


def with_secret_key(settings: Settings) -> Settings:
    """Generate the secret key once and keep it, when none is set."""
    if settings.secret_key:
        return settings
    path = secret_key_path(settings.database_url)
    _create_secret_once(path)
    for _ in range(50):  # another process may be writing it at this very moment
        key = path.read_text().strip()
        if key:
            return settings.with_(secret_key=key)
        time.sleep(0.01)
    raise RuntimeError(f"{path} is empty: delete it or set COOPBOT_SECRET_KEY")


def _create_secret_once(path: Path) -> None:
    """Create the key file atomically, so that gunicorn's workers agree on one key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w") as file:
        file.write(secrets.token_urlsafe(48))
    log.info("generated a secret key in %s", path)
