"""Who may triage: the forum's word, through the real adapter and the fake Discourse, briefly
remembered; nobody while the forum cannot tell."""

from __future__ import annotations

import logging
import threading

import pytest

from bot.forum.client import ForumUnavailable, ForumUser
from bot.triage.permissions import UserCache, is_volunteer, may_triage


@pytest.fixture
def triage(context, discourse_forum, fake_discourse):
    """The context on the fake Discourse, with `benevoles` as its triage group."""
    context.forum = discourse_forum
    context.settings = context.settings.with_(triage_groups=("Benevoles",))
    fake_discourse.add_user("camille", groups=("benevoles",))
    fake_discourse.add_user("sacha", moderator=True)
    fake_discourse.add_user("admin1", admin=True)
    fake_discourse.add_user("alice", groups=("lecteurs",))
    return context


def lookups(fake, username: str) -> int:
    return len(fake.requests_to(f"/users/{username}.json", "GET"))


def test_admins_moderators_and_triage_groups_may_triage(triage):
    allowed = {name: may_triage(triage, name) for name in ("camille", "sacha", "admin1")}
    assert allowed == {"camille": True, "sacha": True, "admin1": True}
    assert not may_triage(triage, "alice")  # in a group, not a triage group
    assert not may_triage(triage, "personne")  # no such user
    assert not may_triage(triage, "")


def test_the_answer_is_remembered_per_username_in_any_case(triage, fake_discourse):
    assert may_triage(triage, "camille") and may_triage(triage, "Camille")
    assert not may_triage(triage, "personne") and not may_triage(triage, "personne")
    assert (lookups(fake_discourse, "camille"), lookups(fake_discourse, "personne")) == (1, 1)


@pytest.mark.parametrize(
    "fault", [{"status": 503}, {"status": 429, "wait_seconds": 30}, {"status": 403}]
)
def test_a_forum_that_cannot_tell_allows_nobody_now_and_is_asked_again(
    triage, fake_discourse, caplog, fault
):
    fake_discourse.fail_next(**fault, path="/users/camille.json")
    with caplog.at_level(logging.WARNING, logger="coopbot.triage"):
        assert not may_triage(triage, "camille")
    assert "cannot tell whether camille may triage" in caplog.text
    assert may_triage(triage, "camille")  # not remembered: asked again
    assert lookups(fake_discourse, "camille") == 2


def test_the_dry_run_forum_answers_from_its_seeded_users(context):
    context.settings = context.settings.with_(triage_groups=("benevoles",))
    context.forum.add_user("camille", groups=("benevoles",))
    context.forum.add_topic("Mon site ne répond plus", username="alice")
    assert may_triage(context, "camille")
    assert not may_triage(context, "alice") and not may_triage(context, "personne")


def test_concurrent_checks_agree_on_one_lookup(triage, fake_discourse):
    fake_discourse.delay_next(seconds=0.2, path="/users/camille.json")  # all arrive meanwhile
    results = []

    def check():
        results.append(may_triage(triage, "camille"))

    threads = [threading.Thread(target=check) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [True] * 16
    assert lookups(fake_discourse, "camille") == 1


def test_the_cache_forgets_after_its_time_and_never_remembers_a_failure():
    now = [0.0]
    cache = UserCache(seconds=300, clock=lambda: now[0])
    calls = []

    def fetch(name):
        calls.append(name)
        if len(calls) == 2:
            raise ForumUnavailable("down")
        return ForumUser(username=name)

    assert cache.get("camille", fetch).username == "camille"
    now[0] = 299.0
    cache.get("CAMILLE", fetch)
    now[0] = 300.0
    with pytest.raises(ForumUnavailable):
        cache.get("camille", fetch)
    assert cache.get("camille", fetch).username == "camille"
    assert calls == ["camille", "camille", "camille"]


def test_is_volunteer_reads_roles_and_group_names_in_any_case():
    assert is_volunteer(ForumUser(username="a", groups=("Bénévoles",)), ("bénévoles",))
    assert is_volunteer(ForumUser(username="a", moderator=True), ())
    assert not is_volunteer(ForumUser(username="a", groups=("trust_level_1",)), ("benevoles",))
    assert not is_volunteer(None, ("benevoles",))
