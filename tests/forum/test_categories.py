"""The category cache answers each forum client with its own forum's categories."""

from bot.forum import categories
from bot.forum.memory import MemoryForum


def test_a_new_forum_client_never_gets_the_categories_of_a_gone_one():
    for _ in range(3):  # CPython gives a new object the address of one just freed
        gone = MemoryForum()
        staff = gone.add_category("Bureau", read_restricted=True)
        assert not categories.is_public(gone, staff)
        del gone
        forum = MemoryForum()
        assert categories.is_public(forum, forum.add_category("Entraide")) is True
