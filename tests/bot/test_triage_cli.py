"""`coopbot suggestions approve | reject` and `coopbot audit`: the same decisions, from a shell."""

from __future__ import annotations

import json

import pytest

from bot.cli.main import main
from bot.suggestions import queries
from tests.bot.suggesting import MAIL_QUESTION, ask

pytestmark = pytest.mark.usefixtures("env")


def test_approve_and_reject_from_the_command_line_then_read_the_audit(
    context, engine, forum, support, capsys
):
    first = ask(context, forum, support["entraide"], *MAIL_QUESTION)
    second = ask(context, forum, support["entraide"])
    assert main(["suggestions", "approve", str(first.id), "--entries", "2", "--as", "vera"]) == 0
    assert capsys.readouterr().out == f"suggestion #{first.id} approved by vera\n"
    assert queries.get(engine, "default", first.id).published == (first.hits[1].entry_id,)
    reject = ["suggestions", "reject", str(second.id), "--reason", "already_answered"]
    assert main([*reject, "--note", "Léa a répondu en privé", "--as", "ada"]) == 0
    assert main(["audit"]) == 0
    approve_line, reject_line = capsys.readouterr().out.splitlines()[-2:]
    assert " vera " in approve_line and " cli " in approve_line
    assert approve_line.endswith(f"#{first.id}  edited=False entries=2")
    assert reject_line.endswith("note=Léa a répondu en privé reason=already_answered")
    assert main(["audit", "--json", "--since", "2000-01-01"]) == 0
    lines = json.loads(capsys.readouterr().out)
    assert [(x["actor"], x["action"], x["source"]) for x in lines] == [
        ("vera", "approve", "cli"),
        ("ada", "reject", "cli"),
    ]
    assert main(["audit", "--since", "2999-01-01"]) == 0
    assert capsys.readouterr().out == "no decisions yet\n"


def test_a_refused_decision_exits_1_with_the_reason(context, forum, support, capsys):
    row = ask(context, forum, support["entraide"])
    assert main(["suggestions", "approve", str(row.id), "--as", "vera"]) == 0
    assert main(["suggestions", "approve", str(row.id), "--as", "ada"]) == 1
    assert f"suggestion #{row.id} was already approved by vera" in capsys.readouterr().err
    assert main(["suggestions", "approve", "999"]) == 1
    assert main(["suggestions", "approve", str(row.id), "--entries", "9"]) == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["suggestions", "approve", "1", "--entries", "un"],
        ["suggestions", "reject", "1", "--reason", "flemme"],
        ["audit", "--since", "hier"],
    ],
)
def test_bad_arguments_are_refused_by_the_parser(argv, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2 and "error: argument" in capsys.readouterr().err
