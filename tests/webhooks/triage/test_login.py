"""Who may use the triage page: local accounts, DiscourseConnect, sessions, CSRF, refusals."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from sqlalchemy import update

from bot.clock import utcnow
from bot.store import volunteers
from bot.store.models.accounts import LoginNonce
from bot.triage import connect, permissions
from tests.webhooks.triage.conftest import (
    PASSWORD,
    connect_answer,
    connect_login,
    csrf_token,
    local_login,
)


@pytest.fixture(autouse=True)
def english(client):
    """The messages these tests read are the English ones."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


def test_a_logged_out_visitor_is_sent_to_the_login_page(client):
    response = client.get("/triage/?category=4")
    assert response.status_code == 302
    assert response.location.startswith("/triage/login?next=")


def test_a_logged_out_post_is_refused_with_an_html_page(client):
    response = client.post("/triage/s/1/approve")
    assert response.status_code == 403
    assert response.content_type.startswith("text/html")
    assert "<h1>" in response.get_data(as_text=True)


@pytest.mark.usefixtures("volunteer")
def test_a_local_volunteer_logs_in_and_reaches_the_page(client):
    response = local_login(client)
    assert response.status_code == 303
    assert response.location == "/triage/"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/triage" in cookie


@pytest.mark.usefixtures("volunteer")
def test_a_wrong_password_or_unknown_name_is_refused_alike(client):
    wrong = local_login(client, password="not the password at all")
    unknown = local_login(client, name="nobody")
    assert wrong.status_code == unknown.status_code == 401
    assert "Unknown name or wrong password" in wrong.get_data(as_text=True)


@pytest.mark.usefixtures("volunteer")
def test_login_attempts_are_limited(client):
    answers = [local_login(client, password=f"guess number {n}").status_code for n in range(11)]
    assert answers[:10] == [401] * 10
    assert answers[10] == 429
    assert local_login(client).status_code == 429  # the right password waits too


@pytest.mark.usefixtures("volunteer")
def test_a_post_without_its_csrf_token_is_refused(client):
    local_login(client)
    response = client.post("/triage/s/1/skip")
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)


@pytest.mark.usefixtures("volunteer")
def test_the_login_form_needs_its_csrf_token_too(client):
    response = client.post("/triage/login", data={"username": "lea", "password": PASSWORD})
    assert response.status_code == 400


def test_a_removed_volunteer_is_logged_out_at_once(client, volunteer, engine, settings):
    local_login(client)
    volunteers.remove(engine, settings.forum_id, volunteer)
    assert client.get("/triage/").status_code == 302


@pytest.mark.usefixtures("volunteer")
def test_logout_ends_the_session(client):
    local_login(client)
    token = csrf_token(client, "/triage/login")
    client.post("/triage/logout", data={"csrf_token": token})
    assert client.get("/triage/").status_code == 302


def test_cookies_are_secure_away_from_this_machine(app, settings, engine):
    from bot.context import Context
    from webhooks.app import create_app

    public = create_app(
        context=Context(
            settings.with_(public_url="https://triage.example.org"),
            engine,
            app.extensions["coopbot"].forum,
        )
    )
    response = public.test_client().get("/triage/login", base_url="https://triage.example.org")
    assert "Secure" in response.headers["Set-Cookie"]


def test_a_member_of_a_triage_group_logs_in_through_discourse(connect_client, fake_discourse):
    response = connect_login(connect_client, fake_discourse, "vera")
    assert response.status_code == 303
    assert connect_client.get("/triage/login").status_code == 200


def test_the_email_discourse_sends_is_not_kept(connect_client, fake_discourse):
    response = connect_login(connect_client, fake_discourse, "vera")
    assert "example.org" not in response.headers["Set-Cookie"]


def test_a_volunteer_taken_out_of_the_triage_group_loses_the_page(connect_client, fake_discourse):
    connect_login(connect_client, fake_discourse, "vera")
    assert connect_client.get("/triage/").status_code == 200
    fake_discourse.remove_from_group("triage", "vera")
    # The forum's word is remembered permissions.CACHE_SECONDS: a new client asks afresh.
    permissions._caches.clear()
    assert connect_client.get("/triage/").status_code == 302
    # The session is gone, not suspended: back in the group, the volunteer logs in again.
    fake_discourse.add_group("triage", ["vera"])
    permissions._caches.clear()
    assert connect_client.get("/triage/").status_code == 302


def test_a_forum_that_cannot_tell_keeps_the_volunteer_in(connect_client, fake_discourse):
    connect_login(connect_client, fake_discourse, "vera")
    permissions._caches.clear()
    fake_discourse.fail_next(3, status=503, path="/u/vera.json")
    assert connect_client.get("/triage/").status_code == 200


def test_admins_and_moderators_may_always_log_in(connect_client, fake_discourse):
    fake_discourse.add_user("mod", moderator=True)
    assert connect_login(connect_client, fake_discourse, "mod").status_code == 303


def test_a_user_outside_the_triage_groups_is_refused(connect_client, fake_discourse):
    fake_discourse.add_user("member")
    response = connect_login(connect_client, fake_discourse, "member")
    assert response.status_code == 403
    assert "not in a triage group" in response.get_data(as_text=True)
    assert connect_client.get("/triage/").status_code == 302


def test_a_replayed_answer_is_refused(connect_client, fake_discourse):
    back = connect_answer(connect_client, fake_discourse, "vera")
    assert connect_client.get(back).status_code == 303
    replay = connect_client.get(back)
    assert replay.status_code == 403
    assert "already used or has expired" in replay.get_data(as_text=True)


def test_an_expired_nonce_is_refused(connect_client, fake_discourse, engine):
    back = connect_answer(connect_client, fake_discourse, "vera")
    old = utcnow() - timedelta(minutes=11)
    with engine.begin() as conn:
        conn.execute(update(LoginNonce.__table__).values(created_at=old))
    assert connect_client.get(back).status_code == 403


def test_a_bad_signature_is_refused(connect_client, fake_discourse):
    back = connect_answer(connect_client, fake_discourse, "vera")
    sso = parse_qs(urlsplit(back).query)["sso"][0]
    forged = f"/triage/login/discourse/return?sso={quote(sso)}&sig={connect.sign(sso, 'x' * 20)}"
    response = connect_client.get(forged)
    assert response.status_code == 403
    assert "not signed with our secret" in response.get_data(as_text=True)
    assert connect_client.get(back).status_code == 303  # the nonce was not spent by the forgery


def test_the_local_form_is_off_with_discourse_connect(connect_client):
    token = csrf_token(connect_client)
    response = connect_client.post(
        "/triage/login", data={"username": "lea", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 404
