"""E-mail redaction: every address form, never a word too many, in linear time."""

from __future__ import annotations

import json
import re
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.privacy import REDACTED, redact_data, redact_emails, redact_json_body
from tests.adversarial_inputs import email_cases

TIME_LIMIT = 0.5  # seconds for 100 kB; a quadratic search takes tens of seconds


@pytest.mark.parametrize(
    "text,redacted",
    [
        ("Écrivez à marie.dupont+coop@example.org.", "Écrivez à [e-mail]."),
        ("josé@exemple.fr", REDACTED),
        ("jose\u0301@exemple.fr", REDACTED),  # the accent as a combining mark
        ("o'brien@example.ie", REDACTED),
        ("marie@exemple.рф", REDACTED),
        ("marie@пример.рф", REDACTED),
        ("marie@xn--e1afmkfd.xn--p1ai", REDACTED),
        ("MARIE@EXAMPLE.COOP", REDACTED),
        ("a@[192.168.0.1]", REDACTED),
        ("a@[IPv6:2001:db8::1]", REDACTED),
        ('"john doe"@example.org', REDACTED),
        ("root@localhost", REDACTED),
        ("<marie@example.fr>, (jean@example.fr)", "<[e-mail]>, ([e-mail])"),
        ("**marie@example.fr**", f"**{REDACTED}**"),
        ("mailto:marie@example.fr?subject=x", f"mailto:{REDACTED}?subject=x"),
        ("Bonjour,\nmarie@example.fr", f"Bonjour,\n{REDACTED}"),
        ("a@b.fr@c.fr", f"{REDACTED}@c.fr"),
    ],
)
def test_addresses_are_replaced_whole(text, redacted):
    assert redact_emails(text) == redacted


@pytest.mark.parametrize(
    "text",
    [
        "merci @camille et @jean-pierre",
        "ssh root@serveur puis user@host",
        "10 @ 3.50 €, a @ b.fr",
        "pas d'adresse ici",
        "@example.org seul",
    ],
)
def test_what_is_not_an_address_stays(text):
    assert redact_emails(text) == text


# Around a generated address: something that is neither part of a local part nor of a domain.
BEFORE = st.sampled_from([" ", "\n", "\t", "(", "<", ": ", "« "])
AFTER = st.sampled_from([" ", "\n", ">", ")", ", ", ". ", " »"])
LETTERS = st.characters(categories=("Ll", "Lu", "Lo"))
LABEL = st.text(st.one_of(LETTERS, st.sampled_from("0123456789-")), min_size=1, max_size=12)
INTERNATIONAL = st.builds(
    lambda local, labels, tld: f"{local}@{'.'.join(labels)}.{tld}",
    st.text(st.one_of(LETTERS, st.sampled_from("0123456789._+-'")), min_size=1, max_size=20),
    st.lists(LABEL.filter(lambda label: label[0] != "-"), min_size=1, max_size=3),
    st.one_of(st.text(LETTERS, min_size=2, max_size=6), st.just("xn--p1ai")),
)
QUOTED = st.builds(
    lambda inside, domain: f'"{inside}"@{domain}',
    st.text(st.characters(exclude_characters='"\\\n'), min_size=1, max_size=30),
    st.sampled_from(["example.org", "exemple.рф", "[10.0.0.1]", "localhost"]),
)
ADDRESSES = st.one_of(st.emails(), INTERNATIONAL, QUOTED)


@given(st.text(), BEFORE, ADDRESSES, AFTER, st.text())
def test_a_generated_address_inside_random_text_is_always_removed(
    head, before, address, after, tail
):
    text = head + before + address + after + tail
    alone = redact_emails(address)
    assert address not in redact_emails(text)
    # Only punctuation that opened the local part ("**", "{") may stay before the mask.
    assert alone.endswith(REDACTED) and re.fullmatch(r"\W*", alone.removesuffix(REDACTED))
    # The text around it is redacted as it would be on its own.
    assert redact_emails(text) == redact_emails(head + before) + alone + redact_emails(after + tail)


@given(st.text().filter(lambda text: "@" not in text))
def test_text_without_an_at_sign_is_unchanged(text):
    assert redact_emails(text) == text


JSON = st.recursive(
    st.none() | st.integers() | st.text(max_size=20) | ADDRESSES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text() | ADDRESSES, inner),
    max_leaves=12,
)


@given(JSON)
def test_a_json_body_stays_json_and_keeps_no_address(data):
    body = json.dumps({"post": data}).encode()
    stored = redact_json_body(body)
    assert json.loads(stored) == {"post": redact_data(data)}
    assert redact_data(json.loads(stored)) == json.loads(stored)


def test_deep_json_is_redacted_and_json_too_deep_to_read_is_not_kept():
    def nested(depth: int) -> bytes:
        return b'{"a":' + b"[" * depth + b'"marie@example.fr"' + b"]" * depth + b"}"

    stored = redact_json_body(nested(800))
    assert b"marie@" not in stored and json.loads(stored)
    assert redact_json_body(nested(100_000)) is None


@pytest.mark.parametrize("name,text", email_cases(100_000).items())
def test_redaction_is_linear_on_hostile_text(name, text):
    started = time.perf_counter()
    redact_emails(text)
    assert time.perf_counter() - started < TIME_LIMIT, name
