"""The import rules of docs/architecture.md: each floor imports only the floors below it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "webhooks", "knowledge")
# Floors, top to bottom; a module may import its own floor and the ones below.
FLOORS = (
    ("command line", ("bot.cli", "bot.demo")),
    ("web, worker, clock", ("webhooks", "bot.worker", "bot.scheduler")),
    (
        "domain",
        (
            "bot.handlers",
            "bot.handling",
            "bot.suggestions",
            "bot.kb",
            "bot.incidents",
            "bot.triage",
            "bot.digest",
            "bot.reconcile",
            "bot.restricted",
            "bot.health",
            "bot.checklist",
        ),
    ),
    ("plumbing", ("bot.store", "bot.context")),
    (
        "foundations",
        (
            "bot.settings",
            "bot.clock",
            "bot.events",
            "bot.incoming",
            "bot.privacy",
            "bot.emails",
            "bot.storable",
            "bot.masking",
            "bot.render",
            "bot.messages",
            "bot.forum",
            "bot.helpdesk",
            # the service catalogue is read by the settings at start-up
            "bot.incidents.catalogue",
            "bot.incidents.catalogue_yaml",
            "bot.triage.commands",
            "bot.triage.incident_commands",
        ),
    ),
    ("knowledge", ("knowledge",)),
)
WEB_ONLY = ("flask", "werkzeug", "flask_babel", "flask_wtf", "flask_limiter")


def module_name(path: Path) -> str:
    """bot/store/inbox.py -> bot.store.inbox."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    """Every module of the three packages."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = module_name(path)
            if "migrations" not in path.parts and name not in PACKAGES:
                found[name] = path
    return found


def imports(path: Path) -> set[str]:
    """Every module a file imports, at any depth (function-level imports included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def floor(name: str) -> int | None:
    """The floor of a module (0 is the top) by its longest matching prefix; None outside."""
    matches = [
        (len(prefix), level)
        for level, (_, prefixes) in enumerate(FLOORS)
        for prefix in prefixes
        if name == prefix or name.startswith(prefix + ".")
    ]
    return max(matches)[1] if matches else None


MODULES = modules()


def test_every_module_has_a_floor():
    assert [name for name in MODULES if floor(name) is None] == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_import_runs_up_a_floor(name):
    own = floor(name)
    upward = sorted(
        target
        for target in imports(MODULES[name])
        if floor(target) is not None and floor(target) < own and target in MODULES
    )
    assert upward == [], f"{name} ({FLOORS[own][0]}) imports from above: {upward}"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if not n.startswith("webhooks")))
def test_flask_stays_in_the_web_wing_and_the_command_line(name):
    if name.startswith("bot.cli"):
        return
    web = sorted(i for i in imports(MODULES[name]) if i.split(".")[0] in WEB_ONLY)
    assert web == [], f"{name} imports {web}"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("knowledge")))
def test_knowledge_knows_neither_the_bot_nor_the_web(name):
    outside = sorted(
        i for i in imports(MODULES[name]) if i.split(".")[0] in ("bot", "webhooks", "pydiscourse")
    )
    assert outside == []


def test_pydiscourse_is_imported_by_its_adapter_only():
    users = sorted(
        n for n, p in MODULES.items() if any(i.startswith("pydiscourse") for i in imports(p))
    )
    assert users == ["bot.forum.discourse"]
