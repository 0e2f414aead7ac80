"""Long articles are split into sections; a hit names, links and quotes its section."""

from knowledge import Document, KnowledgeBase
from knowledge.sections import sections

PAGE = """# Sauvegardes

Les sauvegardes de votre hébergement sont faites chaque nuit et gardées quatorze jours.

## Restaurer un site

Dans le panneau, ouvrez Sauvegardes, choisissez la date puis le dossier du site et
cliquez sur Restaurer : les fichiers actuels sont remplacés par ceux de cette nuit-là.

```
## not a heading: inside fenced code
```

### Restaurer une base de données

Choisissez la base et la date ; l'import remplace les tables existantes, pensez à
exporter la base actuelle avant de lancer la restauration.

## Restaurer un message supprimé

Les messages effacés de la corbeille restent récupérables sept jours dans le webmail,
menu Dossiers puis Récupérer les messages supprimés.

Court
-----

Une ligne.

## Télécharger une archive complète

L'archive complète de l'hébergement se télécharge depuis le panneau, onglet Export,
au format tar.gz ; le lien reste valable vingt-quatre heures après sa création.
"""


def test_sections_follow_headings_not_code():
    found = sections(PAGE, "Sauvegardes")
    assert [s.path for s in found] == [
        (),
        ("Restaurer un site",),
        ("Restaurer un site", "Restaurer une base de données"),
        ("Restaurer un message supprimé",),
        ("Télécharger une archive complète",),
    ]
    assert "not a heading" in found[1].text
    assert found[2].anchor == "restaurer-une-base-de-données"
    # the setext section "Court" is too short: it joins the next section
    assert "Court" in found[4].text and "Une ligne." in found[4].text


LONG = "Un paragraphe assez long pour former une section à lui seul, plus de quatre-vingts signes."


def test_a_line_of_dashes_under_a_heading_or_a_fence_makes_no_heading():
    page = (
        f"{LONG}\n\n## Installer le certificat\n---\n\n{LONG}\n\n"
        f"```\ncode\n```\n---\n\n{LONG}\n\nTitre\n=====\n=====\n\n{LONG}"
    )
    found = sections(page, "Certificats")
    assert [s.path for s in found] == [(), ("Installer le certificat",), ("Titre",)]
    assert found[1].anchor == "installer-le-certificat"


def test_a_link_in_a_heading_shows_as_its_text():
    body = f"{LONG}\n\n## Voir [la FAQ](https://faq.test/x) sur `dig`\n\n{LONG} Résolveur dig."
    kb = KnowledgeBase.build([Document("a", "DNS", body, url="https://d.test/dns")], semantic=False)
    hit = kb.search("résolveur dig").hits[0]
    assert hit.label == "DNS › Voir la FAQ sur `dig`"
    assert hit.url == "https://d.test/dns#voir-la-faq-sur-dig"


def test_a_page_without_headings_is_one_section():
    (only,) = sections("Un seul paragraphe de texte assez long pour compter ici.", "Titre")
    assert only.path == () and only.anchor == ""


def test_a_hit_links_and_quotes_the_section_that_answers():
    other = Document("kb-2", "Facturation", "Les factures arrivent le premier du mois.")
    page = Document("kb-1", "Sauvegardes", PAGE, url="https://doc.test/sauvegardes")
    kb = KnowledgeBase.build([page, other], semantic=False)
    assert kb.stats().sections == 5
    hit = kb.search("Récupérer les messages supprimés du webmail").hits[0]
    assert hit.url == "https://doc.test/sauvegardes#restaurer-un-message-supprimé"
    assert hit.section == "Restaurer un message supprimé"
    assert hit.label == "Sauvegardes › Restaurer un message supprimé"
    assert "sept jours" in hit.snippet


def test_the_anchor_style_is_the_sites():
    page = Document("kb-1", "Sauvegardes", PAGE, url="https://doc.test/sauvegardes")
    kb = KnowledgeBase.build([page], semantic=False, anchor_style="python-markdown")
    hit = kb.search("restaurer une base de données importer les tables").hits[0]
    assert hit.url == "https://doc.test/sauvegardes#restaurer-une-base-de-donnees"


def test_removing_an_entry_removes_its_sections():
    page = Document("kb-1", "Sauvegardes", PAGE, url="https://doc.test/sauvegardes")
    kb = KnowledgeBase.build([page], semantic=False)
    kb.remove(["kb-1"])
    assert kb.stats().sections == 0 and not kb.search("restaurer un site").hits
