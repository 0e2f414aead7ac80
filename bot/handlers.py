"""What the worker does with each kind of event: one table, no logic.

Handlers are idempotent: running one twice has the effect of once. A kind mapped to no
handler is recorded and marked done, nothing more.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.context import Context
from bot.digest import recorder
from bot.events import Event
from bot.kb import threads
from bot.suggestions import propose

Handler = Callable[[Context, Event], None]

HANDLERS: dict[str, tuple[Handler, ...]] = {
    "post_created": (recorder.record_post, propose.suggest_answers),
    "post_edited": (),
    "topic_created": (recorder.record_topic,),  # its question arrives as post_created
    "solution_accepted": (recorder.record_solution, threads.learn_solved_thread),
    "solution_unaccepted": (recorder.record_unsolved, threads.forget_solved_thread),
    "user_changed": (recorder.record_member,),
    "ticket_changed": (recorder.record_ticket,),
    "incident_updated": (recorder.record_incident,),
}
