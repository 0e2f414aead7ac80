"""The bot's messages: English source texts in code, gettext catalogs per language."""

from __future__ import annotations

import re

import pytest

from bot.messages import say
from bot.messages.texts import MESSAGES
from tests.catalogs import ROOT, assert_compiled, extracted, messages, read_catalog

PO = ROOT / "bot" / "messages" / "fr" / "LC_MESSAGES" / "bot.po"
POT = ROOT / "bot" / "messages" / "bot.pot"


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)", text))


def test_the_template_holds_every_message_of_the_code():
    in_code = set(extracted(ROOT / "bot", {"N_": ((1, "c"), 2)}))
    assert in_code == set(MESSAGES.items())
    assert set(messages(read_catalog(POT))) == in_code


def test_every_message_has_a_french_translation_with_the_same_placeholders():
    french = messages(read_catalog(PO))
    for key, text in MESSAGES.items():
        assert french.get((key, text)), key
        assert placeholders(french[(key, text)]) == placeholders(text), key


def test_the_shipped_mo_file_is_the_compiled_po():
    assert_compiled(PO)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "Bonjour @lou, voici des pages"), ("en", "Hello @lou, these documentation")],
)
def test_say_speaks_the_language_asked(language, expected):
    assert say("suggestion.intro", language, username="lou").startswith(expected)


def test_a_language_without_a_catalog_gets_the_english_source():
    assert say("cli.why", "de") == "why"
