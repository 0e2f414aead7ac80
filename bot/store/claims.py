"""Who holds a queued row, and the rows a worker that died on this host left leased."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Iterable

from sqlalchemy import Engine

from bot.store import inbox, outbox

log = logging.getLogger("coopbot.worker")


def identity() -> str:
    """This process as a claimant: host:pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


def pid_alive(pid: int) -> bool:
    """True while a process with this id exists on this host."""
    try:
        os.kill(pid, 0)  # signal 0 only checks
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def dead_claimants(
    claimants: Iterable[str], host: str, alive: Callable[[int], bool] = pid_alive
) -> list[str]:
    """The claimants of this host whose process no longer exists."""
    dead = []
    for claimant in claimants:
        claimant_host, _, pid = claimant.rpartition(":")
        if claimant_host == host and pid.isdigit() and not alive(int(pid)):
            dead.append(claimant)
    return sorted(dead)


def release_dead(engine: Engine, who: str, alive: Callable[[int], bool] = pid_alive) -> int:
    """Give back at once the rows leased by dead processes of this worker's host; how many.

    Without it they would wait for their lease to end (two minutes). Only this host's
    processes can be known dead: a claim from another machine is left to its lease."""
    host = who.rpartition(":")[0]
    released = 0
    for queue in (inbox.QUEUE, outbox.QUEUE):
        dead = dead_claimants(queue.claimants(engine, host), host, alive)
        if dead:
            released += queue.release(engine, dead)
    if released:
        log.info("released %d row(s) held by dead worker(s) of this host", released)
    return released
