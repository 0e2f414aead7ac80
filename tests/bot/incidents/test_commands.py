"""Whispered `@coopbot incident ...` commands: one use case each, volunteers only, once."""

from __future__ import annotations

import pytest

from tests.bot.incidents.volunteering import (
    DELAYS,
    MEMBER,
    add_people,
    command,
    states,
    the_incident,
    told,
    whispers,
)


@pytest.fixture(autouse=True)
def people(context, forum):
    add_people(context, forum)


def test_accept_links_the_proposal_and_the_member_is_told_once(scene, context, engine, proposed):
    post = command(context, proposed, "accept")
    command(context, proposed, "accept", post_id=post, key="replayed")  # delivered again
    assert states(engine) == {proposed: "accepted"}
    [notice] = told(scene.forum, proposed)
    assert "Retards de réception" in notice
    proposal, answer = whispers(scene.forum, proposed)
    incident = the_incident(engine)["id"]
    assert answer == f"Lié à l'incident n° {incident} par vera : le membre est prévenu une fois."
    assert the_incident(engine)["links"][0]["decided_by"] == "vera"


def test_a_member_s_command_changes_nothing_and_is_not_answered(scene, context, engine, proposed):
    command(context, proposed, "accept", username="paul")
    command(context, proposed, "accept", username="nobody")
    assert states(engine) == {proposed: "proposed"}
    assert len(whispers(scene.forum, proposed)) == 1 and told(scene.forum, proposed) == []


def test_admins_may_unlink(scene, context, engine, proposed):
    command(context, proposed, "unlink", username="ada")
    assert states(engine) == {proposed: "unlinked"}
    assert whispers(scene.forum, proposed)[-1].startswith("Délié de l'incident n°")
    scene.status(90, "resolved", "Tout est rentré dans l'ordre.")
    scene.run()
    assert told(scene.forum, proposed) == []


def test_link_names_the_incident(scene, context, engine):
    scene.status(10, "investigating", DELAYS)
    other = scene.topic(20, "Atelier WordPress", "Je propose un atelier WordPress en décembre.")
    scene.run()
    incident = the_incident(engine)["id"]
    command(context, other, "link", str(incident))
    assert states(engine) == {other: "accepted"} and len(told(scene.forum, other)) == 1


def test_unknown_incident_unknown_topic_and_no_candidate_are_answered(scene, context, engine):
    scene.status(10, "investigating", DELAYS)
    topic = scene.topic(20, "Atelier WordPress", "Je propose un atelier WordPress en décembre.")
    scene.run()
    # topics the bot never read (their webhook never came)
    unseen = [scene.forum.add_topic(f"Sujet {n}", "Bonjour", username="membre") for n in (1, 2)]
    command(context, topic, "link", "999")
    command(context, unseen[0], "link", str(the_incident(engine)["id"]))
    command(context, topic, "accept")
    command(context, unseen[1], "unlink")
    said = whispers(scene.forum, topic)
    assert said == [
        "Il n'y a pas d'incident n° 999.",
        "Aucun incident ne convient à cette commande ici : nommez-le, par exemple "
        "`@coopbot incident accepter 12`.",
    ]
    assert whispers(scene.forum, unseen[0]) == [
        "Le bot n'a pas lu ce sujet : seuls les sujets qu'il a lus peuvent être liés."
    ]
    assert whispers(scene.forum, unseen[1])[0].startswith("Le bot n'a pas lu ce sujet")


def test_unknown_words_get_the_help_in_english_by_setting(scene, context, proposed):
    context.settings = context.settings.with_(language="en")
    command(context, proposed, "help")
    assert whispers(scene.forum, proposed)[-1].startswith("Incident commands, whispered")


def test_reopen_from_the_thread_after_still_failing(scene, context, engine):
    scene.status(10, "investigating", DELAYS)
    member = scene.topic(20, *MEMBER)
    scene.status(60, "resolved", "Tout est rentré dans l'ordre.")
    scene.reply(70, member, "Chez moi ça ne marche toujours pas.")
    scene.run()
    incident = the_incident(engine)["id"]
    post = command(context, member, "reopen")
    command(context, member, "reopen", post_id=post, key="replayed")
    found = the_incident(engine)
    assert (found["status"], found["resolved_at"]) == ("investigating", None)
    assert len(found["timeline"]) == 3
    assert whispers(scene.forum, member)[-1] == f"Incident n° {incident} rouvert par vera."
    command(context, member, "reopen", str(incident))
    assert (
        whispers(scene.forum, member)[-1]
        == f"L'incident n° {incident} est ouvert : rien à rouvrir."
    )
    assert len(the_incident(engine)["timeline"]) == 3


def test_publish_without_a_held_resolution_says_so(scene, context, engine):
    scene.status(10, "investigating", DELAYS)
    member = scene.topic(20, *MEMBER)
    scene.run()
    command(context, member, "publish")
    incident = the_incident(engine)["id"]
    expected = f"L'incident n° {incident} n'a pas de résolution en attente de relecture."
    assert whispers(scene.forum, member)[-1] == expected
