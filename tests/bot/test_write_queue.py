"""SQLite writers of several processes queue on a lock file instead of busy sleeps."""

from __future__ import annotations

import fcntl
import os
import threading

from bot.store.db import make_engine, write_lock


def test_a_writer_waits_for_the_lock_file_held_by_another_process(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'bot.store.db'}")
    # Another open file description stands for another process holding the queue.
    other = os.open(tmp_path / "bot.store.db-writers", os.O_RDWR | os.O_CREAT)
    fcntl.flock(other, fcntl.LOCK_EX)
    entered = threading.Event()

    def write() -> None:
        with write_lock(engine):
            entered.set()

    writer = threading.Thread(target=write)
    writer.start()
    assert not entered.wait(0.2)
    fcntl.flock(other, fcntl.LOCK_UN)
    assert entered.wait(5)
    writer.join()
    os.close(other)
    engine.dispose()


def test_an_in_memory_database_needs_no_lock_file(tmp_path):
    with write_lock(make_engine("sqlite://")):
        pass
    assert list(tmp_path.iterdir()) == []
