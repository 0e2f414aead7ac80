"""Who DiscourseConnect admits to the page: the rule whispered commands follow too."""

from __future__ import annotations

from bot.triage.connect import ConnectUser
from bot.triage.permissions import is_volunteer


def user(groups=(), admin=False, moderator=False) -> ConnectUser:
    return ConnectUser(
        username="vera", external_id="7", admin=admin, moderator=moderator, groups=groups
    )


def test_a_triage_group_admits_in_any_case_as_the_forum_side_does():
    assert is_volunteer(user(("Triage",)), ("triage",))
    assert not is_volunteer(user(("members",)), ("triage",))


def test_admins_and_moderators_always_may():
    assert is_volunteer(user(admin=True), ())
    assert is_volunteer(user(moderator=True), ())
