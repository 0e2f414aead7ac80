"""The service catalogue: the coop's services, their words, symptoms, monitors and tags."""

from __future__ import annotations

import fnmatch
import functools
from dataclasses import dataclass
from pathlib import Path

from bot.incidents.catalogue_yaml import CatalogueError, parse_catalogue

__all__ = ["Catalogue", "CatalogueError", "Service", "check_catalogue", "load_catalogue"]

DEFAULT_PATH = Path(__file__).with_name("services.yaml")

Phrases = dict[str, tuple[str, ...]]  # language -> phrases


@dataclass(frozen=True, eq=False)
class Service:
    """One service of the coop, as the catalogue describes it."""

    id: str
    names: Phrases
    keywords: Phrases
    symptoms: dict[str, Phrases]  # kind of failure -> language -> phrases
    components: tuple[str, ...] = ()
    monitors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    def name(self, language: str) -> str:
        """The service's first name in a language (French when it has none)."""
        names = self.names.get(language) or self.names.get("fr") or (self.id,)
        return names[0]


@dataclass(frozen=True, eq=False)
class Catalogue:
    """Every service, and the words of a member saying a fixed failure still fails."""

    services: dict[str, Service]
    still_failing: Phrases
    source: str = ""

    def for_component(self, name: str) -> frozenset[str]:
        """Services a status-page component or a monitor stands for."""
        wanted = _key(name)
        found = {
            s.id
            for s in self.services.values()
            if wanted in map(_key, s.components)
            or any(fnmatch.fnmatchcase(wanted, _key(p)) for p in s.monitors)
        }
        return frozenset(found or ({wanted} & self.services.keys()))

    def for_category(self, slug: str) -> frozenset[str]:
        """Services a forum category is about."""
        return frozenset(s.id for s in self.services.values() if _key(slug) in s.categories)

    def for_tags(self, tags) -> frozenset[str]:
        """Services named by forum tags, Zammad tags or GitLab labels."""
        wanted = {_key(t) for t in tags}
        return frozenset(s.id for s in self.services.values() if wanted & set(s.tags))

    def names(self, service_ids, language: str) -> str:
        """The services' names, for a member: "messagerie, site"."""
        known = [self.services[s].name(language) for s in sorted(service_ids) if s in self.services]
        return ", ".join(known)


def _key(value: str) -> str:
    return str(value).strip().casefold()


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Load a catalogue (the shipped default when path is empty); read again once edited."""
    path = Path(path) if path else DEFAULT_PATH
    stat = path.stat()
    return _parse_file(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _parse_file(path: str, _mtime_ns: int, _size: int) -> Catalogue:
    data = parse_catalogue(Path(path).read_text(encoding="utf-8"), path)
    services = {
        service_id: Service(
            id=service_id,
            names=fields["names"],
            keywords=fields.get("keywords", {}),
            symptoms=fields.get("symptoms", {}),
            **{k: tuple(_key(v) for v in fields.get(k, ())) for k in ("categories", "tags")},
            **{k: tuple(fields.get(k, ())) for k in ("components", "monitors")},
        )
        for service_id, fields in data["services"].items()
    }
    return Catalogue(services, data.get("still_failing", {}), path)


def check_catalogue(path: str | Path) -> list[str]:
    """Every problem of a catalogue file, one line each; empty when it is fine."""
    try:
        load_catalogue(path)
    except OSError as error:
        return [f"cannot read {str(path)!r}: {error.strerror or error}"]
    except CatalogueError as error:
        return list(error.problems)
    return []
