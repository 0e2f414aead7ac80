"""Helpers of the suggestion tests: a support forum with a small base, questions, delivery."""

from __future__ import annotations

from pathlib import Path

from bot import worker
from bot.events import PostCreated
from bot.incoming import Incoming
from bot.kb import entries
from bot.store import inbox
from bot.suggestions import queries
from knowledge.documents import load_markdown_folder

KB = Path(__file__).parent / "kb"
QUESTION = (
    "Erreur 500 sur mon site WordPress",
    "Bonjour, depuis ce matin mon site affiche « Internal Server Error ». "
    "J'ai modifié le .htaccess hier. Merci d'avance, Paul",
)
MAIL_QUESTION = (
    "Mot de passe de ma boîte mail oublié",
    "Bonjour, j'ai oublié le mot de passe de ma boîte mail, comment le changer ?",
)


def seed_support(context, forum, engine) -> dict[str, int]:
    """A public support category, a staff-only one, another public one, and the small base."""
    context.settings = context.settings.with_(support_categories=("entraide",))
    ids = {
        "entraide": forum.add_category("Entraide", slug="entraide"),
        "staff": forum.add_category("Équipe", slug="equipe", read_restricted=True),
        "annonces": forum.add_category("Annonces", slug="annonces"),
    }
    with engine.begin() as conn:
        entries.upsert(conn, "default", load_markdown_folder(KB))
    return ids


def deliver(context, event, key):
    """Record an event in the inbox and run the worker until nothing is left."""
    inbox.record(
        context.engine,
        Incoming(source="discourse", kind=event.kind, semantic_key=key, event=event),
        "default",
    )
    worker.run(context, until_idle=True)


def question(category_id, topic_id=10, post_id=100, title=QUESTION[0], raw=QUESTION[1]):
    """A member's question: the first post of a topic."""
    return PostCreated(
        post_id=post_id,
        topic_id=topic_id,
        post_number=1,
        username="paul",
        raw=raw,
        topic_title=title,
        category_id=category_id,
    )


def ask(context, forum, category_id, title=QUESTION[0], raw=QUESTION[1], username="paul"):
    """Open the topic in the memory forum, deliver its question; return its suggestion."""
    topic_id = forum.add_topic(title, raw, category_id=category_id, username=username)
    [first] = forum.topic_posts(topic_id)
    event = question(category_id, topic_id, first.id, title, raw)
    deliver(context, event, f"question:{topic_id}")
    return queries.for_topic(context.engine, "default", topic_id)
