"""The catalogue's phrases as analyzed terms: which services and symptoms a text shows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.incidents.catalogue import Catalogue, Phrases
from knowledge.text import clean_forum_text, fold_words

Analyzer = Callable[[str, str], list[str]]  # (text, language) -> terms
Phrase = frozenset[str]


@dataclass(frozen=True)
class Vocabulary:
    """Each service's and each symptom's phrases, as sets of terms that must all be present."""

    services: dict[str, tuple[Phrase, ...]]
    symptoms: dict[str, tuple[Phrase, ...]]  # "service.kind"
    still_failing: tuple[tuple[str, ...], ...]  # folded words, in order

    @classmethod
    def build(cls, catalogue: Catalogue, analyze: Analyzer) -> Vocabulary:
        """Analyze every phrase of the catalogue with the knowledge base's own rules."""
        services, symptoms = {}, {}
        for s in catalogue.services.values():
            own = {f"{s.id}.{kind}": _phrases(p, analyze) for kind, p in s.symptoms.items()}
            symptoms |= own
            named = _phrases(s.names, analyze) + _phrases(s.keywords, analyze)
            services[s.id] = named + tuple(p for group in own.values() for p in group)
        still = {tuple(fold_words(p)) for texts in catalogue.still_failing.values() for p in texts}
        return cls(services, symptoms, tuple(sorted(w for w in still if w)))

    def services_in(self, terms: Iterable[str]) -> frozenset[str]:
        """Services whose names, keywords or symptoms the terms contain."""
        return _matching(self.services, with_parts(terms))

    def symptoms_in(self, terms: Iterable[str], services=None) -> frozenset[str]:
        """Symptoms ("mail.sending") the terms show, of the given services only when given."""
        found = _matching(self.symptoms, with_parts(terms))
        if services is None:
            return found
        return frozenset(s for s in found if s.split(".", 1)[0] in services)

    def says_still_failing(self, text: str) -> bool:
        """True when a member's words say that something still fails (quotes left out)."""
        words = fold_words(clean_forum_text(text))
        return any(
            tuple(words[i : i + len(phrase)]) == phrase
            for phrase in self.still_failing
            for i in range(len(words) - len(phrase) + 1)
        )


def with_parts(terms: Iterable[str]) -> frozenset[str]:
    """The terms, plus the parts of error codes written with underscores (ERR_CERT_...)."""
    out = set(terms)
    out.update(part for term in out.copy() if "_" in term for part in term.split("_") if part)
    return frozenset(out)


def _phrases(phrases: Phrases, analyze: Analyzer) -> tuple[Phrase, ...]:
    """Each phrase's terms in its own language; a phrase made only of stopwords is left out."""
    out = []
    for lang, texts in phrases.items():
        for text in texts:
            terms = frozenset(analyze(text, lang))
            if terms:
                out.append(terms)
    return tuple(dict.fromkeys(out))


def _matching(table: dict[str, tuple[Phrase, ...]], have: frozenset[str]) -> frozenset[str]:
    return frozenset(name for name, phrases in table.items() if any(p <= have for p in phrases))
