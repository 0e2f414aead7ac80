"""Zammad and GitLab adapters against fakes speaking their JSON; linked tickets get notes."""

from __future__ import annotations

import pytest

from bot.events import TicketNote
from bot.helpdesk import HelpdeskRejected, HelpdeskUnavailable, TicketRef, client_for
from bot.helpdesk.gitlab import GitLabHelpdesk
from bot.helpdesk.zammad import ZammadHelpdesk
from bot.incidents import queries, tickets
from tests import builders as b
from tests.fakes.helpdesk_server import GITLAB_TOKEN, ZAMMAD_TOKEN, FakeHelpdesks

DELAYS = "Nous constatons des retards de réception : les courriels entrants arrivent en retard."


@pytest.fixture(scope="module")
def helpdesks():
    server = FakeHelpdesks().start()
    yield server
    server.stop()


@pytest.fixture
def fakes(helpdesks):
    helpdesks.data.articles.clear()
    helpdesks.data.notes.clear()
    helpdesks.data.requests.clear()
    helpdesks.data.failures.clear()
    helpdesks.data.tags.clear()
    return helpdesks


def test_zammad_notes_are_internal_articles(fakes):
    fakes.data.add_ticket(81)
    zammad = ZammadHelpdesk(fakes.url, ZAMMAD_TOKEN, timeout=2)
    ticket = TicketRef(system="zammad", ticket_id=81)
    zammad.add_note(ticket, "Rattaché à l'incident 3.")
    assert zammad.notes(ticket) == ["Rattaché à l'incident 3."]
    [article] = fakes.data.articles[81]
    assert (article["internal"], article["type"], article["sender"]) == (True, "note", "Agent")
    with pytest.raises(HelpdeskRejected) as caught:
        ZammadHelpdesk(fakes.url, "wrong", timeout=2).notes(ticket)
    assert caught.value.status == 401
    fakes.fail_next(502)
    with pytest.raises(HelpdeskUnavailable):
        zammad.add_note(ticket, "encore")


def test_gitlab_notes_go_to_the_issue_of_its_url_and_only_on_this_gitlab(fakes):
    fakes.data.add_issue("coop/support", 23)
    gitlab = GitLabHelpdesk(fakes.url, GITLAB_TOKEN, timeout=2)
    issue = TicketRef(system="gitlab", ticket_id=301, url=f"{fakes.url}/coop/support/-/issues/23")
    gitlab.add_note(issue, "Rattaché à l'incident 3.")
    assert gitlab.notes(issue) == ["Rattaché à l'incident 3."]
    assert fakes.data.notes[("coop/support", 23)][0]["internal"] is True
    assert fakes.data.requests[0] == ("POST", "/api/v4/projects/coop%2Fsupport/issues/23/notes")
    elsewhere = TicketRef(system="gitlab", ticket_id=9, url="https://evil.example/x/issues/1")
    with pytest.raises(HelpdeskRejected):
        gitlab.add_note(elsewhere, "ne part pas")
    assert len(fakes.data.requests) == 2  # the token never left for another host


def test_a_linked_ticket_gets_one_note_per_notice_even_when_retried(scene, context, fakes, client):
    context.settings = context.settings.with_(zammad_url=fakes.url, zammad_api_token=ZAMMAD_TOKEN)
    fakes.data.add_ticket(81)
    scene.status(10, "investigating", DELAYS)
    ticket = b.zammad_payload(
        article={
            "id": 7,
            "body": "Bonjour, plus aucun courriel n'arrive dans nos boîtes.",
            "internal": False,
        },
    )
    ticket["ticket"]["created_at"] = scene.at(20).isoformat()
    assert b.zammad(ticket, delivery_id="t1").send(client).status_code == 200
    scene.run()
    scene.status(60, "resolved", "Tout est rentré dans l'ordre.")
    scene.run()
    bodies = [a["body"] for a in fakes.data.articles[81]]
    assert len(bodies) == 2 and "rattaché à l'incident" in bodies[0]
    assert "résolu" in bodies[1] and all("[coopbot:incident:default:" in b for b in bodies)
    [found] = queries.overview(context.engine, "default", everything=True)
    assert found["reports"] == 1
    marker = bodies[1].rsplit("\n", 1)[-1]
    again = TicketNote(system="zammad", ticket_id=81, body="redit", marker=marker)
    tickets.send_note(context, again)  # a retry after a lost answer
    assert len(fakes.data.articles[81]) == 2


def test_no_token_no_client(settings):
    assert client_for(settings, "zammad") is None and client_for(settings, "gitlab") is None


def test_zammad_tags_are_read_from_its_api_since_its_webhooks_send_none(
    scene, context, fakes, client
):
    context.settings = context.settings.with_(zammad_url=fakes.url, zammad_api_token=ZAMMAD_TOKEN)
    fakes.data.add_ticket(81)
    fakes.data.tags[81] = ["Incident", "mail"]
    assert b.zammad(b.zammad_payload(), delivery_id="t2").send(client).status_code == 200
    scene.run()
    [opened] = queries.overview(context.engine, "default", everything=True)
    assert opened["title"] == "Incident signalé : messagerie"
    assert ("GET", "/api/v1/tags") in fakes.data.requests
