"""`coopbot incident ...` and `coopbot eval-incidents`, in-process."""

from __future__ import annotations

import json

import pytest

from bot.cli.main import main
from tests.conftest import shared_path

DELAYS = "Nous constatons des retards de réception : les courriels entrants arrivent en retard."
SCENARIO = {
    "incidents": [
        {
            "id": "inc-1",
            "title": "Retards de réception des courriels",
            "services": ["mail"],
            "started_at": "2026-11-09T07:40:00Z",
            "resolved_at": "2026-11-09T13:15:00Z",
            "description": "",
            "updates": [
                {"at": "2026-11-09T07:55:00Z", "status": "investigating", "message": DELAYS},
                {"at": "2026-11-09T13:15:00Z", "status": "resolved", "message": "C'est fini."},
            ],
        }
    ],
    "threads": [
        {
            "topic_id": 1,
            "title": "Plus rien ne m'arrive",
            "body": "Je ne reçois plus aucun courriel depuis ce matin.",
            "created_at": "2026-11-09T08:12:00Z",
            "category": "Entraide",
            "expected_incident": "inc-1",
        },
        {
            "topic_id": 2,
            "title": "Changer la version de PHP",
            "body": "Où change-t-on la version de PHP du site ?",
            "created_at": "2026-11-09T09:30:00Z",
            "category": "Entraide",
            "expected_incident": None,
        },
    ],
}


def run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


@pytest.mark.usefixtures("env")
def test_a_volunteer_opens_links_unlinks_and_resolves_from_the_command_line(scene, capsys):
    member = scene.topic(20, "Un souci de courriels ?", "Bonjour, mes messages partent mal.")
    scene.run()
    code, out = run(
        capsys,
        "incident",
        "open",
        "--title",
        "Courriels en retard",
        "--services",
        "mail",
        "--message",
        DELAYS,
    )
    assert code == 0 and out.startswith("incident ")
    number = out.split()[1]
    assert run(capsys, "incident", "link", number, "--topic", str(member))[0] == 0
    shown = json.loads(run(capsys, "incident", "show", number, "--json")[1])
    assert shown["reports"] == 1 and shown["links"][0]["state"] == "accepted"
    assert run(capsys, "incident", "update", number, "--message", "On avance.")[0] == 0
    scene.run()
    assert run(capsys, "incident", "unlink", number, "--topic", str(member))[0] == 0
    assert run(capsys, "incident", "resolve", number, "--message", "Réglé.")[0] == 0
    scene.run()
    said = scene.said(member)
    assert len(said) == 2 and "On avance." in said[1]  # nothing after the unlink
    code, out = run(capsys, "incident", "list", "--all", "--json")
    assert [r["status"] for r in json.loads(out)] == ["resolved"]
    assert run(capsys, "incident", "list")[1].strip() == "no open incident"
    assert run(capsys, "incident", "show", "999999")[0] == 1
    assert run(capsys, "incident", "link", number, "--topic", "999999")[0] == 1
    assert run(capsys, "incident", "link", number, "--ticket", "jira:4")[0] == 2


@pytest.mark.usefixtures("env")
def test_eval_incidents_replays_a_scenario(tmp_path, capsys):
    files = {}
    for name in ("incidents", "threads"):
        files[name] = tmp_path / name
        rows = SCENARIO[name]
        text = json.dumps(rows) if name == "incidents" else "\n".join(map(json.dumps, rows))
        files[name].write_text(text, encoding="utf-8")
    code, out = run(
        capsys,
        "eval-incidents",
        "--incidents",
        str(files["incidents"]),
        "--threads",
        str(files["threads"]),
        "--json",
    )
    result = json.loads(out)
    assert code == 0 and set(result) == {"auto", "auto_or_proposed", "by_incident"}
    assert result["auto"] == {"precision": 1.0, "recall": 1.0, "tp": 1, "fp": 0, "fn": 0}
    code, out = run(
        capsys,
        "eval-incidents",
        "--incidents",
        str(files["incidents"]),
        "--threads",
        str(files["threads"]),
    )
    assert "overall" in out and "inc-1" in out


def test_eval_incidents_names_a_bad_file_in_one_line(tmp_path, capsys):
    incidents, threads = tmp_path / "incidents.json", tmp_path / "threads.jsonl"
    incidents.write_text(json.dumps(SCENARIO["incidents"]), encoding="utf-8")
    threads.write_text("\n".join(map(json.dumps, SCENARIO["threads"])), encoding="utf-8")
    kb = tmp_path / "kb"
    kb.mkdir()
    for name in ("a", "b"):  # two pages, one id
        (kb / f"{name}.md").write_text("---\nid: x1\ntitle: T\n---\nTexte.\n", encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    cases = [
        (incidents, threads, kb, "b.md:2: duplicate id x1"),
        (incidents, threads, tmp_path / "nowhere", "no such folder"),
        (broken, threads, kb, "Expecting property name"),
    ]
    for scenario, replies, folder, said in cases:
        argv = ["--incidents", str(scenario), "--threads", str(replies), "--kb", str(folder)]
        assert main(["eval-incidents", *argv]) == 1
        err = capsys.readouterr().err
        assert said in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.shared
@pytest.mark.usefixtures("env")
def test_the_dev_scenario_meets_the_targets(capsys):
    folder = shared_path("eval", "incidents")
    code, out = run(
        capsys,
        "eval-incidents",
        "--incidents",
        str(folder / "incidents.json"),
        "--threads",
        str(folder / "threads_dev.jsonl"),
        "--tickets",
        str(folder / "tickets_dev.jsonl"),
        "--kb",
        str(shared_path("eval", "kb")),
        "--json",
    )
    result = json.loads(out)
    assert result["auto"]["precision"] >= 0.95
    assert result["auto_or_proposed"]["recall"] >= 0.90


@pytest.mark.usefixtures("env")
def test_reopen_and_approve_from_the_command_line(scene, env, capsys):
    env.setenv("COOPBOT_INCIDENT_REVIEW_RESOLUTION", "true")
    scene.context.settings = scene.context.settings.with_(incident_review_resolution=True)
    scene.status(10, "investigating", DELAYS)
    member = scene.topic(20, "Plus rien ne m'arrive", "Je ne reçois plus aucun courriel.")
    scene.status(60, "resolved", "Tout est rentré dans l'ordre.")
    scene.run()
    number = str(json.loads(run(capsys, "incident", "list", "--all", "--json")[1])[0]["id"])
    shown = run(capsys, "incident", "show", number)[1]
    assert f"resolution waiting for review (coopbot incident approve {number})" in shown
    assert run(capsys, "incident", "approve", number, "--message", "Réparé.", "--as", "lea") == (
        0,
        f"incident {number}: the resolution goes out to the linked threads and tickets\n",
    )
    assert run(capsys, "incident", "approve", number)[0] == 1
    scene.run()
    assert "Réparé." in scene.said(member)[-1]
    assert run(capsys, "incident", "reopen", number, "--as", "lea")[0] == 0
    assert main(["incident", "reopen", number]) == 1
    assert f"incident {number} is open: nothing to reopen" in capsys.readouterr().err
    assert run(capsys, "incident", "reopen", "999999")[0] == 1
    assert run(capsys, "incident", "approve", "999999")[0] == 1
