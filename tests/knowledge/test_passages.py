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
