"""`coopbot config check` ends with what is still missing, in the order to fix it."""

from __future__ import annotations

import re

import pytest

from bot.cli.main import main
from bot.store.db import open_engine
from tests.bot.test_health import beat
from tests.builders import DISCOURSE_SECRET


def todo(out: str) -> list[str]:
    """The numbered steps after "To do"."""
    tail = out.split("To do, in this order:\n", 1)[1]
    return re.findall(r"^  \d+\. (.+)$", tail, flags=re.M)


@pytest.fixture
def fresh(tmp_path, monkeypatch) -> str:
    """README's first command: nothing set, a new SQLite file; its URL."""
    url = f"sqlite:///{tmp_path / 'coopbot.db'}"
    monkeypatch.setenv("COOPBOT_DATABASE_URL", url)
    return url


@pytest.mark.usefixtures("fresh")
def test_a_fresh_install_lists_every_step_in_order(capsys):
    assert main(["config", "check"]) == 1
    steps = todo(capsys.readouterr().out)
    assert [s.split(" ")[0] for s in steps] == ["Run", "Set", "Create", "Set", "(can"]
    assert "coopbot db upgrade" in steps[0] and "COOPBOT_DISCOURSE_URL" in steps[1]
    assert "COOPBOT_DISCOURSE_WEBHOOK_SECRET" in steps[2]
    assert "COOPBOT_SUPPORT_CATEGORIES" in steps[3] and "whispers_allowed_groups" in steps[4]


def test_a_dry_run_with_its_support_category_named_has_no_support_step(fresh, monkeypatch, capsys):
    monkeypatch.setenv("COOPBOT_SUPPORT_CATEGORIES", "support")
    assert main(["db", "upgrade"]) == 0
    assert main(["config", "check"]) == 1  # healthy only once a worker has beaten
    assert "worker down" in capsys.readouterr().out
    with open_engine(fresh) as engine:
        beat(engine)
    assert main(["config", "check"]) == 0
    steps = todo(capsys.readouterr().out)
    assert len(steps) == 3 and not any("SUPPORT_CATEGORIES" in s for s in steps)


def test_an_unreachable_database_comes_first(monkeypatch, capsys):
    url = "postgresql+psycopg://coopbot:hunter2@127.0.0.1:1/nothing?connect_timeout=1"
    monkeypatch.setenv("COOPBOT_DATABASE_URL", url)
    monkeypatch.setenv("COOPBOT_SECRET_KEY", "set, so that no key file is written in the cwd")
    assert main(["config", "check"]) == 1
    out = capsys.readouterr().out
    assert todo(out)[0].startswith("Make the database reachable: check COOPBOT_DATABASE_URL")
    assert "hunter2" not in out


@pytest.fixture
def configured(engine, discourse_env, fake_discourse) -> pytest.MonkeyPatch:
    """Everything docs/setup.md asks for, against the fake Discourse, and a worker running."""
    beat(engine)
    discourse_env.setenv("COOPBOT_DISCOURSE_WEBHOOK_SECRET", DISCOURSE_SECRET)
    discourse_env.setenv("COOPBOT_BOT_USERNAME", fake_discourse.api_username)
    hosting = fake_discourse.add_category("Hébergement", slug="hebergement")
    fake_discourse.add_category("Entraide", slug="entraide", parent_category_id=hosting)
    fake_discourse.add_category("Bureau", slug="bureau", read_restricted=True)
    return discourse_env


def test_once_configured_only_the_whisper_group_is_left(configured, capsys):
    configured.setenv("COOPBOT_SUPPORT_CATEGORIES", "entraide")
    assert main(["config", "check"]) == 0
    [step] = todo(capsys.readouterr().out)
    assert step.startswith("(can come later) For whispers, put the API user (coopbot)")


def test_support_categories_the_forum_cannot_use_are_named(configured, capsys):
    configured.setenv("COOPBOT_SUPPORT_CATEGORIES", "entraide, inconnue, bureau")
    assert main(["config", "check"]) == 0
    step = todo(capsys.readouterr().out)[0]
    assert step.startswith("Fix COOPBOT_SUPPORT_CATEGORIES: the forum has no category 'inconnue'")
    assert "(bureau) is read-restricted" in step


def test_a_refused_key_and_a_second_user_are_named(configured, capsys):
    configured.setenv("COOPBOT_SUPPORT_CATEGORIES", "entraide")
    configured.setenv("COOPBOT_BOT_USERNAME", "coopbot-bis")
    assert main(["config", "check"]) == 0
    assert "COOPBOT_BOT_USERNAME (coopbot-bis) the same user" in todo(capsys.readouterr().out)[0]
    configured.setenv("COOPBOT_DISCOURSE_API_KEY", "wrong-key-0123456789")
    assert main(["config", "check"]) == 1
    assert todo(capsys.readouterr().out)[0].startswith("Fix COOPBOT_DISCOURSE_URL")
