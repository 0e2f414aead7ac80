"""A worker starting takes back what dead workers of its host held, and nothing else."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from bot.store import claims, inbox
from tests.bot.test_inbox_worker import incoming


def dead_pid() -> int:
    """The id of a process that has exited."""
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(child.stdout)


def test_only_the_leases_of_dead_processes_of_this_host_are_released(engine):
    host, dead, me = socket.gethostname(), dead_pid(), claims.identity()
    holders = [f"{host}:{dead}", me, f"another-host:{dead}", f"{host}:{dead}"]
    for n, who in enumerate(holders):
        inbox.record(engine, incoming(n), "default")
        assert len(inbox.claim(engine, limit=1, who=who)) == 1
    [backing_off] = [r.id for r in inbox.list_rows(engine) if r.semantic_key == "k3"]
    inbox.mark_failed(engine, backing_off, "handler broke", attempts=1, max_attempts=8)
    assert inbox.load(engine, backing_off).claimed_by is None  # its backoff, not a lease

    assert claims.release_dead(engine, me) == 1
    [released] = inbox.claim(engine, who=me)
    assert inbox.load(engine, released).semantic_key == "k0"


def test_a_claimant_is_dead_only_on_this_host_and_without_its_process():
    alive = {7}.__contains__
    found = ["h:7", "h:8", "other:8", "h:not-a-pid", "h.example:8"]
    assert claims.dead_claimants(found, "h", alive) == ["h:8"]
    assert claims.pid_alive(os.getpid()) and not claims.pid_alive(dead_pid())
