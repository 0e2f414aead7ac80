"""The whispered command parser: French and English, forgiving, bounded, never at a loss."""

from __future__ import annotations

import os
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.messages import say
from bot.triage.commands import (
    ALREADY_ANSWERED,
    APPROVE,
    APPROVE_ENTRY,
    HELP,
    MAX_NOTE,
    NOT_A_QUESTION,
    OTHER,
    REASONS,
    REJECT,
    VERBS,
    WRONG_ARTICLE,
    Command,
    command_in,
    parse,
)
from bot.triage.incident_commands import VERBS as INCIDENT_VERBS

# Derandomized as the fuzz tests are: a failure reproduces from the commit alone.
PROPERTY = settings(max_examples=300, deadline=None, derandomize=not os.environ.get("EXPLORE"))


@pytest.mark.parametrize(
    "raw",
    ["@coopbot ok", "@coopbot OK !", "  @CoopBot oui", "@coopbot publie", "@coopbot Publié.",
     "@coopbot approve", "@coopbot yes, thanks", "@coopbot, valide", "\n@coopbot ok merci"],
)  # fmt: skip
def test_approvals(raw):
    assert command_in(raw, "coopbot") == Command(APPROVE)


@pytest.mark.parametrize(
    "raw, entry",
    [("@coopbot 2", 2), ("@coopbot ok 2", 2), ("@coopbot #3", 3), ("@coopbot oui, le 2", 2),
     ("@coopbot OK n° 1", 1), ("@coopbot approve entry 2", 2), ("@coopbot 12", 12)],
)  # fmt: skip
def test_approvals_of_one_entry(raw, entry):
    assert command_in(raw, "coopbot") == Command(APPROVE_ENTRY, entry=entry)


@pytest.mark.parametrize(
    "raw, reason, note",
    [
        ("@coopbot non mauvais article", WRONG_ARTICLE, ""),
        ("@coopbot NON, Mauvais Article : voir plutôt la fiche DNS", WRONG_ARTICLE,
         "voir plutôt la fiche DNS"),
        ("@coopbot no wrong article", WRONG_ARTICLE, ""),
        ("@coopbot reject wrong_article", WRONG_ARTICLE, ""),
        ("@coopbot non déjà répondu", ALREADY_ANSWERED, ""),
        ("@coopbot non deja repondu par Sacha", ALREADY_ANSWERED, "par Sacha"),
        ("@coopbot no, already answered.", ALREADY_ANSWERED, ""),
        ("@coopbot non ce n'est pas une question", NOT_A_QUESTION, "ce n'est pas une question"),
        ("@coopbot reject: not a question", NOT_A_QUESTION, ""),
        ("@coopbot non le membre parle de sa facture", OTHER, "le membre parle de sa facture"),
        ("@coopbot non", OTHER, ""),
        ("@coopbot refuse\n\ntrop   vague", OTHER, "trop vague"),
    ],
)  # fmt: skip
def test_rejections(raw, reason, note):
    assert command_in(raw, "coopbot") == Command(REJECT, reason=reason, note=note)


@pytest.mark.parametrize(
    "raw",
    ["@coopbot aide", "@coopbot help", "@coopbot", "@coopbot ???", "@coopbot peut-être",
     "@coopbot 0", "@coopbot 123", "@coopbot ok 0", "@coopbot ok 456"],
)  # fmt: skip
def test_help_and_anything_unknown(raw):
    assert command_in(raw, "coopbot") == Command(HELP)


@pytest.mark.parametrize(
    "raw",
    ["coopbot ok", "Bonjour @coopbot ok", "@coopbot2 ok", "@coopbot.dev ok", "@coopbot_x ok",
     "@alice ok", "> @coopbot ok", ""],
)  # fmt: skip
def test_text_not_opening_with_the_mention_is_no_command(raw):
    assert command_in(raw, "coopbot") is None


def test_the_mention_follows_the_bot_username():
    assert command_in("@Entraide-Bot ok", "entraide-bot") == Command(APPROVE)
    assert command_in("@coopbot ok", "entraide-bot") is None


def test_the_note_is_short_and_holds_no_address():
    command = parse("non " + "contacter alice@example.org " + "très long " * 100)
    assert command.reason == OTHER and len(command.note) == MAX_NOTE
    assert command.note.startswith("contacter [e-mail] très long")


def test_a_cut_never_leaves_half_an_address():
    # a long address shrinks to [e-mail], so what the scan cut at 1,000 comes within 200
    text = "non " + "a" * 900 + "@b.co " + "x " * 35 + "bob.martin@example.org et la suite"
    command = parse(text)
    assert command.note.startswith("[e-mail] x x")
    assert "bob" not in command.note and "@" not in command.note


@pytest.mark.parametrize(
    "command",
    [Command(APPROVE), Command(APPROVE_ENTRY, entry=2), Command(HELP),
     Command(REJECT, reason=WRONG_ARTICLE), Command(REJECT, reason=OTHER, note="trop vague")],
)  # fmt: skip
def test_the_argument_gives_the_command_back(command):
    assert Command.from_argument(command.verb, command.argument) == command


@PROPERTY
@given(st.text())
def test_any_text_gives_a_defined_command(text):
    command = parse(text)
    assert command.verb in (*VERBS, *INCIDENT_VERBS) and len(command.note) <= MAX_NOTE
    assert command.reason in (REASONS if command.verb == REJECT else (None,))
    assert (command.entry is not None) == (command.verb == APPROVE_ENTRY)
    assert Command.from_argument(command.verb, command.argument) == command


@PROPERTY
@given(st.text(st.sampled_from("@coopbotOK nò2é,.\n\t_-#")))
def test_any_post_gives_a_command_or_none(raw):
    command = command_in(raw, "coopbot")
    assert command is None or command.verb in (*VERBS, *INCIDENT_VERBS)


@pytest.mark.parametrize(
    "raw",
    [
        "@coopbot non " + "a" * 100_000 + "@b.co",
        "@coopbot non " + "a." * 50_000,
        "@coopbot " + "é" * 100_000,
        " " * 100_000 + "@coopbot ok",
        "@coopbot non " + "\u0301" * 100_000,
        "@coopbot non " + "x@" * 50_000,
    ],
    ids=["long word", "dotted", "accents", "spaces", "combining marks", "at signs"],
)
def test_100_kb_is_read_in_linear_time(raw):
    start = time.perf_counter()
    command = command_in(raw, "coopbot")
    # quadratic work on 100 kB would take minutes; linear takes milliseconds
    assert time.perf_counter() - start < 0.5
    assert command is not None


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_help_shows_commands_the_parser_knows(language):
    quoted = re.findall(r"`([^`]*)`", say("triage.help", language, bot="coopbot"))
    commands = [q.split("<")[0] for q in quoted if q.startswith("@coopbot")]
    verbs = [command_in(command, "coopbot").verb for command in commands]
    assert verbs == [APPROVE, APPROVE_ENTRY, REJECT, HELP, APPROVE]
    reasons = [q for q in quoted if not q.startswith("@")]
    assert [parse(f"non {reason}").reason for reason in reasons] == [
        WRONG_ARTICLE,
        ALREADY_ANSWERED,
        NOT_A_QUESTION,
    ]
