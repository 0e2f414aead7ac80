"""E-mail addresses are redacted in every string of a delivery, not in its JSON text."""

from __future__ import annotations

import json

import pytest

from bot import worker
from bot.cli.main import main
from bot.store import inbox
from tests import builders as b
from tests.builders import compact, post_payload, zammad_payload

# Where JSON escapes touch an address: after \n, \t, \" and \u escapes, and in a key.
RAW = 'Bonjour,\nmarie@example.fr\n\tjean@example.org "paul@example.net" \u00e9t\u00e9 z@b.fr'
REDACTED = 'Bonjour,\n[e-mail]\n\t[e-mail] "[e-mail]" été [e-mail]'


@pytest.mark.usefixtures("env")  # inbox show reads this session's database
def test_an_address_after_a_json_escape_leaves_a_readable_event(
    client, engine, context, forum, capsys
):
    category = forum.add_category("Entraide", slug="entraide")
    payload = post_payload(raw=RAW, topic_title="Écrire à chloe@example.org", category_id=category)
    payload["post"]["cooked"] = "<p>écrire à <a href='mailto:anne@example.org'>Anne</a></p>"
    assert b.discourse(payload).send(client).status_code == 200
    [row] = inbox.list_rows(engine)
    event = json.loads(row.event)
    assert (event["raw"], event["topic_title"]) == (REDACTED, "Écrire à [e-mail]")
    stored = json.loads(row.raw_body)["post"]
    assert (stored["raw"], stored["id"]) == (REDACTED, payload["post"]["id"])
    assert "anne@" not in stored["cooked"] and "Anne" in stored["cooked"]

    worker.run(context, until_idle=True)
    assert inbox.load(engine, row.id).status == "done"

    assert main(["inbox", "show", str(row.id)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["event"]["raw"] == REDACTED and shown["status"] == "done"


def test_an_escaped_at_sign_is_read_as_one(client, engine):
    body = compact(post_payload(raw="Bonjour")).replace(b"Bonjour", b"marie\\u0040example.fr")
    b.discourse(body).send(client)
    [row] = inbox.list_rows(engine)
    assert json.loads(row.event)["raw"] == "[e-mail]"
    assert json.loads(row.raw_body)["post"]["raw"] == "[e-mail]"


@pytest.mark.usefixtures("env")
def test_inbox_show_prints_an_unreadable_stored_event_instead_of_crashing(engine, capsys):
    from sqlalchemy import update

    from tests.bot.test_inbox_worker import incoming

    inbox.record(engine, incoming(1), "default")
    [row] = inbox.list_rows(engine)
    with engine.begin() as conn:  # what the text-level redaction stored before
        conn.execute(update(inbox.T).values(event='{"raw":"Bonjour,\\[e-mail]"}'))
    assert main(["inbox", "show", str(row.id)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["event"] == '{"raw":"Bonjour,\\[e-mail]"}' and "not valid JSON" in shown["note"]


def test_a_hostile_100_kb_article_is_answered_at_once(client, engine):
    import time

    from tests.adversarial_inputs import email_cases

    hostile = email_cases(100_000)["local-part run, then an address"]
    delivery = b.zammad(zammad_payload(article={"id": 7, "body": hostile, "internal": False}))
    started = time.perf_counter()
    response = delivery.send(client)
    assert response.status_code == 200 and time.perf_counter() - started < 1.0
    assert json.loads(inbox.list_rows(engine)[0].event)["body"].endswith(" [e-mail]")
