"""Read the catalogue's YAML with line numbers, and name every problem on its own line."""

from __future__ import annotations

import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

LANGUAGES = ("fr", "en")
PHRASE_FIELDS = ("names", "keywords")
LIST_FIELDS = ("components", "monitors", "categories", "tags")
SERVICE_FIELDS = (*PHRASE_FIELDS, "symptoms", *LIST_FIELDS)
SERVICE_ID = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")


class CatalogueError(ValueError):
    """A catalogue file that cannot be used; `problems` holds one line per error."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = tuple(problems)


class _Reader:
    """Walk the YAML nodes, collecting problems as `file:line: message`."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []

    def problem(self, node: Node | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.problems.append(f"{self.source}:{line}: {message}")

    def mapping(self, node: Node, where: str) -> dict[str, tuple[Node, Node]]:
        """key -> (key node, value node); a duplicate key or a non-mapping is a problem."""
        if not isinstance(node, MappingNode):
            self.problem(node, f"{where}: expected 'key: value' lines")
            return {}
        found: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in found:
                self.problem(key_node, f"{where}: {key!r} is given twice")
            found[key] = (key_node, value_node)
        return found

    def strings(self, node: Node, where: str) -> tuple[str, ...]:
        """A list of non-empty strings."""
        if not isinstance(node, SequenceNode):
            self.problem(node, f"{where}: expected a list such as [a, b]")
            return ()
        out = []
        for item in node.value:
            if not isinstance(item, ScalarNode) or not str(item.value).strip():
                self.problem(item, f"{where}: expected a word or phrase")
            else:
                out.append(str(item.value).strip())
        return tuple(out)

    def phrases(self, node: Node, where: str) -> dict[str, tuple[str, ...]]:
        """Phrases by language: {fr: [...], en: [...]}."""
        out = {}
        for lang, (key_node, value) in self.mapping(node, where).items():
            if lang not in LANGUAGES:
                self.problem(key_node, f"{where}: unknown language {lang!r} (fr or en)")
                continue
            out[lang] = self.strings(value, f"{where}.{lang}")
        return out

    def service(self, service_id: str, key_node: Node, node: Node) -> dict:
        where = f"services.{service_id}"
        if not SERVICE_ID.match(service_id):
            self.problem(key_node, f"{where}: a service id is lower-case letters, digits, - or _")
        fields = self.mapping(node, where)
        out: dict = {}
        for name, (field_key, value) in fields.items():
            if name not in SERVICE_FIELDS:
                self.problem(field_key, f"{where}: unknown field {name!r}")
            elif name in PHRASE_FIELDS:
                out[name] = self.phrases(value, f"{where}.{name}")
            elif name == "symptoms":
                kinds = self.mapping(value, f"{where}.symptoms").items()
                out[name] = {k: self.phrases(v, f"{where}.symptoms.{k}") for k, (_, v) in kinds}
            else:
                out[name] = self.strings(value, f"{where}.{name}")
        if not any(out.get("names", {}).values()):
            self.problem(key_node, f"{where}: names are required (at least one, fr or en)")
        return out


def parse_catalogue(text: str, source: str = "<catalogue>") -> dict:
    """Parse and check a catalogue; raise CatalogueError listing every problem."""
    reader = _Reader(source)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error)
        raise CatalogueError([f"{source}:{line}: not valid YAML: {problem}"]) from None
    top = reader.mapping(root, "the file") if root is not None else {}
    data: dict = {"services": {}}
    for name, (key_node, value) in top.items():
        if name == "still_failing":
            data[name] = reader.phrases(value, name)
        elif name == "services":
            for service_id, (id_node, node) in reader.mapping(value, name).items():
                data["services"][service_id] = reader.service(service_id, id_node, node)
        else:
            reader.problem(key_node, f"unknown section {name!r} (services, still_failing)")
    if not data["services"] and not reader.problems:
        reader.problem(root, "no services: the file needs a 'services:' section")
    if reader.problems:
        raise CatalogueError(reader.problems)
    return data
