"""What the worker does with each kind of event: one table, no logic.

Handlers are idempotent: running one twice has the effect of once. A kind mapped to no
handler is recorded and marked ignored ("no handler"), nothing more. A handler returns None
once it acted, or why it declined: the row is then recorded as ignored with that reason
(bot/handling.py).
"""

from __future__ import annotations

from collections.abc import Callable

from bot.context import Context
from bot.digest import recorder
from bot.events import Event
from bot.forum import learning
from bot.incidents import commands as incident_commands
from bot.incidents import sources, tickets, topics
from bot.kb import threads
from bot.suggestions import commands, lessons, propose, stale

Handler = Callable[[Context, Event], str | None]

HANDLERS: dict[str, tuple[Handler, ...]] = {
    # the dry-run forum learns the topic and post a delivery shows before the handlers that
    # read them (the worker has shown it a named category before its privacy check); the
    # digest's recorders run after that check too, so a scrubbed event never reaches them; an
    # incident's notice supersedes the suggestion just proposed for the same question
    "post_created": (
        learning.learn,
        recorder.record_post,
        propose.suggest_answers,
        topics.on_post,
        stale.on_reply,
    ),
    "post_edited": (stale.on_question_edited,),
    "topic_created": (recorder.record_topic,),  # its first post arrives as post_created
    "topic_closed": (stale.on_topic_closed,),
    "topic_deleted": (stale.on_topic_deleted,),
    "solution_accepted": (
        learning.learn,
        recorder.record_solution,
        threads.learn_solved_thread,
        lessons.learn_accepted_reply,
    ),
    "solution_unaccepted": (recorder.record_unsolved, threads.forget_solved_thread),
    "triage_command": (commands.on_command, incident_commands.on_command),
    "post_liked": (commands.on_like,),
    "user_changed": (recorder.record_member,),
    "ticket_changed": (recorder.record_ticket, tickets.on_ticket),
    "incident_updated": (recorder.record_incident, sources.on_status),
    "incident_check": (sources.on_check,),  # a monitor's state, confirmed after a delay
    "ticket_note": (tickets.send_note,),  # an internal note in a linked ticket
}
