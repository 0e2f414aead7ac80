"""From status pages and members' topics to notices: once each, whatever is replayed."""

from __future__ import annotations

from bot import worker
from bot.incidents import queries
from bot.store import inbox, outbox
from tests import builders as b

DELAYS = "Nous constatons des retards de réception : les courriels entrants arrivent en retard."
MEMBER = ("Plus rien ne m'arrive", "Bonjour, je ne reçois plus aucun courriel depuis ce matin.")
UNRELATED = ("Changer la version de PHP", "Bonjour, où change-t-on la version de PHP du site ?")


def incident(engine) -> dict:
    [row] = queries.overview(engine, "default", everything=True)
    return queries.detail(engine, "default", row["id"])


def test_a_matching_thread_is_told_once_and_followed_up_once_per_update(scene, engine):
    scene.status(10, "investigating", DELAYS)
    member = scene.topic(20, *MEMBER)
    other = scene.topic(25, *UNRELATED)
    scene.run()
    [notice] = scene.said(member)
    assert "Retards de réception" in notice and "messagerie" in notice
    assert scene.said(other) == []
    scene.status(40, "identified", "Un serveur de réception est saturé ; nous le soulageons.")
    scene.status(40, "identified", "Un serveur de réception est saturé ; nous le soulageons.")
    scene.status(90, "resolved", "Tout est rentré dans l'ordre.")
    scene.run()
    said = scene.said(member)
    assert len(said) == 3 and "saturé" in said[1]
    assert "résolu" in said[2] and "toujours pas" in said[2]
    found = incident(engine)
    assert (found["status"], found["reports"]) == ("resolved", 1)
    [link] = found["links"]
    ids = [step["id"] for step in found["timeline"]]
    assert link["notices"] == ["notice", f"update:{ids[1]}", f"resolved:{ids[2]}"]


def test_a_replayed_topic_is_not_told_twice(scene, engine, client):
    scene.status(10, "investigating", DELAYS)
    member = scene.topic(20, *MEMBER)
    scene.run()
    first = scene.forum.topic_posts(member)[0]
    replay = b.post_payload(
        post_id=first.id,
        topic_id=member,
        raw=first.raw,
        topic_title=MEMBER[0],
        category_id=scene.category,
        version=2,
    )
    assert b.discourse(replay).send(client).status_code == 200  # another semantic key
    scene.run()
    assert len(scene.said(member)) == 1
    assert len(outbox.claim(engine)) == 0


def test_an_unlinked_thread_hears_nothing_more(scene, context, engine):
    from bot.incidents.decisions import unlink_report
    from bot.incidents.model import ReportKind

    scene.status(10, "investigating", DELAYS)
    member = scene.topic(20, *MEMBER)
    scene.run()
    unlink_report(context, incident(engine)["id"], ReportKind.TOPIC, "discourse", member)
    scene.status(90, "resolved", "Tout est rentré dans l'ordre.")
    scene.run()
    assert len(scene.said(member)) == 1
    assert incident(engine)["links"][0]["state"] == "unlinked"


def test_first_reporters_are_linked_when_the_incident_opens(scene, engine):
    member = scene.topic(-10, *MEMBER)  # ten minutes before the incident started
    scene.run()
    assert scene.said(member) == []
    scene.status(15, "investigating", DELAYS)
    scene.run()
    assert len(scene.said(member)) == 1
    assert incident(engine)["links"][0]["scores"]["grace"] < 0


def test_still_failing_after_the_fix_is_recorded_for_volunteers(scene, engine):
    scene.status(10, "investigating", DELAYS)
    member = scene.topic(20, *MEMBER)
    scene.reply(30, member, "Merci, j'attends. Ça ne marche toujours pas pour l'instant.")
    scene.status(60, "resolved", "Tout est rentré dans l'ordre.")
    scene.run()
    assert incident(engine)["still_failing"] == 0  # said before the fix: not a recurrence
    scene.reply(70, member, "Chez moi ça ne marche toujours pas, même erreur.")
    scene.run()
    found = incident(engine)
    assert found["still_failing"] == 1 and found["links"][0]["still_failing_post"]


def test_no_e_mail_address_a_volunteer_types_is_kept_or_posted(scene, context, engine):
    from bot.incidents.actions import Change, open_incident
    from bot.incidents.model import IncidentStatus

    member = scene.topic(-5, *MEMBER)
    change = Change(IncidentStatus.INVESTIGATING, "Écrivez à support@example.coop. " + DELAYS)
    open_incident(
        context,
        title="Courriels : voir admin@example.coop",
        services=("mail",),
        change=change,
        started_at=scene.now,
    )
    scene.run()
    assert "@" not in str(incident(engine)) and "@" not in scene.said(member)[0]


def test_a_notice_not_sent_yet_is_cancelled_by_an_unlink(scene, context, engine):
    from bot.incidents.decisions import unlink_report
    from bot.incidents.model import ReportKind

    scene.status(10, "investigating", DELAYS)
    member = scene.topic(20, *MEMBER)
    for row_id in inbox.claim(engine, 10):
        worker.process_inbox_row(context, row_id)  # handled, not yet posted
    unlink_report(context, incident(engine)["id"], ReportKind.TOPIC, "discourse", member)
    scene.run()
    assert scene.said(member) == []


def test_a_reopened_incident_tells_its_threads_again_when_fixed_again(scene, engine):
    scene.status(10, "investigating", DELAYS)
    member = scene.topic(20, *MEMBER)
    scene.status(60, "resolved", "Tout est rentré dans l'ordre.")
    scene.status(70, "investigating", "Les retards sont revenus, nous regardons.")
    scene.status(120, "resolved", "Cette fois, c'est réglé.")
    scene.run()
    said = scene.said(member)
    assert len(said) == 4 and "revenus" in said[2] and "Cette fois" in said[3]
    assert incident(engine)["status"] == "resolved"
