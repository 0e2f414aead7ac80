"""Faults the tests inject into the fake Discourse: errors, rate limits, delays, lost answers."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from dataclasses import dataclass

MAX_DELAY = 5.0  # a delayed handler never outlives a test run by much


@dataclass
class Fault:
    """`kind` is "fail" (answer `status`, apply nothing), "delay" or "lose" (apply, no answer)."""

    kind: str
    remaining: int
    status: int = 500
    wait_seconds: float | None = None
    seconds: float = 0.0
    plain: bool = False
    drop: bool = True
    path: str | None = None
    method: str | None = None

    def matches(self, method: str, path: str) -> bool:
        return self.method in (None, method) and self.path in (None, path, _alias(path))


class Faults:
    """A queue of one-shot faults and an optional per-minute rate limit, thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        with self._lock:
            self._faults: list[Fault] = []
            self._per_minute: int | None = None
            self._seen: deque[float] = deque()
            self.write_latency = 0.0

    def pause_for(self, method: str, fault: Fault | None) -> float:
        """Seconds to hold this request: an injected delay plus the latency of a write."""
        delay = fault.seconds if fault is not None and fault.kind == "delay" else 0.0
        return delay + (self.write_latency if method != "GET" else 0.0)

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def take(self, method: str, path: str) -> Fault | None:
        """Consume one use of the first fault matching this request."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path):
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def rate_limit(self, per_minute: int | None) -> None:
        with self._lock:
            self._per_minute = per_minute
            self._seen.clear()

    def over_limit(self) -> float | None:
        """Count a request; return the seconds to wait when it exceeds the limit."""
        now = time.monotonic()
        with self._lock:
            if self._per_minute is None:
                return None
            while self._seen and now - self._seen[0] >= 60:
                self._seen.popleft()
            if len(self._seen) >= self._per_minute:
                return float(max(1, math.ceil(60 - (now - self._seen[0]))))
            self._seen.append(now)
            return None


def _alias(path: str) -> str:
    """Discourse routes /posts and /posts.json alike; so do faults."""
    return path[:-5] if path.endswith(".json") else f"{path}.json"
