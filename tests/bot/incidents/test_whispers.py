"""Whispers to volunteers: a proposed link, and a member for whom it still fails; once each."""

from __future__ import annotations

import pytest

from bot.store import state
from tests.bot.incidents.volunteering import DELAYS, MEMBER, states, the_incident, told, whispers


@pytest.fixture
def proposing(context):
    """Thresholds under which every report that matches at all is proposed, none linked."""
    context.settings = context.settings.with_(
        incident_auto_threshold=0.99, incident_propose_threshold=0.05
    )


@pytest.mark.usefixtures("proposing")
def test_a_proposed_link_is_whispered_once_in_french(scene, engine):
    scene.status(10, "investigating", DELAYS)
    member = scene.topic(20, *MEMBER)
    scene.run()
    scene.status(30, "identified", "Un serveur de réception est saturé.")  # scores again
    scene.run()
    [whisper] = whispers(scene.forum, member)
    incident = the_incident(engine)
    assert f"Incident n° {incident['id']} ?" in whisper and "Retards de réception" in whisper
    assert "`@coopbot incident accepter`" in whisper and "`@coopbot incident délier`" in whisper
    assert states(engine) == {member: "proposed"}
    assert told(scene.forum, member) == []  # nothing public


@pytest.mark.usefixtures("proposing")
def test_the_whisper_speaks_english_by_setting(scene, context):
    context.settings = context.settings.with_(language="en")
    scene.status(10, "investigating", DELAYS)
    member = scene.topic(20, *MEMBER)
    scene.run()
    [whisper] = whispers(scene.forum, member)
    assert "may be about the incident" in whisper and "`@coopbot incident accept`" in whisper


@pytest.mark.usefixtures("proposing")
def test_no_whisper_while_the_forum_refuses_them(scene, engine):
    with engine.begin() as conn:
        state.put(conn, "default", state.WHISPERS_REFUSED, "403 whispers off")
    scene.status(10, "investigating", DELAYS)
    member = scene.topic(20, *MEMBER)
    scene.run()
    assert whispers(scene.forum, member) == [] and states(engine) == {member: "proposed"}


def test_still_failing_after_the_fix_is_whispered_once(scene, engine):
    scene.status(10, "investigating", DELAYS)
    member = scene.topic(20, *MEMBER)
    scene.status(60, "resolved", "Tout est rentré dans l'ordre.")
    scene.run()
    assert whispers(scene.forum, member) == []
    scene.reply(70, member, "Chez moi ça ne marche toujours pas.")
    scene.reply(75, member, "Toujours en panne, même problème.")
    scene.run()
    [whisper] = whispers(scene.forum, member)
    incident = the_incident(engine)
    assert "Toujours en panne ?" in whisper and f"incident rouvrir {incident['id']}`" in whisper
    assert incident["still_failing"] == 1


def test_an_unrelated_reply_is_not_whispered(scene):
    scene.status(10, "investigating", DELAYS)
    member = scene.topic(20, *MEMBER)
    scene.status(60, "resolved", "Tout est rentré dans l'ordre.")
    scene.reply(70, member, "Merci beaucoup, tout est revenu !")
    scene.run()
    assert whispers(scene.forum, member) == []
