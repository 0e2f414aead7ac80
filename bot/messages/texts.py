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
    ]
)
