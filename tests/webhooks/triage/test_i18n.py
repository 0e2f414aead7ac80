"""The page speaks the volunteer's language (fr or en) from gettext catalogs kept complete."""

from __future__ import annotations

import pytest

from tests.catalogs import ROOT, assert_compiled, extracted, messages, read_catalog
from tests.webhooks.triage.conftest import local_login

PO = ROOT / "webhooks" / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None}


def test_every_message_of_the_page_has_a_french_translation():
    french = messages(read_catalog(PO))
    found = {
        (None, m if isinstance(m, str) else tuple(m))
        for _, m in extracted(ROOT / "webhooks", KEYWORDS)
    }
    assert [m for m in found if not french.get(m)] == []


def test_the_shipped_mo_file_is_the_compiled_po():
    assert_compiled(PO)


@pytest.mark.parametrize(
    ("accept", "lang", "words"),
    [
        ("fr-FR,fr;q=0.9", "fr", "Se connecter"),
        ("en-GB,en;q=0.8", "en", "Log in"),
        ("de", "fr", "Se connecter"),
    ],
)
def test_the_page_follows_accept_language_within_fr_and_en(client, accept, lang, words):
    page = client.get("/triage/login", headers={"Accept-Language": accept})
    html = page.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert words in html


@pytest.mark.usefixtures("volunteer")
def test_error_pages_are_html_in_the_volunteers_language(client):
    local_login(client)
    missing = client.get("/triage/nowhere", headers={"Accept-Language": "fr"})
    assert missing.status_code == 404 and missing.content_type.startswith("text/html")
    assert "Il n'y a rien ici." in missing.get_data(as_text=True)
    wrong = client.put("/triage/login")
    assert wrong.status_code == 405 and "Allow" in wrong.headers
    assert wrong.content_type.startswith("text/html")
    assert client.get("/webhooks/nowhere").is_json  # the receivers keep their JSON
