"""docs/setup.md, walked step by step against the fake Discourse through pydiscourse."""

from __future__ import annotations

import json
import re

import pytest

from bot.cli.main import main
from bot.settings import Settings
from tests.bot.suggesting import KB, QUESTION
from tests.builders import compact, discourse_headers, post_payload
from tests.conftest import ROOT
from webhooks.app import create_app

GUIDE = ROOT / "docs" / "setup.md"
SECRET = "guide-webhook-secret-0123"  # step 3: 12 characters or more


def guide_settings() -> dict[str, str]:
    """The variables of the guide's /etc/coopbot/env block, empty ones included."""
    block = re.search(r"```sh\n# /etc/coopbot/env\n(.*?)```", GUIDE.read_text(), re.S)
    lines = [line for line in block.group(1).splitlines() if not line.startswith("#")]
    return dict(line.split("=", 1) for line in lines)


@pytest.mark.usefixtures("engine")  # the session's database, emptied afterwards
def test_the_guide_leads_to_a_suggestion_in_a_support_subcategory(
    monkeypatch, capsys, database_url, fake_discourse, tmp_path
):
    monkeypatch.chdir(tmp_path)  # on PostgreSQL, the generated key file lands in the cwd
    # Discourse as step 4 leaves it: the coopbot user, a support subcategory, how-tos
    hosting = fake_discourse.add_category("Hébergement", slug="hebergement")
    help_ = fake_discourse.add_category("Entraide", slug="entraide", parent_category_id=hosting)
    docs = fake_discourse.add_category("Documentation", slug="documentation")
    fake_discourse.add_topic("Sauvegarder son site", "L'outil du panneau.", category_id=docs)
    site = {  # what is the coop's own in the guide's file: its forum, key, secret, database
        "COOPBOT_DATABASE_URL": database_url,
        "COOPBOT_DISCOURSE_URL": fake_discourse.url,
        "COOPBOT_DISCOURSE_API_KEY": fake_discourse.api_key,
        "COOPBOT_DISCOURSE_WEBHOOK_SECRET": SECRET,
    }
    env = guide_settings()
    assert set(site) <= set(env) and env["COOPBOT_DISCOURSE_API_USERNAME"] == "coopbot"
    for name, value in (env | site).items():
        monkeypatch.setenv(name, value)

    assert main(["db", "upgrade"]) == 0  # step 1
    assert main(["kb", "import", str(KB)]) == 0  # step 2
    assert main(["kb", "sync-category", "documentation"]) == 0
    capsys.readouterr()
    # step 5: only the whisper group is left; exit 1 until step 6 starts the worker
    assert main(["config", "check"]) == 1
    out = capsys.readouterr().out
    [step] = re.findall(r"^  \d+\. (.+)$", out.split("To do, in this order:\n")[1], re.M)
    assert step.startswith("(can come later) For whispers")
    assert "worker down: no heartbeat ever recorded" in out

    topic = fake_discourse.add_topic(*QUESTION, category_id=help_, username="paul")
    [first] = fake_discourse.posts_by_topic(topic)
    payload = post_payload(
        post_id=first.id,
        topic_id=topic,
        username="paul",
        topic_title=QUESTION[0],
        raw=QUESTION[1],
        category_id=help_,
        category_slug="entraide",  # Discourse sends a subcategory's own slug
    )
    body = compact(payload)
    headers = discourse_headers(body, "post_created", "post", secret=SECRET)
    app = create_app(Settings.from_env())  # step 6: the web process
    answer = app.test_client().post("/webhooks/discourse", data=body, headers=headers)
    assert answer.status_code == 200
    assert main(["worker", "--until-idle"]) == 0  # step 6: the worker process
    assert main(["config", "check"]) == 0  # the worker has beaten: healthy
    capsys.readouterr()
    assert main(["suggestions", "list", "--json"]) == 0
    [suggestion] = json.loads(capsys.readouterr().out)
    assert suggestion["topic_id"] == topic and suggestion["hits"][0]["entry_id"] == "art-2"
    app.extensions["coopbot"].close()
