"""Everything the bot says, by key, in its English source text.

Each message is `N_(key, text)`: the key is what `say()` is called with and the gettext
context (msgctxt) translators see; the text is the msgid. Placeholders are `{name}`.
"""

from __future__ import annotations


def N_(key: str, text: str) -> tuple[str, str]:  # noqa: N802  (gettext's marker name)
    """Mark a message for pybabel (keyword `N_:1c,2`)."""
    return key, text


MESSAGES: dict[str, str] = dict(
    [
        N_(
            "suggestion.intro",
            "Hello @{username}, these documentation pages may answer your question:",
        ),
        N_("suggestion.member", "member"),
        N_("suggestion.item", "- [{title}]({url}): {snippet}"),
        N_("suggestion.item_no_url", "- **{title}**: {snippet}"),
        N_(
            "suggestion.outro",
            "If this does not solve your problem, say so here: a volunteer will take over.",
        ),
        N_(
            "cli.no_suggestion", "No suggestion (best score {best:.2f}, threshold {threshold:.2f})."
        ),
        N_("cli.why", "why"),
        N_("cli.confidence", "confidence"),
        N_(
            "triage.help",
            "Commands, whispered in reply to the suggestion: `@{bot} ok` publishes the draft "
            "reply; `@{bot} 2` publishes it with the second entry only; `@{bot} no <reason>` "
            "rejects it (known reasons: `wrong article`, `already answered`, `not a "
            "question`; any other words are kept as a note); `@{bot} help` shows this help. "
            "A like on the suggestion counts as `@{bot} ok`.",
        ),
        N_("whisper.title", "**Suggestion #{id}** for this question (visible to volunteers only)"),
        N_("whisper.entry", "{n}. [{title}]({url}) — confidence {confidence:.2f}"),
        N_("whisper.entry_no_url", "{n}. **{title}** — confidence {confidence:.2f}"),
        N_("whisper.snippet", "   - Excerpt: {snippet}"),
        N_("whisper.why", "   - The member's words it matched: {words}"),
        N_(
            "whisper.off_draft",
            "   - Left out of the draft: confidence under the {threshold:.2f} threshold",
        ),
        N_("whisper.draft", "Draft reply:"),
        N_(
            "whisper.how",
            "To decide, reply to this whisper with a whisper: `@{bot} ok` publishes the "
            "draft; `@{bot} 2` publishes it with the 2nd entry only; `@{bot} no <reason>` "
            "rejects it; `@{bot} help` lists the commands. A like on this whisper publishes "
            "the draft too.",
        ),
        N_(
            "whisper.approved",
            "✅ **Approved** by {who} on {when} ({source}): the reply is on its way to the topic.",
        ),
        N_("whisper.rejected", "❌ **Rejected** by {who} on {when} ({source}): {reason}."),
        N_("whisper.superseded", "⏹️ **Withdrawn** on {when}: {why}."),
        N_("superseded.human_reply", "someone replied first"),
        N_("superseded.topic_closed", "the topic was closed"),
        N_("superseded.topic_deleted", "the topic was deleted"),
        N_("superseded.question_edited", "the edited question no longer has a sure enough answer"),
        N_("source.forum", "from the forum"),
        N_("source.page", "from the triage page"),
        N_("source.cli", "from the command line"),
        N_("source.auto", "automatically"),
        N_("reason.wrong_article", "wrong article"),
        N_("reason.already_answered", "already answered"),
        N_("reason.not_a_question", "not a question"),
        N_("reason.other", "other reason"),
        N_(
            "triage.already_decided",
            "Suggestion #{id} was already {status} by {who} on {when}: nothing was done.",
        ),
        N_("triage.refused", "The command did not go through: {error}"),
        N_("status.approved", "approved"),
        N_("status.rejected", "rejected"),
        N_("status.superseded", "withdrawn"),
        N_(
            "suggestion.automatic",
            "_This reply was posted automatically by the help desk's bot. If it does not "
            "answer your question, say so here: a volunteer will read it._",
        ),
    ]
)
