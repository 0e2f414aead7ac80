"""Normalized events: what every sender's payload becomes at the boundary."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import ClassVar

EVENT_TYPES: dict[str, type[Event]] = {}
# A topic's first post: the member's question.
QUESTION_POST = 1


@dataclass(frozen=True, kw_only=True)
class Event:
    """Base of every normalized event; `kind` names it in the inbox."""

    kind: ClassVar[str] = "event"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        EVENT_TYPES[cls.kind] = cls

    def to_dict(self) -> dict:
        """Return a JSON-ready dict that names the event's kind."""
        # Events are flat, so a shallow read beats asdict's deep copy on the request path.
        return {"kind": self.kind, **{f.name: getattr(self, f.name) for f in fields(self)}}

    def to_json(self) -> str:
        """Serialize for the inbox."""
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    @staticmethod
    def from_dict(data: dict) -> Event:
        """Rebuild the event named by data['kind']."""
        cls = EVENT_TYPES[data["kind"]]
        names = {f.name for f in fields(cls)}
        values = {k: _tupled(v) for k, v in data.items() if k in names}
        return cls(**values)

    @staticmethod
    def from_json(text: str) -> Event:
        """Deserialize an inbox row's event."""
        return Event.from_dict(json.loads(text))


def _tupled(value):
    """Lists become tuples so that events stay hashable and frozen."""
    return tuple(value) if isinstance(value, list) else value


# Semantic keys: Discourse's retries carry new delivery ids, and reconciliation has none, so
# these name an event by what it is; the webhook and reconciliation must build the same.
def topic_key(topic_id: int) -> str:
    """The key of a topic's creation."""
    return f"topic_created:topic:{topic_id}"


def post_key(kind: str, post_id: int, version: int, updated_at: str = "") -> str:
    """The key of a post event: a post changes by version, a solution by update time."""
    stamp = version if kind.startswith("post_") else updated_at
    return f"{kind}:post:{post_id}:{stamp}"


def like_key(post_id: int, user_id: int | None, username: str) -> str:
    """The key of a like: one per post and user (a like taken back and given again is one)."""
    return f"post_liked:post:{post_id}:user:{user_id if user_id is not None else username}"


def topic_status_key(name: str, topic_id: int) -> str:
    """The key of a topic closed, archived or deleted: the first time is the one that counts."""
    return f"{name}:topic:{topic_id}"


@dataclass(frozen=True, kw_only=True)
class PostEvent(Event):
    """A forum post, as seen in a post, topic or solved webhook."""

    kind: ClassVar[str] = "post"
    post_id: int
    topic_id: int
    post_number: int
    username: str
    user_id: int | None = None
    raw: str = ""
    topic_title: str = ""
    category_id: int | None = None
    category_slug: str = ""  # Discourse sends it whenever the topic has a category
    created_at: str = ""
    updated_at: str = ""
    version: int = 1
    reply_to_post_number: int | None = None


@dataclass(frozen=True, kw_only=True)
class PostCreated(PostEvent):
    """A new post; post_number 1 is the question that opens a topic."""

    kind: ClassVar[str] = "post_created"


@dataclass(frozen=True, kw_only=True)
class PostEdited(PostEvent):
    """An edited post."""

    kind: ClassVar[str] = "post_edited"


@dataclass(frozen=True, kw_only=True)
class SolutionAccepted(PostEvent):
    """A post was marked as the topic's solution."""

    kind: ClassVar[str] = "solution_accepted"


@dataclass(frozen=True, kw_only=True)
class SolutionUnaccepted(PostEvent):
    """A post is no longer the topic's solution."""

    kind: ClassVar[str] = "solution_unaccepted"


@dataclass(frozen=True, kw_only=True)
class TopicCreated(Event):
    """A new public topic (its first post arrives as PostCreated)."""

    kind: ClassVar[str] = "topic_created"
    topic_id: int
    title: str
    category_id: int | None = None
    user_id: int | None = None
    username: str = ""
    created_at: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class TopicClosed(Event):
    """A public topic was closed or archived: members can no longer reply."""

    kind: ClassVar[str] = "topic_closed"
    topic_id: int
    category_id: int | None = None
    archived: bool = False


@dataclass(frozen=True, kw_only=True)
class TopicDeleted(Event):
    """A public topic was deleted."""

    kind: ClassVar[str] = "topic_deleted"
    topic_id: int
    category_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class TriageCommand(Event):
    """A volunteer's whispered command to the bot: the parsed verb and its author, never the
    whisper's text (`bot.triage.commands.Command.from_argument` reads `argument` back)."""

    kind: ClassVar[str] = "triage_command"
    topic_id: int
    post_id: int
    reply_to_post_number: int | None = None
    username: str
    user_id: int | None = None
    verb: str
    argument: str = ""


@dataclass(frozen=True, kw_only=True)
class PostLiked(Event):
    """Someone (`username`, `user_id`) liked one of the bot's posts."""

    kind: ClassVar[str] = "post_liked"
    post_id: int
    topic_id: int
    post_number: int
    username: str
    user_id: int | None = None


@dataclass(frozen=True, kw_only=True)
class UserChanged(Event):
    """A forum user was created or updated (no e-mail address is kept)."""

    kind: ClassVar[str] = "user_changed"
    user_id: int
    username: str
    name: str = ""
    action: str = "updated"
    created_at: str = ""
    hide_profile: bool = False  # "hide my public profile": the digest does not name them


@dataclass(frozen=True, kw_only=True)
class TicketChanged(Event):
    """A ticket in Zammad or an issue in GitLab changed."""

    kind: ClassVar[str] = "ticket_changed"
    system: str
    ticket_id: int
    number: str = ""
    title: str = ""
    body: str = ""
    state: str = ""
    action: str = "updated"
    action_source: str = ""
    tags: tuple[str, ...] = ()
    url: str = ""
    created_at: str = ""
    updated_at: str = ""


@dataclass(frozen=True, kw_only=True)
class IncidentUpdated(Event):
    """A status page reported an incident, a monitor change or a component change."""

    kind: ClassVar[str] = "incident_updated"
    system: str
    external_id: str
    title: str
    status: str
    message: str = ""
    components: tuple[str, ...] = ()
    started_at: str = ""
    updated_at: str = ""
    resolved_at: str = ""
    url: str = ""
    extra: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True, kw_only=True)
class SignalCheck(Event):
    """The bot's own: is a monitor or component still in the state it reported `since`?"""

    kind: ClassVar[str] = "incident_check"
    system: str
    external_id: str
    state: str
    since: str
    components: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class TicketNote(Event):
    """The bot's own: an internal note to add to a linked ticket, through its helpdesk's API."""

    kind: ClassVar[str] = "ticket_note"
    system: str
    ticket_id: int
    number: str = ""
    url: str = ""
    body: str = ""
    marker: str = ""
