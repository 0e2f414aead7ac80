"""The drafts the bot proposes: the snippet as the search cut it, every word in the language."""

from dataclasses import asdict

from bot import render
from bot.messages import catalog
from knowledge import Document, KnowledgeBase

LONG_PARAGRAPH = (
    "Pour changer le mot de passe de votre boîte aux lettres, ouvrez le webmail, "
    "choisissez Paramètres puis Compte, saisissez l'ancien mot de passe, puis le nouveau "
    "deux fois, et validez : le changement vaut aussi pour Thunderbird et pour votre "
    "téléphone, qui vous demanderont le nouveau mot de passe à la prochaine connexion."
)


def test_the_draft_quotes_the_snippet_as_the_search_cut_it():
    base = KnowledgeBase.build(
        [Document("kb-1", "Changer le mot de passe", LONG_PARAGRAPH)], semantic=False
    )
    [hit] = base.search("changer le mot de passe de ma boîte").hits
    assert hit.snippet.endswith(" …")  # the passage was long enough to be cut
    assert f": {hit.snippet}\n" in render.suggestion_draft([asdict(hit)], "paul", "fr")


def test_every_word_of_an_english_draft_is_english():
    hit = {"title": "Reset a password", "url": "", "snippet": "Open the webmail settings."}
    draft = render.suggestion_draft([hit], "", "en")
    assert draft.startswith("Hello @member,") and "membre" not in draft


def test_both_catalogs_say_the_same_things():
    assert catalog("fr").keys() == catalog("en").keys()
