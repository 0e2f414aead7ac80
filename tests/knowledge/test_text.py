"""Cleaning of forum posts, folding, language, stemming and synonyms."""

import pytest

from knowledge.errors import KnowledgeFormatError
from knowledge.synonyms import load_synonyms, parse_synonyms
from knowledge.text import (
    analyze,
    clean_forum_text,
    detect_language,
    fold,
    stem,
    words_for_terms,
)

SYNONYMS = load_synonyms()


def test_clean_drops_greeting_and_signature():
    text = "Bonjour à tous,\nMon site affiche une erreur.\nMerci d'avance,\nCordialement\nJeanne"
    assert clean_forum_text(text) == "Mon site affiche une erreur."


def test_clean_drops_closing_on_the_same_line():
    assert clean_forum_text("Salut, comment activer DKIM ? Merci d'avance, Hélène") == (
        "comment activer DKIM ?"
    )


def test_clean_drops_quotes_of_earlier_posts():
    cooked = (
        '<aside class="quote"><blockquote><p>ancien message</p></blockquote></aside>'
        "<p>Hello,</p><p>toujours bloqué</p>"
    )
    raw = '[quote="anne, post:2"]\nancien message\n[/quote]\n> cité\ntoujours bloqué'
    assert clean_forum_text(cooked) == "toujours bloqué"
    assert clean_forum_text(raw) == "toujours bloqué"


def test_clean_keeps_code_and_error_messages():
    cooked = "<p>Bonsoir</p><p>J'ai :</p><pre><code>554 5.7.1 Relay access denied</code></pre>"
    text = clean_forum_text(cooked)
    assert "554 5.7.1 Relay access denied" in text
    markdown = "Voici l'erreur :\n```\nPHP Fatal error: Allowed memory size\n```\nThanks,\nBob"
    assert clean_forum_text(markdown) == "Voici l'erreur :\nPHP Fatal error: Allowed memory size"


def test_clean_strips_html_and_markdown_decoration():
    assert clean_forum_text("<p>le <strong>site</strong> &amp; la [doc](https://x.test)</p>") == (
        "le site & la doc"
    )
    assert clean_forum_text("le **site** et la [doc](https://x.test)") == "le site et la doc"


def test_fold_removes_case_and_accents():
    assert fold("Œuvre ÉTÉ à Noël, Boîte") == "oeuvre ete a noel, boite"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Comment est-ce que je change le mot de passe de ma boîte ?", "fr"),
        ("How do I change the password of my mailbox?", "en"),
        ("DKIM", "fr"),
    ],
)
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_accents_do_not_matter_to_terms():
    assert analyze("Réinitialiser une boîte", "fr", SYNONYMS) == analyze(
        "reinitialiser une boite", "fr", SYNONYMS
    )


def test_stemming_joins_word_forms():
    assert stem("sauvegardes") == stem("sauvegarde")
    assert stem("configurer") == stem("configuration")


def test_technical_words_are_not_stemmed():
    for word in ("dns", "smtp", "https", "cron", "imap", "dkim"):
        assert stem(word) == word
    assert "8.4" in analyze("PHP 8.4", "fr", SYNONYMS)


def test_synonyms_rewrite_abbreviations_and_variants():
    assert analyze("mdp", "fr", SYNONYMS) == analyze("mot de passe", "fr", SYNONYMS)
    assert analyze("un courriel", "fr", SYNONYMS) == analyze("un e-mail", "fr", SYNONYMS)
    assert analyze("pourriels", "fr", SYNONYMS) == analyze("indésirables", "fr", SYNONYMS)
    assert analyze("mon NC", "fr", SYNONYMS) == analyze("mon Nextcloud", "fr", SYNONYMS)


def test_upper_case_variants_match_only_as_written():
    assert analyze("certificat LE", "fr", SYNONYMS) == analyze(
        "certificat Let's Encrypt", "fr", SYNONYMS
    )
    assert "encrypt" not in analyze("le certificat", "fr", SYNONYMS)


def test_english_words_meet_french_articles():
    assert set(analyze("forgot password", "en", SYNONYMS)) == set(
        analyze("mot de passe oublié", "fr", SYNONYMS)
    )


def test_custom_synonym_file(tmp_path):
    path = tmp_path / "synonyms.txt"
    path.write_text("# ours\nvisio = jitsi, visioconférence\n", encoding="utf-8")
    table = load_synonyms(path)
    assert analyze("Jitsi", "fr", table) == analyze("visio", "fr", table)


def test_bad_synonym_line_names_file_and_line():
    with pytest.raises(KnowledgeFormatError, match=r"ours\.txt:2:"):
        parse_synonyms("a = b\nno equals sign here\n", "ours.txt")


def test_terms_are_shown_in_the_members_own_words():
    synonyms = load_synonyms()
    text = "J'ai oublié mon mdp de boîte mail, NC aussi"
    typed = words_for_terms(text, set(analyze(text, "fr", synonyms)), "fr", synonyms)
    assert typed["oubl"] == "oublié" and typed["boit"] == "boîte"
    assert typed["pass"] == "mdp" and typed["nextcloud"] == "NC"


def test_passages_are_plain_paragraphs_and_list_items():
    from knowledge.passages import passages

    markdown = (
        "## Regardez d'abord ici\n\n1. **Corbeille** : dans le `webmail`.\n"
        "- Voir [la doc](https://doc.test/x) et ![image](i.png)\n> citée\n\n"
        "_Fin_ de upload_max_filesize."
    )
    assert passages(markdown) == [
        "Regardez d'abord ici",
        "1. Corbeille : dans le webmail.",
        "Voir la doc et image citée",
        "Fin de upload_max_filesize.",
    ]
