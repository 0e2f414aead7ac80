"""Anchors as documentation sites compute them."""

import pytest

from knowledge.anchors import AnchorMaker, slug, split_explicit_id


@pytest.mark.parametrize(
    ("style", "heading", "anchor"),
    [
        ("github", "Configurer l'accès SFTP", "configurer-laccès-sftp"),
        ("github", "Étape 2 : `php.ini` et *mémoire*", "étape-2--phpini-et-mémoire"),
        ("python-markdown", "Configurer l'accès SFTP", "configurer-lacces-sftp"),
        ("python-markdown", "Étape 2 : mémoire", "etape-2-memoire"),
        ("kramdown", "2. Réglages avancés", "rglages-avancs"),
        # An underscore inside a word is no emphasis: the sites keep it (github-slugger).
        ("github", "/etc/ssh/sshd_config", "etcsshsshd_config"),
        (
            "github",
            "Le fichier __init__.py et _upload_max_filesize_",
            "le-fichier-initpy-et-upload_max_filesize",
        ),
        ("python-markdown", "Régler upload_max_filesize", "regler-upload_max_filesize"),
        ("none", "Anything", ""),
    ],
)
def test_styles_slug_as_their_sites_do(style, heading, anchor):
    assert AnchorMaker(style).anchor(heading) == anchor


def test_repeated_headings_are_numbered_per_style():
    github = AnchorMaker("github")
    assert [github.anchor("Exemple") for _ in range(3)] == ["exemple", "exemple-1", "exemple-2"]
    markdown = AnchorMaker("python-markdown")
    assert [markdown.anchor("Exemple") for _ in range(2)] == ["exemple", "exemple_1"]


def test_an_explicit_id_wins():
    assert split_explicit_id("Sauvegardes {#backups .note}") == ("Sauvegardes", "backups")
    assert AnchorMaker("python-markdown").anchor("Sauvegardes {#backups}") == "backups"
    assert slug("[Lien](https://x.test) et `code`", "github") == "lien-et-code"


def test_an_unknown_style_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="github, python-markdown, kramdown, none"):
        AnchorMaker("hugo")
