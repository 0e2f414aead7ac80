"""Who DiscourseConnect admits to the page."""

from __future__ import annotations

from bot.triage.connect import ConnectUser, allowed


def user(groups=(), admin=False, moderator=False) -> ConnectUser:
    return ConnectUser(
        username="vera", external_id="7", admin=admin, moderator=moderator, groups=groups
    )


def test_a_triage_group_admits_in_any_case_as_the_forum_side_does():
    assert allowed(user(("Triage",)), ("triage",))
    assert not allowed(user(("members",)), ("triage",))


def test_admins_and_moderators_always_may():
    assert allowed(user(admin=True), ())
    assert allowed(user(moderator=True), ())
