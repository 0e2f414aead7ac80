"""The SQLite database and its -wal and -shm files are readable by their owner only."""

from __future__ import annotations

import os
import stat

import pytest
from sqlalchemy import text

from bot.store import inbox
from bot.store.db import make_engine, upgrade
from tests.bot.test_inbox_worker import incoming


@pytest.fixture
def usual_umask():
    """The umask most systems give (files 0644 unless created otherwise)."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.usefixtures("usual_umask")
@pytest.mark.parametrize("create", ["upgrade", "engine"])
def test_a_new_database_and_its_wal_files_are_private(tmp_path, create):
    path = tmp_path / "coopbot.db"
    url = f"sqlite:///{path}"
    if create == "upgrade":  # `coopbot run` and `coopbot db upgrade` create it through Alembic
        upgrade(url)
    engine = make_engine(url)
    if create == "engine":
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (x INTEGER)"))
    else:
        inbox.record(engine, incoming(1, raw="écrit à a@example.org"), "default")
    with engine.connect() as conn:  # -wal and -shm live while a connection is open
        conn.execute(text("SELECT 1")).all()
        files = {p.name: mode(p) for p in tmp_path.iterdir() if p.name.startswith("coopbot.db")}
    engine.dispose()
    assert {"coopbot.db", "coopbot.db-wal", "coopbot.db-shm"} <= set(files)
    assert set(files.values()) == {0o600}, files


@pytest.mark.usefixtures("usual_umask")
def test_an_existing_database_keeps_its_mode(tmp_path):
    path = tmp_path / "coopbot.db"
    path.touch(mode=0o640)
    make_engine(f"sqlite:///{path}").dispose()
    assert mode(path) == 0o640
