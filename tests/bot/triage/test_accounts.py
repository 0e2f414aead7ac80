"""Local volunteer accounts: `coopbot volunteer`, argon2 hashes, nothing in clear."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from bot.cli.main import main
from bot.store.models.accounts import Volunteer
from bot.triage import accounts


@pytest.mark.usefixtures("env")
def test_volunteer_add_prints_a_generated_password_that_logs_in(engine, capsys):
    assert main(["volunteer", "add", "lea"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "user: lea"
    password = out[1].removeprefix("password: ")
    assert len(password) >= accounts.PASSWORD_MIN_CHARS
    assert accounts.verify(engine, "default", "lea", password)
    assert not accounts.verify(engine, "default", "lea", password + "x")


@pytest.mark.usefixtures("env")
def test_volunteer_add_reads_the_password_from_stdin(engine, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("a long chosen password\n"))
    assert main(["volunteer", "add", "sam", "--password-stdin"]) == 0
    assert "password" not in capsys.readouterr().out
    assert accounts.verify(engine, "default", "sam", "a long chosen password")
    with engine.connect() as conn:
        stored = conn.execute(select(Volunteer.__table__.c.password_hash)).scalar()
    assert stored.startswith("$argon2id$") and "chosen" not in stored


@pytest.mark.usefixtures("env", "engine")
def test_volunteer_list_and_remove(capsys):
    main(["volunteer", "add", "lea"])
    main(["volunteer", "add", "bob"])
    capsys.readouterr()
    assert main(["volunteer", "list"]) == 0
    assert [line.split()[0] for line in capsys.readouterr().out.splitlines()] == ["bob", "lea"]
    assert main(["volunteer", "remove", "bob"]) == 0
    assert main(["volunteer", "remove", "bob"]) == 1
    assert "no volunteer named 'bob'" in capsys.readouterr().err


@pytest.mark.usefixtures("env", "engine")
def test_a_taken_name_a_bad_name_and_a_short_password_are_refused(capsys, monkeypatch):
    assert main(["volunteer", "add", "lea"]) == 0
    assert main(["volunteer", "add", "lea"]) == 1
    assert main(["volunteer", "add", "l e a"]) == 1
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["volunteer", "add", "max", "--password-stdin"]) == 1
    err = capsys.readouterr().err
    assert "already exists" in err and "letters, digits" in err and "at least 12" in err
