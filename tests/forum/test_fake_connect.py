"""The fake Discourse as a DiscourseConnect provider: signed answers for the test's user, refusals
as Discourse gives them."""

from __future__ import annotations

import base64
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from tests.fakes.discourse_connect import CONNECT_SECRET, encode, sign

RETURN_URL = "http://127.0.0.1:5000/login/discourse?next=%2Ftriage"


def _ask(fake, fields: dict, *, secret: str = CONNECT_SECRET, sig: str | None = None):
    """What a site's login sends the browser to; the browser follows no redirect here."""
    sso = encode(fields)
    params = {"sso": sso, "sig": sig if sig is not None else sign(secret, sso)}
    url = f"{fake.url}/session/sso_provider"
    return requests.get(url, params=params, allow_redirects=False, timeout=1)


def _answer(location: str) -> dict:
    """The identity in a provider's redirect, once its signature is checked."""
    query = dict(parse_qsl(urlsplit(location).query))
    assert query["sig"] == sign(CONNECT_SECRET, query["sso"])
    return dict(parse_qsl(base64.b64decode(query["sso"]).decode()))


def test_the_logged_in_user_goes_back_signed(fake_discourse):
    fake_discourse.add_user("camille", moderator=True, groups=("benevoles",))
    fake_discourse.sso_user = "camille"
    answer = _ask(fake_discourse, {"nonce": "n-123", "return_sso_url": RETURN_URL})
    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert location.startswith(RETURN_URL + "&sso=")
    identity = _answer(location)
    assert identity["nonce"] == "n-123" and identity["username"] == "camille"
    assert (identity["admin"], identity["moderator"]) == ("false", "true")
    assert {"benevoles", "staff", "moderators"} <= set(identity["groups"].split(","))
    assert identity["external_id"] == str(fake_discourse.user("camille").id)
    assert set(identity) == {  # no name: this user has none
        "nonce", "return_sso_url", "external_id", "username", "email", "admin", "moderator",
        "groups",
    }  # fmt: skip


def test_a_name_goes_back_when_the_user_has_one(fake_discourse):
    fake_discourse.add_user("camille", name="Camille Martin")
    fake_discourse.sso_user = "camille"
    answer = _ask(fake_discourse, {"nonce": "n-123", "return_sso_url": RETURN_URL})
    assert _answer(answer.headers["Location"])["name"] == "Camille Martin"


def test_nobody_logged_in_is_sent_to_the_login_page(fake_discourse):
    answer = _ask(fake_discourse, {"nonce": "n-123", "return_sso_url": RETURN_URL})
    assert (answer.status_code, answer.headers["Location"]) == (302, "/login")


@pytest.mark.parametrize(
    "fields, kw, status",
    [
        ({"nonce": "n", "return_sso_url": RETURN_URL}, {"secret": "not-the-secret"}, 422),
        ({"nonce": "n", "return_sso_url": RETURN_URL}, {"sig": ""}, 422),
        ({"nonce": "n"}, {}, 400),
    ],
    ids=["wrong secret", "no signature", "no return url"],
)
def test_bad_requests_are_refused_in_plain_text(fake_discourse, fields, kw, status):
    fake_discourse.sso_user = "coopbot"
    answer = _ask(fake_discourse, fields, **kw)
    assert answer.status_code == status
    assert answer.headers["Content-Type"].startswith("text/plain")
    assert "sso=" not in answer.headers.get("Location", "")


def test_a_disabled_provider_is_not_found(fake_discourse):
    fake_discourse.connect_secret = None
    answer = _ask(fake_discourse, {"nonce": "n", "return_sso_url": RETURN_URL})
    assert answer.status_code == 404
