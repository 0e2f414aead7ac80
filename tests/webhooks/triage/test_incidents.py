"""The incidents on the triage page: accept, reject, unlink, reopen, approve a resolution."""

# ruff: noqa: F811  (the incident tests' fixtures are imported, then named as arguments)

from __future__ import annotations

import re

import pytest

from bot.incidents import queries
from tests.bot.incidents.conftest import proposed, scene  # noqa: F401  (shared fixtures)
from tests.bot.incidents.volunteering import DELAYS, MEMBER, states, the_incident, told
from tests.webhooks.triage.conftest import csrf_token, local_login

PAGE = "/triage/incidents"
FIXED = "Tout est rentré dans l'ordre."


@pytest.fixture
def logged_in(client, volunteer):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    local_login(client, volunteer)
    return client


def post(client, path: str, **form):
    data = {"csrf_token": csrf_token(client, PAGE), **form}
    return client.post(path, data=data, follow_redirects=True)


def topic_form(topic_id: int) -> dict:
    return {"kind": "topic", "system": "discourse", "id": str(topic_id)}


def flash(page) -> str:
    return re.search(r'class="flash \w+" role="\w+">([^<]*)<', page.get_data(as_text=True)).group(1)


def state_of(engine, topic_id: int) -> str:
    return {link["id"]: link["state"] for link in the_incident(engine)["links"]}[topic_id]


def test_logged_out_is_refused(client, proposed, engine):
    assert client.get(PAGE).status_code == 302
    incident = the_incident(engine)["id"]
    refused = client.post(f"{PAGE}/{incident}/link", data=topic_form(proposed))
    assert refused.status_code == 403 and state_of(engine, proposed) == "proposed"


def test_actions_need_the_csrf_token(logged_in, proposed, engine):
    incident = the_incident(engine)["id"]
    refused = logged_in.post(f"{PAGE}/{incident}/link", data=topic_form(proposed))
    assert refused.status_code == 400 and "security token" in refused.get_data(as_text=True)
    assert state_of(engine, proposed) == "proposed"


def test_the_page_lists_the_incident_and_its_proposal(logged_in, proposed, engine):
    queue = logged_in.get("/triage/").get_data(as_text=True)
    assert "1 open incident" in queue and f'href="{PAGE}"' in queue
    page = logged_in.get(PAGE).get_data(as_text=True)
    incident = the_incident(engine)["id"]
    assert f"Incident no. {incident}: Retards de réception des courriels" in page
    assert f"topic {proposed}" in page and "Accept (topic" in page and "Reject (topic" in page


def test_accept_links_the_thread_once(scene, logged_in, proposed, engine):
    incident = the_incident(engine)["id"]
    done = post(logged_in, f"{PAGE}/{incident}/link", **topic_form(proposed))
    assert flash(done) == "Linked: the thread or ticket is told once."
    post(logged_in, f"{PAGE}/{incident}/link", **topic_form(proposed))
    scene.run()
    assert state_of(engine, proposed) == "accepted" and len(told(scene.forum, proposed)) == 1
    assert the_incident(engine)["links"][0]["decided_by"] == "lea"


def test_reject_unlinks_and_the_thread_hears_nothing(scene, logged_in, proposed, engine):
    incident = the_incident(engine)["id"]
    done = post(logged_in, f"{PAGE}/{incident}/unlink", **topic_form(proposed))
    assert flash(done) == "Unlinked: the bot says nothing more there."
    scene.status(90, "resolved", FIXED)
    scene.run()
    assert state_of(engine, proposed) == "unlinked" and told(scene.forum, proposed) == []


@pytest.mark.parametrize(
    "form",
    [
        {"kind": "topic", "system": "discourse", "id": "abc"},
        {"kind": "topic", "system": "discourse", "id": "0"},
        {"kind": "topic", "system": "discourse", "id": "99999999999"},
        {"kind": "topic", "system": "zammad", "id": "3"},
        {"kind": "post", "system": "discourse", "id": "3"},
        {},
    ],
)
def test_a_form_naming_no_report_is_a_bad_request(logged_in, proposed, engine, form):
    incident = the_incident(engine)["id"]
    answer = post(logged_in, f"{PAGE}/{incident}/link", **form)
    assert answer.status_code == 400 and state_of(engine, proposed) == "proposed"


def test_unknown_incident_or_report_is_not_found(logged_in, proposed, engine):
    incident = the_incident(engine)["id"]
    assert post(logged_in, f"{PAGE}/999/link", **topic_form(proposed)).status_code == 404
    assert post(logged_in, f"{PAGE}/{incident}/unlink", **topic_form(4242)).status_code == 404
    assert post(logged_in, f"{PAGE}/999/reopen").status_code == 404
    assert post(logged_in, f"{PAGE}/999/approve").status_code == 404
    assert post(logged_in, f"{PAGE}/abc/reopen").status_code == 404


def test_reopen_a_resolved_incident_once(scene, logged_in, engine):
    scene.status(10, "investigating", DELAYS)
    member = scene.topic(20, *MEMBER)
    scene.status(60, "resolved", FIXED)
    scene.reply(70, member, "Chez moi ça ne marche toujours pas.")
    scene.run()
    page = logged_in.get(PAGE).get_data(as_text=True)
    assert "Members for whom it still fails" in page and "Reopen this incident" in page
    incident = the_incident(engine)["id"]
    assert flash(post(logged_in, f"{PAGE}/{incident}/reopen")) == (
        f"Incident no. {incident} is open again."
    )
    assert the_incident(engine)["status"] == "investigating"
    again = post(logged_in, f"{PAGE}/{incident}/reopen")
    assert flash(again) == f"Incident no. {incident} is open: nothing was done."


def test_a_held_resolution_is_edited_and_approved_once(scene, context, logged_in, engine):
    context.settings = context.settings.with_(incident_review_resolution=True)
    scene.status(10, "investigating", DELAYS)
    member = scene.topic(20, *MEMBER)
    scene.status(60, "resolved", FIXED)
    scene.run()
    assert len(told(scene.forum, member)) == 1
    page = logged_in.get(PAGE).get_data(as_text=True)
    assert "Resolution waiting for review" in page and f"{FIXED}</textarea>" in page.replace(
        "&#39;", "'"
    )
    incident = the_incident(engine)["id"]
    done = post(logged_in, f"{PAGE}/{incident}/approve", text="La file est vidée.")
    assert flash(done).startswith("Approved: the resolution is on its way")
    again = post(logged_in, f"{PAGE}/{incident}/approve", text="Autre texte.")
    assert "no resolution waiting for review" in flash(again)
    scene.run()
    _notice, fixed = told(scene.forum, member)
    assert "La file est vidée." in fixed and "Autre texte" not in fixed
    assert queries.detail(engine, "default", incident)["waiting_resolution"] is None


@pytest.mark.usefixtures("proposed")
def test_the_page_speaks_french(logged_in):
    logged_in.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    page = logged_in.get(PAGE).get_data(as_text=True)
    assert "Liens proposés" in page and "Accepter" in page


@pytest.mark.usefixtures("proposed")
def test_a_report_linked_by_hand_shows_who_not_a_score(scene, context, logged_in):
    from bot.incidents.decisions import link_report
    from bot.incidents.model import ReportKind

    incident = the_incident(context.engine)["id"]
    # From now on nothing is close enough to be proposed: the next topic stays unlinked.
    context.settings = context.settings.with_(
        incident_auto_threshold=0.999, incident_propose_threshold=0.99
    )
    other = scene.topic(30, "Facture en double", "Bonjour, j'ai reçu deux fois la facture.")
    scene.run()
    assert other not in states(context.engine)  # read, never scored for this incident
    link_report(context, incident, ReportKind.TOPIC, "discourse", other, by="vera")
    page = logged_in.get(PAGE).get_data(as_text=True)
    assert "(linked by hand · vera)" in page and "(score 0.0" not in page
    assert re.search(r"\(score 0\.\d+ · coopbot\)", page)  # the bot's proposal keeps its score


def test_a_maintenance_says_so(context, logged_in):
    from bot.incidents.actions import Change, open_incident
    from bot.incidents.model import IncidentKind, IncidentStatus

    change = Change(IncidentStatus.INVESTIGATING, "Mise à jour du serveur de courriel.")
    open_incident(
        context,
        title="Mise à jour",
        services=("mail",),
        change=change,
        kind=IncidentKind.MAINTENANCE,
    )
    page = logged_in.get(PAGE).get_data(as_text=True)
    assert "Planned maintenance · " in page
    logged_in.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    assert "Maintenance prévue · " in logged_in.get(PAGE).get_data(as_text=True)
