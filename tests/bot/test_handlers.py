"""The handler table says, in one place, what happens to every kind of event."""

from bot.events import EVENT_TYPES
from bot.handlers import HANDLERS


def test_the_table_names_every_event_kind():
    kinds = {kind for kind, cls in EVENT_TYPES.items() if not cls.__subclasses__()}
    assert set(HANDLERS) == kinds
    assert all(isinstance(handlers, tuple) for handlers in HANDLERS.values())
