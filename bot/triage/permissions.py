"""Who may triage: admins and moderators always, otherwise members of COOPBOT_TRIAGE_GROUPS, as
the forum says; what it says is remembered a few minutes per username."""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable

from bot.forum.client import ForumError, ForumRejected, ForumUser
from bot.triage.connect import ConnectUser

log = logging.getLogger("coopbot.triage")
CACHE_SECONDS = 300.0  # a volunteer removed from a group loses the right within five minutes
MAX_ENTRIES = 1000  # usernames remembered before the expired ones are dropped

_caches: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # one per forum client
_caches_lock = threading.Lock()


def may_triage(context, username: str) -> bool:
    """Whether `username` may decide on suggestions; False while the forum cannot tell."""
    return verdict(context, username) is True


def verdict(context, username: str) -> bool | None:
    """Whether `username` may triage as the forum says now, or None while it cannot tell."""
    if not username:
        return False
    forum = context.forum
    try:
        user = _cache_for(forum).get(username, lambda name: _known_user(forum, name))
    except ForumError as e:  # unavailable, rate limited, the bot refused: ask again next time
        log.warning("cannot tell whether %s may triage: %s", username, e)
        return None
    return is_volunteer(user, context.settings.triage_groups)


def is_volunteer(user: ForumUser | ConnectUser | None, triage_groups: tuple[str, ...]) -> bool:
    """Whether a forum user may triage: admins and moderators always, else a triage group's
    member (group names in any case); the one rule for whispered commands and page logins."""
    if user is None:
        return False
    if user.admin or user.moderator:
        return True
    wanted = {name.casefold() for name in triage_groups}
    return any(name.casefold() in wanted for name in user.groups)


def _known_user(forum, username: str) -> ForumUser | None:
    """The forum's user, or None when there is no such user (a 404 is worth remembering)."""
    try:
        return forum.user(username)
    except ForumRejected as e:
        if e.status != 404:
            raise
        return None


def _cache_for(forum) -> UserCache:
    with _caches_lock:
        cache = _caches.get(forum)
        if cache is None:
            cache = _caches[forum] = UserCache()
        return cache


class UserCache:
    """Forum users remembered for `seconds` by username in any case; thread-safe, and one fetch
    at a time per username (the others wait for its answer)."""

    def __init__(
        self, seconds: float = CACHE_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.seconds, self._clock = seconds, clock
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, ForumUser | None]] = {}
        self._fetching: dict[str, threading.Lock] = {}

    def get(self, username: str, fetch: Callable[[str], ForumUser | None]) -> ForumUser | None:
        """The remembered user, else what `fetch` gives (remembered unless it raises)."""
        key = username.casefold()
        with self._lock:
            entry = self._fresh(key)
            if len(self._fetching) >= 2 * MAX_ENTRIES:  # names whose lookups failed pile up
                self._fetching = {k: v for k, v in self._fetching.items() if k in self._entries}
            fetching = self._fetching.setdefault(key, threading.Lock())
        if entry is not None:
            return entry[1]
        # a slow forum holds only the lookups of this username, not the others
        with fetching:
            with self._lock:
                entry = self._fresh(key)
            if entry is not None:
                return entry[1]
            user = fetch(username)
            with self._lock:
                self._remember(key, user)
        return user

    def _fresh(self, key: str) -> tuple[float, ForumUser | None] | None:
        entry = self._entries.get(key)
        return entry if entry is not None and self._clock() - entry[0] < self.seconds else None

    def _remember(self, key: str, user: ForumUser | None) -> None:
        now = self._clock()
        if len(self._entries) >= MAX_ENTRIES:
            fresh = {k: e for k, e in self._entries.items() if now - e[0] < self.seconds}
            # a flood of distinct names within the delay: forget them all rather than grow
            self._entries = fresh if len(fresh) < MAX_ENTRIES else {}
        self._entries[key] = (now, user)
