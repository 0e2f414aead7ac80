"""Text rules shared by indexing and querying: folding, language, stemming, synonyms."""

import functools
import re

import Stemmer

from knowledge.cleaning import clean_forum_text
from knowledge.folding import fold, fold_words
from knowledge.stopwords import ENGLISH, FRENCH
from knowledge.synonyms import NO_SYNONYMS, Synonyms, apply_synonyms

__all__ = [
    "analyze",
    "clean_forum_text",
    "detect_language",
    "language_and_terms",
    "fold",
    "fold_words",
    "words_for_terms",
]

# A word as the member typed it, accents and case kept.
TYPED_WORD = re.compile(r"\d+(?:[.,]\d+)+|\w+")
# Short technical words whose stems would collide with ordinary words or lose meaning.
PROTECTED_WORDS = """
dns php smtp mx ssl dkim spf dmarc ftp sftp ssh imap pop pop3 tls http https cron www ip ipv4
ipv6 ttl txt cname epp sql mysql mariadb totp caldav carddav webmail wordpress spip nextcloud
ouvadmin sympa htaccess api url cms git vps sepa
"""
PROTECTED = frozenset(PROTECTED_WORDS.split())
STEMMERS = {"fr": "french", "en": "english"}
# Below this many stopwords, a text is too short to tell; French is the coop's language.
MIN_LANGUAGE_EVIDENCE = 2
# Typed words whose terms are kept (knowledge.synonyms.Synonyms.analyses), about 2 MB.
WORD_TERMS_KEPT = 20_000
# Both lists always: English questions meet French articles through French synonyms.
STOPWORDS = FRENCH | ENGLISH


def detect_language(text: str) -> str:
    """Guess "fr" or "en" by counting stopwords of each language."""
    return _language(fold_words(text))


def _language(words: list[str]) -> str:
    """Guess "fr" or "en" from folded words."""
    # Counted in C: a generator's step per word cost more than the lookups.
    french = sum(map(FRENCH.__contains__, words))
    english = sum(map(ENGLISH.__contains__, words))
    if english >= MIN_LANGUAGE_EVIDENCE and english > french:
        return "en"
    return "fr"


@functools.cache
def _stemmer(lang: str) -> Stemmer.Stemmer:
    """Return the PyStemmer stemmer for a language (French when unknown)."""
    return Stemmer.Stemmer(STEMMERS.get(lang, "french"))


@functools.lru_cache(maxsize=200_000)
def stem(word: str, lang: str = "fr") -> str:
    """Stem one folded word, leaving protected technical words and numbers alone."""
    if word in PROTECTED or word[0].isdigit() or "_" in word:
        return word
    return _stemmer(lang).stemWord(word)


def analyze(text: str, lang: str = "fr", synonyms: Synonyms = NO_SYNONYMS) -> list[str]:
    """Return the index terms of a text: folded, synonyms applied, stopwords out, stemmed."""
    return _terms(fold_words(synonyms.rewrite_exact(text)), lang, synonyms)


def language_and_terms(text: str, synonyms: Synonyms = NO_SYNONYMS) -> tuple[str, list[str]]:
    """Return the language of a text and its terms (detect_language, then analyze)."""
    words = fold_words(text)
    lang = _language(words)
    rewritten = synonyms.rewrite_exact(text)
    # Most texts hold no upper-case variant: their words are folded once for both.
    return lang, _terms(words if rewritten == text else fold_words(rewritten), lang, synonyms)


def _terms(words: list[str], lang: str, synonyms: Synonyms) -> list[str]:
    """Return the terms of folded words: synonyms applied, stopwords out, stemmed."""
    words = apply_synonyms(words, synonyms)
    french = synonyms.canonical_words
    if lang == "fr":
        return [stem(w) for w in words if len(w) > 1 and w not in STOPWORDS]
    return [
        stem(w, "fr" if w in french else lang) for w in words if len(w) > 1 and w not in STOPWORDS
    ]


def words_for_terms(
    text: str, terms: set[str], lang: str = "fr", synonyms: Synonyms = NO_SYNONYMS
) -> dict[str, str]:
    """Return, for each term, the first word of text that gave it.

    Terms are stems ("boit", "oubl"); volunteers read the member's own words ("boîte",
    "oublié"). A term no single word gave (from a multi-word synonym) is left out."""
    words = TYPED_WORD.findall(text)
    typed: dict[str, str] = {}
    for word in words:  # most terms are a word's stem: one cached lookup a word
        term = _typed_term(word, lang)
        if term in terms and term not in typed:
            typed[term] = word
            if len(typed) == len(terms):
                return typed
    if len(typed) < len(terms):  # the others came through synonyms (mdp -> mot, pass)
        for word in words:
            if _folded_word(word) in synonyms.first_words or word in synonyms.exact:
                for term in _word_terms(word, lang, synonyms):
                    if term in terms:
                        typed.setdefault(term, word)
    return typed


def _word_terms(word: str, lang: str, synonyms: Synonyms) -> tuple[str, ...]:
    """Return the terms of one typed word, kept with the synonyms that made them: the
    same words start synonyms in question after question (mot, boite, nom)."""
    cache = synonyms.analyses
    terms = cache.get((word, lang))
    if terms is None:
        if len(cache) >= WORD_TERMS_KEPT:
            cache.clear()
        terms = cache[word, lang] = tuple(analyze(word, lang, synonyms))
    return terms


@functools.lru_cache(maxsize=50_000)
def _typed_term(word: str, lang: str) -> str:
    """Return the term a typed word gives alone ("" for a word too short to be one)."""
    folded = _folded_word(word)
    return stem(folded, lang) if len(folded) > 1 else ""


@functools.lru_cache(maxsize=20_000)
def _folded_word(word: str) -> str:
    """Return a typed word folded: words recur from question to question."""
    return fold(word)
