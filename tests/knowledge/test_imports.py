"""The knowledge library's modules import each other in one direction, and nothing above."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "knowledge"
FORBIDDEN = ("bot", "webhooks", "flask", "sqlalchemy", "sqlmodel", "pydiscourse")


def imports(path: Path) -> set[str]:
    """Return every module a file imports, at any depth (function-level imports too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def graph() -> dict[str, set[str]]:
    """Return the knowledge modules each knowledge module imports."""
    modules = {f"knowledge.{p.stem}": p for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    return {name: imports(path) & set(modules) for name, path in modules.items()}


def cycle_from(start: str, edges: dict[str, set[str]]) -> list[str]:
    """Return a path of imports leading back to start, or []."""
    stack = [(start, [start])]
    seen = set()
    while stack:
        node, path = stack.pop()
        for target in edges[node]:
            if target == start:
                return [*path, start]
            if target not in seen:
                seen.add(target)
                stack.append((target, [*path, target]))
    return []


def test_no_import_cycle_between_knowledge_modules():
    edges = graph()
    cycles = [cycle_from(name, edges) for name in sorted(edges)]
    assert [c for c in cycles if c] == []


def test_knowledge_imports_neither_the_bot_nor_the_web_nor_the_database():
    for path in PACKAGE.glob("*.py"):
        above = {m for m in imports(path) if m.split(".")[0] in FORBIDDEN}
        assert not above, f"{path.name} imports {sorted(above)}"
