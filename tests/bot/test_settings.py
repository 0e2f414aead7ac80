"""Settings: defaults, casts, and one clear line per invalid value."""

from __future__ import annotations

import subprocess

import pytest

from bot.context import secret_key_path, with_secret_key
from bot.settings import Settings, SettingsError
from tests.conftest import ROOT


def test_defaults_with_an_empty_environment():
    s = Settings.from_env({})
    assert s.database_url == "sqlite:///coopbot.db"
    assert s.language == "fr" and s.timezone == "Europe/Paris"
    assert s.max_body_bytes == 1024 * 1024
    assert s.dry_run and s.forum_id == "default"


def test_secrets_accept_two_values_for_rotation():
    s = Settings.from_env({"COOPBOT_DISCOURSE_WEBHOOK_SECRET": "old-secret-xxxx, new-secret-yyyy"})
    assert s.discourse_webhook_secret == ("old-secret-xxxx", "new-secret-yyyy")


@pytest.mark.parametrize(
    "name,value,expected",
    [
        ("COOPBOT_LANGUAGE", "de", "expected one of fr, en"),
        ("COOPBOT_MAX_BODY_BYTES", "big", "expected a positive integer"),
        ("COOPBOT_TIMEZONE", "Mars/Olympus", "IANA time zone"),
        ("COOPBOT_DISCOURSE_URL", "forum.example.coop", "http(s)://host"),
        ("COOPBOT_DATABASE_URL", "coopbot.db", "SQLAlchemy URL"),
        ("COOPBOT_DISCOURSE_TIMEOUT", "-3", "positive number"),
        ("COOPBOT_DIGEST_REVIEW", "maybe", "expected true or false"),
        ("COOPBOT_DIGEST_CRON", "0 25 * * mon", "crontab fields such as '0 9 * * mon'"),
        ("COOPBOT_DIGEST_GRACE_DAYS", "0", "positive integer"),
        ("COOPBOT_AUTO_REPLY_CONFIDENCE", "1.5", "in (0, 1]"),
        ("COOPBOT_AUTO_REPLY_DAILY_CAP", "0", "expected a positive integer"),
        ("COOPBOT_REPLY_LANGUAGES", "fr,de", "expected some of fr, en"),
    ],
)
def test_invalid_values_name_the_setting(name, value, expected):
    env = {name: value}
    if name == "COOPBOT_DISCOURSE_URL":
        env["COOPBOT_DISCOURSE_API_KEY"] = "k"
    with pytest.raises(SettingsError) as error:
        Settings.from_env(env)
    assert str(error.value).startswith(name) and expected in str(error.value)


@pytest.mark.parametrize(
    "name", ["COOPBOT_DISCOURSE_WEBHOOK_SECRET", "COOPBOT_GITLAB_WEBHOOK_TOKEN"]
)
def test_short_webhook_secrets_are_refused_without_being_shown(name):
    with pytest.raises(SettingsError) as error:
        Settings.from_env({name: "long-enough-secret, hunter2"})
    message = str(error.value)
    assert message.startswith(name) and "at least 12 characters" in message
    assert "hunter2" not in message
    assert Settings.from_env({name: "twelve-chars"})


def test_discourse_url_needs_an_api_key():
    with pytest.raises(SettingsError, match="COOPBOT_DISCOURSE_API_KEY"):
        Settings.from_env({"COOPBOT_DISCOURSE_URL": "https://forum.example.coop"})


def test_masked_hides_secrets_and_database_password():
    s = Settings.from_env(
        {
            "COOPBOT_GITLAB_WEBHOOK_TOKEN": "supersecrettoken",
            "COOPBOT_DATABASE_URL": "postgresql+psycopg://bot:hunter2@db/coopbot",
        }
    )
    shown = str(s.masked())
    assert "supersecrettoken" not in shown and "hunter2" not in shown


@pytest.mark.parametrize(
    "url,shown",
    [
        ("postgresql+psycopg://bot:hunter2@db/coop", "postgresql+psycopg://bot:***@db/coop"),
        ("postgresql+psycopg://:hunter2@db/coop", "postgresql+psycopg://:***@db/coop"),
        ("postgresql+psycopg://bot:hunt%40er2@db/coop", "postgresql+psycopg://bot:***@db/coop"),
        (
            "postgresql+psycopg://db/coop?user=bot&password=hunter2&sslmode=require",
            "postgresql+psycopg://db/coop?password=***&sslmode=require&user=bot",
        ),
        (
            "postgresql+psycopg://bot@db/coop?sslpassword=hunter2",
            "postgresql+psycopg://bot@db/coop?sslpassword=***",
        ),
        ("sqlite:///coopbot.db", "sqlite:///coopbot.db"),
        # An unescaped @ in the password: SQLAlchemy reads its tail as the host.
        ("postgresql+psycopg://bot:hun@ter2@db/coop", "postgresql+psycopg://***"),
        ("postgresql+psycopg://bot:hun@ter2@db:5432/coop", "postgresql+psycopg://***"),
    ],
)
def test_masked_database_url_shows_no_password(url, shown):
    masked = Settings(database_url=url).masked()["COOPBOT_DATABASE_URL"]
    assert masked == shown
    assert "hunter2" not in masked and "ter2" not in masked


def test_secret_key_is_generated_once_beside_the_database(tmp_path):
    s = Settings(database_url=f"sqlite:///{tmp_path / 'bot.store.db'}")
    first = with_secret_key(s).secret_key
    assert len(first) > 40
    assert with_secret_key(s).secret_key == first
    assert secret_key_path(s.database_url) == tmp_path / "bot.store.db.secret"


def test_a_synonym_file_that_cannot_be_used_stops_start_up(tmp_path):
    with pytest.raises(SettingsError, match="COOPBOT_SYNONYMS_FILE: cannot read"):
        Settings.from_env({"COOPBOT_SYNONYMS_FILE": str(tmp_path / "absent.txt")})
    broken = tmp_path / "synonymes.txt"
    broken.write_text("# le fichier de la coop\nmdp\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"synonymes.txt:2: expected 'canonical = variant"):
        Settings.from_env({"COOPBOT_SYNONYMS_FILE": str(broken)})
    broken.write_text("mot de passe = mdp, sésame\n", encoding="utf-8")
    assert Settings.from_env({"COOPBOT_SYNONYMS_FILE": str(broken)}).synonyms_file == str(broken)


def test_generated_secret_files_are_git_ignored():
    s = Settings(database_url="sqlite:///coopbot.db")
    names = [str(secret_key_path(s.database_url)), ".coopbot-secret"]
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", *names], cwd=ROOT, capture_output=True, text=True
    )
    assert ignored.stdout.split() == names


def test_done_retention_is_thirty_days_unless_set():
    assert Settings.from_env({}).done_retention_days == 30
    assert Settings.from_env({"COOPBOT_DONE_RETENTION_DAYS": "7"}).done_retention_days == 7


def test_health_token_is_at_least_twelve_characters_and_masked():
    with pytest.raises(SettingsError, match="^COOPBOT_HEALTH_TOKEN: expected at least 12"):
        Settings.from_env({"COOPBOT_HEALTH_TOKEN": "short"})
    s = Settings.from_env({"COOPBOT_HEALTH_TOKEN": "twelve-chars"})
    assert "twelve-chars" not in str(s.masked())


def test_the_digest_settings_and_their_defaults():
    s = Settings.from_env({})
    assert (s.digest_cron, s.digest_category, s.digest_review) == ("0 9 * * mon", "", False)
    assert (s.digest_grace_days, s.governance_categories, s.calendar_url) == (2, (), "")
    s = Settings.from_env(
        {
            "COOPBOT_DIGEST_REVIEW": "yes",
            "COOPBOT_GOVERNANCE_CATEGORIES": "vie-de-la-coop, Annonces",
            "COOPBOT_CALENDAR_URL": "https://cloud.example.coop/remote.php/dav/public-calendars/T0K3N",
        }
    )
    assert s.digest_review is True and s.governance_categories == ("vie-de-la-coop", "Annonces")
    assert "T0K3N" not in str(s.masked())  # a shared calendar's link is a capability


def test_the_forum_outage_budget_is_two_days_unless_set():
    assert Settings.from_env({}).forum_outage_hours == 48
    assert Settings.from_env({"COOPBOT_FORUM_OUTAGE_HOURS": "0.5"}).forum_outage_hours == 0.5
    with pytest.raises(SettingsError, match="^COOPBOT_FORUM_OUTAGE_HOURS: expected a positive"):
        Settings.from_env({"COOPBOT_FORUM_OUTAGE_HOURS": "0"})


def test_triage_groups_are_discourse_group_names():
    assert Settings.from_env({}).triage_groups == ()
    env = {"COOPBOT_TRIAGE_GROUPS": "benevoles, Support_N1,équipe.tech"}
    assert Settings.from_env(env).triage_groups == ("benevoles", "Support_N1", "équipe.tech")
    with pytest.raises(SettingsError, match="^COOPBOT_TRIAGE_GROUPS: expected comma-separated"):
        Settings.from_env({"COOPBOT_TRIAGE_GROUPS": "benevoles, les bénévoles"})


def test_the_anchor_style_is_one_the_engine_knows():
    assert Settings.from_env({}).kb_anchor_style == "github"
    chosen = Settings.from_env({"COOPBOT_KB_ANCHOR_STYLE": "python-markdown"})
    assert chosen.kb_anchor_style == "python-markdown"
    with pytest.raises(SettingsError, match="COOPBOT_KB_ANCHOR_STYLE: expected one of github"):
        Settings.from_env({"COOPBOT_KB_ANCHOR_STYLE": "hugo"})
