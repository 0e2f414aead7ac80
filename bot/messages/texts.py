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
        N_("digest.active", "## Most active discussions"),
        N_("digest.active_item", "{rank}. [{title}]({url}): {posts} posts"),
        N_(
            "digest.active_item_people",
            "{rank}. [{title}]({url}): {posts} posts, {participants} participants",
        ),
        N_("digest.and", " and "),
        N_("digest.coming", "### Coming up"),
        N_("digest.coop", "## Cooperative life"),
        N_("digest.date", "EEEE d MMMM"),
        N_("digest.datetime", "EEEE d MMMM 'at' HH:mm"),
        N_("digest.datetime_minutes", "EEEE d MMMM 'at' HH:mm"),
        N_("digest.days", "{n} d"),
        N_(
            "digest.deciders", "Thanks to the volunteers who sorted the bot's suggestions: {names}."
        ),
        N_("digest.event.assembly", "- **{title}**: {start}{location}"),
        N_("digest.event.event", "- **{title}**: {start}{location}"),
        N_("digest.event.maintenance", "- Maintenance, **{title}**: {start}{end}"),
        N_("digest.event.online_vote", "- Online vote, **{title}**: from {start} to {end}"),
        N_("digest.event.vote_later", "- **{title}**: vote from {start} to {end}"),
        N_("digest.event.vote_open", "- **{title}**: vote open until {end}{participation}"),
        N_("digest.figure.incidents", "Incidents"),
        N_("digest.figure.new_members", "New members"),
        N_("digest.figure.new_topics", "New topics"),
        N_("digest.figure.replies", "Replies"),
        N_("digest.figure.solved", "Questions solved"),
        N_("digest.figure.tickets_closed", "Tickets closed"),
        N_("digest.figure.tickets_open", "Tickets still open at the week's end"),
        N_("digest.figure.tickets_opened", "Tickets opened"),
        N_("digest.figure_item", "- {label}: {value} (previous week: {previous})"),
        N_("digest.figures", "## The week in figures"),
        N_("digest.figures_header", "| | this week | previous week |"),
        N_("digest.helpers", "Thanks to the members whose answers were accepted: {names}."),
        N_("digest.hours", "{n} h"),
        N_("digest.incident_open", "- **{title}**{services}: still open, since {start}"),
        N_("digest.incident_report", ", 1 linked report"),
        N_("digest.incident_reports", ", {reports} linked reports"),
        N_(
            "digest.incident_resolved", "- **{title}**{services}: {duration}, from {start} to {end}"
        ),
        N_("digest.incidents", "## Incidents"),
        N_("digest.intro", "Hello! Here is the coop's life from {start} to {end}."),
        N_("digest.link", " ([see]({url}))"),
        N_("digest.location", ", {location}"),
        N_("digest.minutes", "{n} min"),
        N_("digest.more", "- … and {count} more"),
        N_("digest.more_one", "- … and 1 more"),
        N_(
            "digest.outro",
            "coopbot posts this summary every week, from the forum's public activity.",
        ),
        N_("digest.participation", " ({voters} voters out of {eligible})"),
        N_("digest.quiet", "A quiet week on the forum. In short:"),
        N_("digest.solved", "## Questions solved"),
        N_("digest.title", "Coop week, {start} to {end}"),
        N_("digest.topic_item", "- [{title}]({url})"),
        N_("digest.unknown", "—"),
        N_("digest.until", ", until {end}"),
        N_("digest.waiting", "## Questions waiting for a hand"),
        N_(
            "digest.waiting_intro",
            "These questions have had no reply for more than 48 hours. Can you answer, even in "
            "part? A word already helps.",
        ),
        N_("digest.waiting_item", "- [{title}]({url}), asked on {date}"),
        N_("digest.welcome", "## Welcome"),
        N_("digest.welcome_text", "Welcome to {names}, who joined the coop this week!"),
        N_("incident.date", "{month:02d}/{day:02d} at {hour:02d}:{minute:02d}"),
        N_("incident.follow", " You can follow it here: {url}."),
        N_(
            "incident.notice",
            "Hello, what you describe is most likely due to an ongoing incident on {services}: "
            "**{title}**, since {since}. The team is on it.{follow} We will come back to this "
            "thread once it is fixed.",
        ),
        N_(
            "incident.notice_maintenance",
            "Hello, maintenance is under way on {services}: **{title}**, since "
            "{since}.{follow} We will come back to this thread once it is over.",
        ),
        N_(
            "incident.resolved",
            "The incident **{title}** has been fixed since {until} (it started on "
            "{since}).{message}\n\nIf it still fails for you, say so here: a volunteer will "
            "look.",
        ),
        N_(
            "incident.resolved_maintenance",
            "The maintenance **{title}** has been over since {until} (it started on "
            "{since}).{message}\n\nIf something still fails for you, say so here: a volunteer "
            "will look.",
        ),
        N_("incident.services_unknown", "one of our services"),
        N_("incident.status.identified", "cause identified"),
        N_("incident.status.investigating", "investigating"),
        N_("incident.status.monitoring", "monitoring"),
        N_("incident.status.resolved", "resolved"),
        N_(
            "incident.ticket_note",
            'coopbot: this ticket is linked to incident no. {id} "{title}" (since {since}).',
        ),
        N_(
            "incident.ticket_update",
            'coopbot: incident no. {id} "{title}", {status} ({at}).{message}',
        ),
        N_("incident.title_maintenance", "Maintenance: {services}"),
        N_("incident.title_signal", "Outage detected: {services}"),
        N_("incident.title_ticket", "Incident reported: {services}"),
        N_(
            "incident.topic_body",
            "**{title}**\n\nServices affected: {services}. Started on {since}. Status: "
            "{status}.\n\n{message}",
        ),
        N_("incident.topic_title", "Ongoing incident: {title}"),
        N_("incident.topic_update", "**{status}** ({at}): {message}"),
        N_("incident.update", "News on the incident **{title}** ({status}): {message}"),
        N_(
            "incident.whisper_proposed",
            "**Incident no. {id}?** This topic may be about the incident **{title}** "
            "({services}, since {since}), but the bot is not sure enough to tell the member "
            "(visible to volunteers only). If it is, whisper `@{bot} incident accept`: the "
            "member gets the incident's notice. If not, `@{bot} incident unlink`. The triage "
            "page lists it too.",
        ),
        N_(
            "incident.whisper_still_failing",
            "**Still failing?** The member says it still fails after the incident **{title}** "
            "(no. {id}) was resolved on {until} (visible to volunteers only). To reopen the "
            "incident, whisper `@{bot} incident reopen {id}`; the triage page lists it too.",
        ),
        N_(
            "incident.command_help",
            "Incident commands, whispered in a topic: `@{bot} incident link 12` links this "
            "topic to incident no. 12 (its member is told once); `@{bot} incident accept` "
            "accepts the bot's proposal; `@{bot} incident unlink` unlinks this topic (the bot "
            "says nothing more here); `@{bot} incident reopen 12` reopens incident no. 12; "
            "`@{bot} incident publish 12` publishes its resolution held for review. In French: "
            "`lier`, `accepter`, `délier`, `rouvrir`, `publier`.",
        ),
        N_(
            "incident.command_linked",
            "Linked to incident no. {id} by {who}: the member is told once.",
        ),
        N_(
            "incident.command_unlinked",
            "Unlinked from incident no. {id} by {who}: the bot says nothing more here.",
        ),
        N_("incident.command_reopened", "Incident no. {id} reopened by {who}."),
        N_(
            "incident.command_published",
            "The resolution of incident no. {id}, approved by {who}, is on its way to the "
            "linked threads and tickets.",
        ),
        N_("incident.command_not_found", "There is no incident no. {id}."),
        N_(
            "incident.command_unseen",
            "The bot has not read this topic: only topics it read can be linked.",
        ),
        N_(
            "incident.command_none",
            "No incident fits this command here: name it, such as `@{bot} incident {verb} 12`.",
        ),
        N_(
            "incident.command_several",
            "Several incidents fit this command here ({ids}): name one, such as "
            "`@{bot} incident {verb} {first}`.",
        ),
        N_("incident.command_already_open", "Incident no. {id} is open: nothing to reopen."),
        N_(
            "incident.command_nothing_to_publish",
            "Incident no. {id} has no resolution waiting for review.",
        ),
        N_("superseded.incident", "an incident notice answers the topic instead"),
    ]
)
