"""The forum client: a Protocol, a Discourse adapter and an in-memory forum."""

from bot.forum.client import (
    Category,
    ForumClient,
    ForumError,
    ForumPost,
    ForumRateLimited,
    ForumRejected,
    ForumUnavailable,
    PostResult,
    PostType,
    TopicSummary,
)

__all__ = [
    "Category",
    "ForumClient",
    "ForumError",
    "ForumPost",
    "ForumRateLimited",
    "ForumRejected",
    "ForumUnavailable",
    "PostResult",
    "PostType",
    "TopicSummary",
]
