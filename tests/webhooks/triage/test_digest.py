"""The digests waiting for review, published from the page (COOPBOT_DIGEST_REVIEW)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bot.digest import runs
from bot.digest.runs import RunStatus
from bot.store.models.queues import OutboxPost
from tests.webhooks.triage.conftest import csrf_token, local_login

WEEK = "2026-W02"
TITLE = "La semaine de la coop, du 5 au 11 janvier 2026"
RAW = "Bonjour !\n\n**Trois** sujets cette semaine.\n\n<script>alert(1)</script>"


@pytest.fixture
def waiting(context, forum):
    """A digest stored for review, as the clock leaves it, and its category on the forum."""
    forum.add_category("Vie de la coop", slug="vie")
    context.settings = context.settings.with_(digest_category="vie", digest_review=True)
    with context.engine.begin() as conn:
        run = runs.claim(conn, "default", WEEK)
        runs.settle(conn, run.id, RunStatus.REVIEW, title=TITLE, raw=RAW)
    return run


@pytest.fixture
def logged_in(client, volunteer):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    local_login(client, volunteer)
    return client


def publish(client, **form):
    data = {"csrf_token": csrf_token(client, "/triage/digest"), **form}
    return client.post(f"/triage/digest/{WEEK}/publish", data=data, follow_redirects=True)


def queued(context) -> list:
    with context.engine.connect() as conn:
        return list(conn.execute(select(OutboxPost.__table__)).mappings())


def run_now(context):
    with context.engine.connect() as conn:
        return runs.load(conn, "default", WEEK)


@pytest.mark.usefixtures("waiting")
def test_logged_out_is_refused(client, context):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert client.get("/triage/digest").status_code == 302
    refused = client.post(f"/triage/digest/{WEEK}/publish", data={"text": "x"})
    assert refused.status_code == 403 and "Log in first." in refused.get_data(as_text=True)
    assert queued(context) == []


@pytest.mark.usefixtures("waiting")
def test_publishing_needs_the_csrf_token(logged_in, context):
    refused = logged_in.post(f"/triage/digest/{WEEK}/publish", data={"text": "x"})
    assert refused.status_code == 400 and "security token" in refused.get_data(as_text=True)
    assert queued(context) == [] and run_now(context).status is RunStatus.REVIEW


@pytest.mark.usefixtures("waiting")
def test_a_waiting_digest_shows_and_publishes_once(logged_in, context):
    queue = logged_in.get("/triage/").get_data(as_text=True)
    assert "1 digest waiting for review" in queue and 'href="/triage/digest"' in queue
    page = logged_in.get("/triage/digest").get_data(as_text=True)
    assert TITLE in page and "<strong>Trois</strong>" in page  # the preview, rendered
    assert "<script>alert" not in page  # sanitized; the textarea escapes it
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</textarea>" in page
    done = publish(logged_in, text=RAW).get_data(as_text=True)
    assert "Published: the digest is on its way to the forum." in done
    assert "No digest is waiting for review." in done
    run = run_now(context)
    assert (run.status, run.decided_by) == (RunStatus.QUEUED, "lea")
    again = publish(logged_in, text="something else").get_data(as_text=True)
    refusal = re.search(r'class="flash error" role="alert">([^<]*)<', again).group(1)
    assert refusal == f"The digest of {WEEK} was already published by lea: nothing was done."
    [post] = queued(context)
    assert post["id"] == run.outbox_id and "something else" not in post["raw"]
    assert "digest waiting" not in logged_in.get("/triage/").get_data(as_text=True)


@pytest.mark.usefixtures("waiting")
def test_the_edited_text_is_what_gets_queued(logged_in, context):
    edited = "Bonjour à toutes et à tous ! Écrivez à x@example.org.\n\nTrois sujets."
    publish(logged_in, text=edited)
    [post] = queued(context)
    assert post["raw"].startswith("Bonjour à toutes et à tous !")
    assert "x@example.org" not in post["raw"] and post["title"] == TITLE
    assert run_now(context).raw == post["raw"]


def test_an_unknown_week_is_not_found(logged_in):
    data = {"csrf_token": csrf_token(logged_in, "/triage/digest")}
    assert logged_in.post("/triage/digest/2026-W03/publish", data=data).status_code == 404
    assert logged_in.post("/triage/digest/nonsense/publish", data=data).status_code == 404
    assert "No digest is waiting" in logged_in.get("/triage/digest").get_data(as_text=True)


@pytest.mark.usefixtures("waiting")
def test_the_page_speaks_french(logged_in):
    logged_in.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    page = logged_in.get("/triage/digest").get_data(as_text=True)
    assert "Publier ce résumé" in page
