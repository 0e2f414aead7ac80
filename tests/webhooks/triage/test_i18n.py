"""The page speaks the volunteer's language (fr or en) from gettext catalogs kept complete."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.webhooks.triage.conftest import local_login

ROOT = Path(__file__).resolve().parents[3]
CATALOG = ROOT / "webhooks" / "translations" / "fr" / "LC_MESSAGES"


def page_msgids() -> set:
    """Every message the page's code and templates mark, as pybabel extracts them."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None}
    found = extract_from_dir(ROOT / "webhooks", method_map, options_map, keywords=keywords)
    return {message[2] for message in found}


def test_every_message_of_the_page_has_a_french_translation():
    with open(CATALOG / "messages.po", "rb") as po:
        catalog = read_po(po)
    untranslated = [m for m in page_msgids() if not (catalog.get(m) and catalog.get(m).string)]
    assert untranslated == []


def test_the_shipped_mo_file_is_the_compiled_po():
    with open(CATALOG / "messages.po", "rb") as po, open(CATALOG / "messages.mo", "rb") as mo:
        source, compiled = read_po(po), read_mo(mo)
    assert messages(source) == messages(compiled)


def messages(catalog) -> dict:
    """msgid -> msgstr, plural forms as tuples."""
    return {_flat(m.id): _flat(m.string) for m in catalog if m.id}


def _flat(value):
    return tuple(value) if isinstance(value, list | tuple) else value


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
