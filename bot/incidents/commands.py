"""Volunteers acting on incidents inside Discourse: whispered `@coopbot incident ...` commands,
each mapped onto one use case of bot/incidents/decisions.py and answered with a whisper."""

from __future__ import annotations

import logging

from bot.incidents import actions, decisions, links
from bot.incidents.model import LinkState, ReportKind
from bot.incidents.whispers import whisper
from bot.messages import say
from bot.triage import incident_commands as verbs
from bot.triage.permissions import may_triage

log = logging.getLogger("coopbot.incidents")
SYSTEM = "discourse"
# The links of the thread a verb without a number acts on.
TARGETS = {
    verbs.ACCEPT: {LinkState.PROPOSED},
    verbs.UNLINK: {LinkState.AUTO, LinkState.ACCEPTED, LinkState.PROPOSED},
    verbs.REOPEN: {LinkState.AUTO, LinkState.ACCEPTED},
    verbs.PUBLISH: {LinkState.AUTO, LinkState.ACCEPTED},
}
DONE = {
    verbs.LINK: "incident.command_linked",
    verbs.ACCEPT: "incident.command_linked",
    verbs.UNLINK: "incident.command_unlinked",
    verbs.REOPEN: "incident.command_reopened",
    verbs.PUBLISH: "incident.command_published",
}
WORDS = {  # the verb as the answers write it: (French, English)
    verbs.ACCEPT: ("accepter", "accept"),
    verbs.UNLINK: ("délier", "unlink"),
    verbs.REOPEN: ("rouvrir", "reopen"),
    verbs.PUBLISH: ("publier", "publish"),
}


class Unanswerable(LookupError):
    """The command names no incident, or one it cannot act on: the answer says why."""

    def __init__(self, key: str, **values) -> None:
        super().__init__(key)
        self.key, self.values = key, values


def on_command(context, event) -> None:
    """Act on a volunteer's incident command in a topic; anyone else's is logged and ignored."""
    if event.verb not in verbs.VERBS:
        return  # a command on a suggestion (bot/suggestions/commands.py)
    if not may_triage(context, event.username):
        # never answered in the forum: a member's attempt must not draw attention
        log.warning("topic %s: %s may not triage; command ignored", event.topic_id, event.username)
        return
    language, bot = context.settings.language, context.settings.bot_username
    try:
        key, values = _run(context, event)
    except Unanswerable as e:
        key, values = e.key, e.values
    _answer(context, event, say(key, language, bot=bot, **values))


def _run(context, event) -> tuple[str, dict]:
    """Run the use case the verb names; the answer's key and values."""
    if event.verb == verbs.HELP:
        return "incident.command_help", {}
    incident_id = _incident_named(context, event)
    try:
        _act(context, event, incident_id)
    except actions.IncidentNotFound as e:
        raise Unanswerable("incident.command_not_found", id=e.incident_id) from e
    except decisions.ReportNotFound as e:
        raise Unanswerable("incident.command_unseen") from e
    except decisions.AlreadyOpen as e:
        raise Unanswerable("incident.command_already_open", id=e.incident_id) from e
    except decisions.NothingToApprove as e:
        raise Unanswerable("incident.command_nothing_to_publish", id=e.incident_id) from e
    return DONE[event.verb], {"id": incident_id, "who": event.username}


def _act(context, event, incident_id: int) -> None:
    """One verb, one use case."""
    who, topic = event.username, (ReportKind.TOPIC, SYSTEM, event.topic_id)
    if event.verb in (verbs.LINK, verbs.ACCEPT):
        decisions.link_report(context, incident_id, *topic, by=who)
    elif event.verb == verbs.UNLINK:
        decisions.unlink_report(context, incident_id, *topic, by=who)
    elif event.verb == verbs.REOPEN:
        key = f"reopen:post:{event.post_id}"  # the same command delivered again adds nothing
        decisions.reopen_incident(context, incident_id, by=who, key=key)
    else:
        decisions.approve_resolution(context, incident_id, by=who)


def _incident_named(context, event) -> int:
    """The incident the command names, else the thread's only fitting one."""
    if event.argument.isdecimal():
        return int(event.argument)
    forum = context.settings.forum_id
    with context.engine.connect() as conn:
        report = links.find_report(conn, forum, ReportKind.TOPIC, SYSTEM, event.topic_id)
        if report is None:
            raise Unanswerable("incident.command_unseen")
        found = links.links_of_report(conn, forum, report.id)
    ids = sorted({link.incident_id for link in found if link.state in TARGETS[event.verb]})
    word = WORDS[event.verb][0 if context.settings.language == "fr" else 1]
    if not ids:
        raise Unanswerable("incident.command_none", verb=word)
    if len(ids) > 1:
        shown = ", ".join(str(i) for i in ids)
        raise Unanswerable("incident.command_several", verb=word, ids=shown, first=ids[0])
    return ids[0]


def _answer(context, event, text: str) -> None:
    """Whisper the answer to a command, once per command."""
    with context.engine.begin() as conn:
        whisper(conn, context.settings, event.topic_id, f"answer:{event.post_id}", text)
