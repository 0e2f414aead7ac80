"""What the worker does with each kind of event: one table, no logic.

Handlers are idempotent: running one twice has the effect of once. A kind mapped to no
handler is recorded and marked ignored ("no handler"), nothing more.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.context import Context
from bot.events import Event
from bot.kb import threads
from bot.suggestions import propose

Handler = Callable[[Context, Event], None]

HANDLERS: dict[str, tuple[Handler, ...]] = {
    "post_created": (propose.suggest_answers,),
    "post_edited": (),
    "topic_created": (),  # its first post arrives as post_created
    "solution_accepted": (threads.learn_solved_thread,),
    "solution_unaccepted": (threads.forget_solved_thread,),
    "user_changed": (),
    "ticket_changed": (),
    "incident_updated": (),
}
