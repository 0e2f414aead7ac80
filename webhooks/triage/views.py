"""The queue, one suggestion with its editor, and the editor's preview."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, render_template, request, session
from flask_babel import get_locale, get_translations
from flask_babel import lazy_gettext as _l
from jinja2 import pass_context
from markupsafe import Markup

from bot import render
from bot.forum import categories as forum_categories
from bot.messages import say
from bot.store import state
from bot.suggestions import queries
from bot.suggestions import texts as suggestion_texts
from bot.triage.questions import question_texts
from webhooks.triage.blueprint import bp, context
from webhooks.triage.digest import waiting_count
from webhooks.triage.incidents import open_count

PAGE = 10  # items rendered at once; the count says how many wait in all
SKIPPED_KEPT = 200
REASONS = (  # the values of decisions.RejectReason
    ("wrong_article", _l("Wrong article")),
    ("already_answered", _l("Already answered")),
    ("not_a_question", _l("Not a question")),
    ("other", _l("Other (say why in the note)")),
)
REPLY_STATES = {  # the reply's outbox status, as a volunteer reads it
    "pending": _l("the reply waits to be posted"),
    "sent": _l("the reply is posted"),
    "enqueued": _l("the reply awaits a moderator's approval on the forum"),
    "failed": _l("posting the reply failed; it will be tried again"),
    "dead": _l("the forum refused the reply"),
}


@dataclass(frozen=True)
class Filters:
    """The queue's filters, from the query string."""

    category: int | None = None
    service: str | None = None

    @classmethod
    def from_args(cls, args) -> Filters:
        """Read ?category=ID&service=NAME, ignoring what is not a valid value."""
        category = args.get("category", "")
        return cls(int(category) if category.isdigit() else None, args.get("service") or None)

    def query(self) -> dict:
        """The filters as url_for arguments."""
        return {k: v for k, v in (("category", self.category), ("service", self.service)) if v}


@bp.get("/")
def queue():
    """The pending suggestions, oldest first, with the count waiting."""
    ctx = context()
    engine, forum = ctx.engine, ctx.settings.forum_id
    filters = Filters.from_args(request.args)
    where = {"category_id": filters.category, "service": filters.service}
    skipped = set(session.get("skipped", ()))
    rows = queries.pending_queue(engine, forum, **where, limit=PAGE + len(skipped))
    rows = [r for r in rows if r.id not in skipped][:PAGE]
    categories, services = queries.facets(engine, forum)
    return render_template(
        "triage/queue.html",
        items=_items(ctx, rows),
        count=queries.pending_count(engine, forum, **where),
        filters=filters,
        categories=category_options(ctx, categories),
        services=services,
        whispers_refused=_whispers_refused(ctx),
        digests_waiting=waiting_count(),
        incidents_open=open_count(),
    )


@bp.get("/s/<int:suggestion_id>")
def item(suggestion_id: int):
    """One suggestion, its draft in the editor."""
    row = _row(suggestion_id)
    return _item_page(row, row.draft)


@bp.post("/s/<int:suggestion_id>/preview")
def preview_item(suggestion_id: int):
    """The editor again, with the edited text's preview (the path without JavaScript)."""
    text = request.form.get("text", "")
    return _item_page(_row(suggestion_id), text, Markup(render.html_preview(text)))


@bp.post("/preview")
def preview():
    """The sanitized HTML of a Markdown text, for the editor's live preview."""
    return render.html_preview(request.form.get("text", "")), {"Content-Type": "text/html"}


def _item_page(row, text: str, preview: Markup | None = None) -> str:
    """One suggestion; the editor while it is pending."""
    shown = {"preview": preview} if preview is not None else {}
    editing = row.status == "pending"
    item = _items(context(), [row])[0]
    return render_template("triage/item.html", item=item, text=text, editing=editing, **shown)


@bp.app_context_processor
def page_values() -> dict:
    """What every page's template needs: the language, the reasons to reject, and `_` bound
    to this request's catalog (Flask-Babel looks the catalog up again on every call: a
    queue page has some 200 texts)."""
    translations = get_translations()
    return {
        "lang": str(get_locale()),
        "reasons": [(v, str(label)) for v, label in REASONS],
        "gettext": _template_gettext(translations),
    }


def _template_gettext(translations):
    """Jinja's new-style gettext (autoescaped, always %-formatted) over one catalog."""

    @pass_context
    def gettext(ctx, string: str, **variables) -> str:
        text = translations.ugettext(string)
        if ctx.eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704 (a translator's text, formatted with escaped values)
        return text % variables

    return gettext


def _row(suggestion_id: int):
    """The suggestion, or 404."""
    ctx = context()
    row = queries.get(ctx.engine, ctx.settings.forum_id, suggestion_id)
    if row is None:
        abort(404)
    return row


def _items(ctx, rows) -> list[dict]:
    """What each item shows: the row, its question and draft as sanitized HTML."""
    questions = question_texts(ctx.engine, ctx.settings.forum_id, [r.post_id for r in rows])
    base = ctx.settings.discourse_url.rstrip("/")
    return [
        {
            "row": r,
            "question": Markup(render.stored_preview(questions[r.post_id]))  # noqa: S704
            if r.post_id in questions
            else None,
            "draft": Markup(render.stored_preview(r.draft)),  # noqa: S704
            "topic_url": f"{base}/t/{r.topic_id}" if base else None,
            "decision": _decision(ctx, r),
        }
        for r in rows
    ]


def _decision(ctx, row) -> dict | None:
    """Who decided what, when and from where, and where the reply stands; None while pending."""
    if row.status == "pending":
        return None
    language = str(get_locale())
    when = row.decided_at and suggestion_texts.when(row.decided_at, ctx.settings.timezone)
    source = row.decision_source
    reply = REPLY_STATES.get(row.reply_status or "")
    return {
        "status": say(f"status.{row.status}", language),
        "who": row.decided_by,
        "when": when,
        "source": say(f"source.{source}", language) if source else None,
        "reply": str(reply) if reply else None,
        "error": row.reply_error,
    }


def category_options(ctx, categories) -> list[tuple[int, str]]:
    """(id, name) for the filter, names from the forum's cached list when the facets give ids."""
    names = forum_categories.names(ctx.forum)
    options = []
    for c in categories:
        cid, name = c if isinstance(c, tuple) else (c, None)
        options.append((cid, name or names.get(cid) or f"#{cid}"))
    return options


def _whispers_refused(ctx) -> str | None:
    """Why Discourse refuses the bot's whispers, when it does."""
    return state.whispers_refused(ctx.engine, ctx.settings.forum_id)
