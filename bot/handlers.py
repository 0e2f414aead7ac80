"""What the worker does with each kind of event: one table, no logic.

Handlers are idempotent: running one twice has the effect of once. A kind mapped to no
handler is recorded and marked done, nothing more.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.context import Context
from bot.events import Event
from bot.incidents import sources, tickets, topics
from bot.kb import threads
from bot.suggestions import propose

Handler = Callable[[Context, Event], None]

HANDLERS: dict[str, tuple[Handler, ...]] = {
    # an incident's notice supersedes the suggestion just proposed for the same question
    "post_created": (propose.suggest_answers, topics.on_post),
    "post_edited": (),
    "topic_created": (),  # its first post arrives as post_created
    "solution_accepted": (threads.learn_solved_thread,),
    "solution_unaccepted": (threads.forget_solved_thread,),
    "user_changed": (),
    "ticket_changed": (tickets.on_ticket,),
    "incident_updated": (sources.on_status,),
    "incident_check": (sources.on_check,),  # a monitor's state, confirmed after a delay
    "ticket_note": (tickets.send_note,),  # an internal note in a linked ticket
}
