"""Monitors, maintenances, Cachet and tickets tagged `incident` as sources of incidents."""

from __future__ import annotations

from pathlib import Path

from bot.forum.client import PostType
from bot.incidents import queries
from bot.kb import entries
from bot.store import audit
from bot.suggestions import queries as suggestions
from knowledge.documents import load_markdown_folder
from tests import builders as b
from tests.bot.incidents.conftest import forget_categories

KB = Path(__file__).parents[1] / "kb"


def incidents(engine) -> list[dict]:
    return [
        queries.detail(engine, "default", row["id"])
        for row in queries.overview(engine, "default", everything=True)
    ]


def test_a_flapping_monitor_announces_nothing(scene, engine):
    scene.kuma(0, 0)
    scene.kuma(1, 1)
    scene.kuma(2, 0)
    scene.kuma(3, 1)
    scene.run()
    assert incidents(engine) == []


def test_a_lasting_outage_opens_an_incident_and_a_lasting_recovery_resolves_it(scene, engine):
    scene.kuma(0, 0)
    scene.run()
    [opened] = incidents(engine)
    assert (opened["kind"], opened["status"], opened["services"]) == (
        "incident",
        "investigating",
        ["mail"],
    )
    assert opened["title"] == "Panne détectée : messagerie"
    member = scene.topic(10, "Webmail en panne ?", "Impossible d'ouvrir ma boîte mail ce matin.")
    scene.kuma(30, 1)
    scene.run()
    [resolved] = incidents(engine)
    assert resolved["status"] == "resolved" and resolved["reports"] == 1
    assert len(scene.said(member)) == 2


def test_a_maintenance_is_announced_at_once_as_such(scene, engine):
    scene.kuma(0, 3, monitor="web3")
    scene.run()
    [maintenance] = incidents(engine)
    assert (maintenance["kind"], maintenance["services"]) == ("maintenance", ["web"])
    member = scene.topic(5, "Site inaccessible", "Bonjour, notre site est inaccessible, en panne.")
    scene.run()
    [notice] = scene.said(member)
    assert notice.startswith("Bonjour, une maintenance est en cours sur site")


def test_cachet_incidents_open_and_resolve(scene, engine, client):
    opening = b.cachet_payload(
        event="incident_created",
        delivery="c1",
        id=7,
        name="Nextcloud très lent",
        status=1,
        message="Le cloud répond très lentement.",
        updated_at="2026-11-20T10:00:00Z",
    )
    fixed = b.cachet_payload(
        event="incident_updated",
        delivery="c2",
        id=7,
        name="Nextcloud très lent",
        status=4,
        message="Corrigé.",
        updated_at="2026-11-20T11:00:00Z",
    )
    for payload in (opening, fixed):
        assert b.cachet(payload).send(client).status_code == 200
    scene.run()
    [found] = incidents(engine)
    assert found["status"] == "resolved" and found["sources"] == ["cachet:incident:7"]
    assert [step["status"] for step in found["timeline"]] == ["investigating", "resolved"]


def test_a_ticket_tagged_incident_opens_one_and_closing_it_resolves(scene, engine, client):
    tagged = b.zammad_payload(tags=("incident", "mail"))
    assert b.zammad(tagged, delivery_id="z1").send(client).status_code == 200
    scene.run()
    [opened] = incidents(engine)
    assert opened["title"] == "Incident signalé : messagerie" and opened["reports"] == 1
    assert opened["links"][0]["report"] == "zammad ticket 81 (no. 10081)"
    assert "Plus de mails" not in str(opened)  # the ticket's words stay private
    closed = b.zammad_payload(tags=("incident",), state="closed", updated="2026-11-20T12:00:00Z")
    assert b.zammad(closed, delivery_id="z2").send(client).status_code == 200
    scene.run()
    assert incidents(engine)[0]["status"] == "resolved"


def test_a_pending_suggestion_gives_way_to_the_notice(scene, engine):
    with engine.begin() as conn:
        entries.upsert(conn, "default", load_markdown_folder(KB))
    scene.status(
        10,
        "investigating",
        "Une partie des sites renvoie une erreur 500 Internal Server Error.",
        name="Sites en erreur 500",
        components=[{"name": "Hébergement web"}],
    )
    member = scene.topic(
        20, "Erreur 500 sur mon site", "Bonjour, mon site affiche Internal Server Error."
    )
    scene.run()
    [suggestion] = suggestions.list_suggestions(engine, "default")
    assert suggestion.topic_id == member and suggestion.status == "superseded"
    assert (suggestion.reason, suggestion.decided_by) == ("incident", "coopbot")
    posts = [p for p in scene.forum.topic_posts(member) if p.username == scene.forum.username]
    [whisper] = [p.raw for p in posts if p.post_type == PostType.WHISPER]
    [notice] = [p.raw for p in posts if p.post_type != PostType.WHISPER]
    # the volunteers' whisper is edited to say why, as when a human answers first
    assert whisper.startswith("⏹️ **Retirée**") and "un avis d'incident" in whisper
    assert "incident en cours" in notice
    [line] = audit.lines(engine, "default")
    assert (line.action, line.suggestion_id) == ("supersede", suggestion.id)


def test_the_incident_topic_is_kept_up_to_date_and_pinned_while_open(scene, context, engine):
    from bot.incidents import banner

    status = scene.forum.add_category("État des services", slug="etat")
    forget_categories(scene.forum)
    context.settings = context.settings.with_(status_category="etat")
    scene.status(10, "investigating", "Les courriels entrants arrivent en retard.")
    scene.run()
    banner.sync(context)  # the clock's job: the topic is posted, its id learnt, it is pinned
    [found] = incidents(engine)
    topic = found["topic_id"]
    assert scene.forum.banner_topic_id == topic and topic is not None
    [summary] = [t for t in scene.forum.topics if t.id == topic]
    assert summary.category_id == status and "Retards de réception" in summary.title
    scene.status(30, "identified", "Un serveur de réception est saturé.")
    scene.status(60, "resolved", "Tout est rentré dans l'ordre.")
    scene.run()
    banner.sync(context)
    scene.run()
    replies = scene.said(topic)[1:]
    assert len(replies) == 2 and "saturé" in replies[0] and "rentré" in replies[1]
    assert scene.forum.banner_topic_id is None
