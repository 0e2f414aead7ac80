"""COOPBOT_INCIDENT_REVIEW_RESOLUTION: a resolution's follow-ups wait for a volunteer."""

from __future__ import annotations

import pytest

from bot.incidents import actions, decisions
from bot.settings import Settings
from tests.bot.incidents.volunteering import (
    DELAYS,
    MEMBER,
    add_people,
    command,
    the_incident,
    told,
    whispers,
)

FIXED = "Tout est rentré dans l'ordre."


@pytest.fixture
def held(scene, context, engine, forum):
    """An incident with a linked thread, resolved while the setting is on."""
    add_people(context, forum)
    context.settings = context.settings.with_(incident_review_resolution=True)
    scene.status(10, "investigating", DELAYS)
    topic = scene.topic(20, *MEMBER)
    scene.status(60, "resolved", FIXED)
    scene.run()
    return topic, the_incident(engine)["id"]


def test_the_setting_is_off_by_default_and_read_from_the_environment():
    assert Settings.from_env({}).incident_review_resolution is False
    env = {"COOPBOT_INCIDENT_REVIEW_RESOLUTION": "true"}
    assert Settings.from_env(env).incident_review_resolution is True


def test_the_resolution_waits_then_fans_out_once_with_the_edited_text(scene, context, held):
    topic, incident = held
    assert len(told(scene.forum, topic)) == 1  # the notice only
    edited = "La file d'attente est vidée ; écrivez à x@example.org si besoin."
    approved = decisions.approve_resolution(context, incident, by="vera", text=edited)
    assert approved.approved_by == "vera" and "x@example.org" not in approved.message
    with pytest.raises(decisions.NothingToApprove):
        decisions.approve_resolution(context, incident, by="lea")
    scene.run()
    notice, fixed = told(scene.forum, topic)
    assert "La file d'attente est vidée" in fixed and FIXED not in fixed
    assert "x@example.org" not in fixed


def test_a_whispered_publish_sends_the_text_as_written(scene, context, held):
    topic, incident = held
    post = command(context, topic, "publish")
    command(context, topic, "publish", post_id=post, key="replayed")
    _notice, fixed = told(scene.forum, topic)
    assert FIXED in fixed
    assert whispers(scene.forum, topic)[-1].startswith(f"La résolution de l'incident n° {incident}")


def test_a_reopened_incident_has_nothing_to_approve(scene, context, held):
    topic, incident = held
    decisions.reopen_incident(context, incident, by="vera")
    with pytest.raises(decisions.NothingToApprove):
        decisions.approve_resolution(context, incident, by="vera")
    scene.run()
    assert len(told(scene.forum, topic)) == 1


def test_unknown_incidents_are_refused(context):
    with pytest.raises(actions.IncidentNotFound):
        decisions.approve_resolution(context, 999, by="vera")
    with pytest.raises(actions.IncidentNotFound):
        decisions.reopen_incident(context, 999, by="vera")
