"""Snippets quote readable sentences: no table pipes, no heading marks, names kept whole."""

from knowledge import Document, KnowledgeBase
from knowledge.passages import passages

MAIL_SETTINGS = """# Configurer un logiciel de messagerie ##

Ces paramètres valent pour Thunderbird, Outlook et le téléphone.

## Paramètres
| Usage | Serveur | Port | Sécurité |
|---|:---:|---|---|
| Réception IMAP (recommandé) | `imap.example.coop` | 993 | SSL/TLS |
| Envoi SMTP | `smtp.example.coop` | 587 | STARTTLS |

Limites PHP
===========

Augmentez _prudemment_ la valeur de upload_max_filesize dans le fichier de réglages.

---

Le filtre `a \\| b` reste lisible dans une cellule.
"""


def test_a_table_becomes_one_sentence_per_row():
    found = passages(MAIL_SETTINGS)
    assert (
        "Usage: Réception IMAP (recommandé), Serveur: imap.example.coop, Port: 993, "
        "Sécurité: SSL/TLS"
    ) in found
    assert "Usage: Envoi SMTP, Serveur: smtp.example.coop, Port: 587, Sécurité: STARTTLS" in found
    assert not [p for p in found if p.startswith("|") or "|---" in p]


def test_no_heading_mark_rule_or_emphasis_survives():
    found = passages(MAIL_SETTINGS)
    assert "Configurer un logiciel de messagerie" in found and "Limites PHP" in found
    assert not [p for p in found if "#" in p or "===" in p or p == "---" or "`" in p]
    assert (
        "Augmentez prudemment la valeur de upload_max_filesize dans le fichier de réglages."
        in found
    )


def test_an_escaped_pipe_outside_a_table_is_left_alone():
    assert "Le filtre a \\| b reste lisible dans une cellule." in passages(MAIL_SETTINGS)


def test_a_question_on_a_table_quotes_its_row():
    base = KnowledgeBase.build(
        [Document("kb-006", "Configurer un logiciel de messagerie", MAIL_SETTINGS)],
        semantic=False,
    )
    [hit] = base.search("Quel port pour envoyer en SMTP ?").hits
    assert hit.snippet.startswith("Usage: Envoi SMTP") and "|" not in hit.snippet


DOCUSAURUS_PAGE = """import InlineVoucher from '@site/src/components/InlineVoucher';
import Tabs from '@theme/Tabs';

## Transférer un domaine

<InlineVoucher />

:::info Transfère ton domaine
Demande le code d'autorisation à ton registrar actuel, puis saisis-le dans le formulaire.
:::

<Tabs>
<TabItem value="debian" label="Debian" default>
Installe le client avec apt install whois, puis vérifie le registrar du domaine.
</TabItem>
</Tabs>

:::note[Délai]

Le transfert prend jusqu'à cinq jours.

:::
"""


def test_docusaurus_imports_components_and_admonition_fences_are_not_quoted():
    found = passages(DOCUSAURUS_PAGE)
    assert not [p for p in found if ":::" in p or "import " in p or "<" in p]
    assert "Transfère ton domaine" in found and "Délai" in found
    assert (
        "Demande le code d'autorisation à ton registrar actuel, puis saisis-le dans le formulaire."
    ) in found
    assert (
        "Installe le client avec apt install whois, puis vérifie le registrar du domaine."
    ) in found


def test_a_question_on_a_docusaurus_page_quotes_its_sentence():
    base = KnowledgeBase.build(
        [Document("dom-1", "Domaine : transfert", DOCUSAURUS_PAGE)], semantic=False
    )
    [hit] = base.search("Où saisir le code d'autorisation du registrar ?").hits
    assert hit.snippet.startswith("Demande le code d'autorisation")


def test_a_tag_line_with_text_around_is_kept():
    found = passages("<b>Attention</b> : le port change demain.\n\n<br/><br/>\n")
    assert found == ["<b>Attention</b> : le port change demain."]


def test_an_entry_unpacks_its_passages_with_their_folded_text():
    from knowledge.documents import Document
    from knowledge.entry import Entry, packed

    def entry(texts):
        return Entry(Document("a", "A", ""), packed(texts), "", (), frozenset(), b"")

    texts = ["Élève œuvre à l’été", "🎉", "Plain text"]
    assert entry(texts).passages == [
        ("Élève œuvre à l’été", "eleve oeuvre a l'ete"),
        ("🎉", ""),
        ("Plain text", "plain text"),
    ]
    assert entry([]).passages == []
