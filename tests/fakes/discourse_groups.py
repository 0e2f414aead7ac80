"""Groups in the fake Discourse: the automatic ones Discourse keeps by role and trust level, and
the ones a test seeds."""

from __future__ import annotations

from tests.fakes import discourse_json as shapes
from tests.fakes.discourse_records import User, not_found

# Discourse's Group::AUTO_GROUPS ids, and who belongs; seeded users are trust level 1
AUTOMATIC = {
    "admins": (1, lambda u: u.admin),
    "moderators": (2, lambda u: u.moderator),
    "staff": (3, lambda u: u.staff),
    "trust_level_0": (10, lambda _u: True),
    "trust_level_1": (11, lambda _u: True),
}
FIRST_SEEDED_ID = 41  # ids after the automatic groups'


class Groups:
    """Seeded groups by name, with their ids and members' usernames; the state's lock guards it."""

    def __init__(self) -> None:
        self.members: dict[str, set[str]] = {}
        self.ids: dict[str, int] = {}

    def add(self, name: str, usernames) -> None:
        self.ids.setdefault(name, FIRST_SEEDED_ID + len(self.ids))
        self.members.setdefault(name, set()).update(usernames)

    def exists(self, name: str) -> bool:
        return name in AUTOMATIC or name in self.members

    def holds(self, name: str, user: User) -> bool:
        """Whether a (real, not system) user belongs to a group."""
        if user.id < 0:
            return False
        if name in AUTOMATIC:
            return AUTOMATIC[name][1](user)
        return user.username in self.members.get(name, ())

    def members_of(self, name: str, users) -> list[User]:
        """A group's members, or Discourse's 404 for an unknown group."""
        if not self.exists(name):
            raise not_found()
        return [u for u in users if self.holds(name, u)]

    def of_user(self, user: User, users) -> list[dict]:
        """The groups a user belongs to, as UserSerializer lists them: by id."""
        ids = {name: number for name, (number, _) in AUTOMATIC.items()} | self.ids
        names = sorted((n for n in ids if self.holds(n, user)), key=ids.get)
        return [
            shapes.group(
                ids[n],
                n,
                automatic=n in AUTOMATIC,
                user_count=sum(self.holds(n, u) for u in users),
            )
            for n in names
        ]

    def can_whisper(self, user: User, allowed: list[str]) -> bool:
        """User#whisperer?: none when `whispers_allowed_groups` is empty, admins always, else
        the members of those groups."""
        if not allowed:
            return False
        return user.admin or any(self.holds(name, user) for name in allowed)
