"""A small stateful fake Discourse on 127.0.0.1, for tests of the forum adapter and above."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer

from tests.fakes import discourse_webhooks as webhooks
from tests.fakes.discourse_faults import MAX_DELAY, Fault, Faults
from tests.fakes.discourse_handler import Handler
from tests.fakes.discourse_posting import Posting
from tests.fakes.discourse_records import Post, RecordedRequest, User, now_iso
from tests.fakes.discourse_routes import Routes
from tests.fakes.discourse_state import ForumState


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver listens with a backlog of 5: a burst of connections beyond it waits a second
    # for the kernel to retry, longer than the tests' timeout
    request_queue_size = 128


class FakeDiscourse:
    """A fake Discourse server: seed it, break it, inspect it; `url` once started."""

    def __init__(self, *, api_key: str = "test-api-key", api_username: str = "coopbot") -> None:
        self.api_key = api_key
        self.api_username = api_username
        self.state = ForumState(api_username)
        self.posting = Posting(self.state)
        self.routes = Routes(self.state, self.posting)
        self.faults = Faults()
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self._generation = 0
        self._wake = threading.Event()
        self._server: ThreadingHTTPServer | None = None

    def start(self) -> FakeDiscourse:
        """Listen on a free port of 127.0.0.1 in a daemon thread."""
        self._server = _Server(("127.0.0.1", 0), Handler)
        self._server.fake = self
        # a short poll keeps stop() quick
        poll = {"poll_interval": 0.05}
        threading.Thread(target=self._server.serve_forever, kwargs=poll, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop listening; sleeping handlers give up at once."""
        self._wake.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def reset(self) -> None:
        """Forget data, faults, settings and recorded requests; drop delayed requests."""
        with self._lock:
            self._generation += 1
            self._wake.set()
            self._wake = threading.Event()
            self._requests.clear()
        self.state.reset()
        self.posting.reset()
        self.routes.connect.reset()
        self.faults.clear()

    # seeding
    def add_user(self, username, *, admin=False, moderator=False, groups=(), name=None) -> int:
        """Seed a user, or give an existing one (the API user too) these roles and groups."""
        return self.state.add_user(
            username, admin=admin, moderator=moderator, groups=groups, name=name
        )

    def add_group(self, name: str, members: tuple[str, ...] | list[str] = ()) -> None:
        with self.state.lock:
            self.state.groups.add(name, members)

    def remove_from_group(self, name: str, username: str) -> None:
        """Take a member out of a seeded group, as an admin does on the group's page."""
        with self.state.lock:
            self.state.groups.members.get(name, set()).discard(username)

    def set_whispers_allowed_groups(self, *names: str) -> None:
        """Set Discourse's `whispers_allowed_groups` (default: staff); none turns whispers off."""
        with self.state.lock:
            self.state.whispers_allowed_groups = list(names)

    def add_category(
        self,
        name: str,
        *,
        slug: str | None = None,
        read_restricted=False,
        parent_category_id: int | None = None,
    ) -> int:
        """Seed a category; a subcategory names its parent's id."""
        return self.state.add_category(
            name, slug=slug, read_restricted=read_restricted, parent=parent_category_id
        )

    def add_topic(self, title: str, raw: str = "First post of a seeded topic.", **kw) -> int:
        """Seed a topic and its first post (category_id, username, created_at, archetype, tags)."""
        return self.state.add_topic(title, raw, **kw)

    def add_post(self, topic_id: int, raw: str, **kw) -> int:
        """Seed a post (username, post_type, reply_to_post_number, created_at)."""
        return self.state.add_post(topic_id, raw, **kw)

    def close_topic(self, topic_id: int, closed: bool = True) -> None:
        """Close a topic (or open it again): only staff may reply."""
        with self.state.lock:
            self.state.topic(topic_id).closed = closed

    def archive_topic(self, topic_id: int, archived: bool = True) -> None:
        """Archive a topic (or unarchive it): only staff may reply, edit or like."""
        with self.state.lock:
            self.state.topic(topic_id).archived = archived

    def delete_topic(self, topic_id: int) -> None:
        """Delete a topic: nobody may reply; only staff still see it."""
        with self.state.lock:
            self.state.topic(topic_id).deleted_at = now_iso()

    def like(self, post_id: int, username: str) -> None:
        """Like a post as `username`, with Discourse's rules (HttpError 403 on one's own post)."""
        with self.state.lock:
            liker = self.user(username) or self.state.users[self.add_user(username)]
            self.routes.actions.like(liker, {"id": post_id, "post_action_type_id": 2})

    def topic_webhook(self, topic_id: int) -> dict:
        """The topic_created payload Discourse would send for this topic."""
        return webhooks.topic_payload(self.state, topic_id)

    def post_webhook(self, post_id: int) -> dict:
        """The post_created payload Discourse would send for this post."""
        return webhooks.post_payload(self.state, post_id)

    def like_webhook(self, post_id: int, username: str) -> dict:
        """The post_liked payload (event type `like`) Discourse sends when `username` likes it."""
        return webhooks.like_payload(self.state, post_id, username)

    @property
    def sso_user(self) -> str | None:
        """Who is logged in to the forum in the browser that DiscourseConnect sends here."""
        return self.routes.connect.user

    @sso_user.setter
    def sso_user(self, username: str | None) -> None:
        self.routes.connect.user = username

    @property
    def connect_secret(self) -> str | None:
        """The DiscourseConnect provider secret (any domain); None turns the provider off."""
        return self.routes.connect.secret

    @connect_secret.setter
    def connect_secret(self, secret: str | None) -> None:
        self.routes.connect.secret = secret

    @property
    def require_approval(self) -> bool:
        """When true, new posts by non-staff users wait for approval: 200, `"action":
        "enqueued"`, no id (NewPostManager exempts staff, so demote the API user to see it)."""
        return self.posting.require_approval

    @require_approval.setter
    def require_approval(self, on: bool) -> None:
        self.posting.require_approval = on

    @property
    def memo_seconds(self) -> float:
        """The window (120 s) in which an identical create is answered with the same post."""
        return self.posting.memo_seconds

    @memo_seconds.setter
    def memo_seconds(self, seconds: float) -> None:
        self.posting.memo_seconds = seconds

    # faults
    def fail_next(
        self,
        n: int = 1,
        *,
        status: int = 500,
        wait_seconds: float | None = None,
        path: str | None = None,
        method: str | None = None,
        plain: bool = False,
    ):
        """Answer the next n matching requests with `status`, applying nothing."""
        self.faults.add(
            Fault(
                "fail",
                n,
                status=status,
                wait_seconds=wait_seconds,
                plain=plain,
                path=path,
                method=method,
            )
        )

    def rate_limit(self, per_minute: int | None) -> None:
        """Allow `per_minute` authenticated requests in any 60 s, then 429; None lifts it."""
        self.faults.rate_limit(per_minute)

    def delay_next(
        self, n: int = 1, *, seconds: float, path: str | None = None, method: str | None = None
    ) -> None:
        """Sleep before handling the next n matching requests (bounded by MAX_DELAY)."""
        self.faults.add(
            Fault("delay", n, seconds=min(seconds, MAX_DELAY), path=path, method=method)
        )

    def write_latency(self, seconds: float) -> None:
        """Hold every write (POST, PUT, DELETE) this long, as a real forum takes its time."""
        self.faults.write_latency = min(seconds, MAX_DELAY)

    def lose_next_response(
        self,
        n: int = 1,
        *,
        path: str | None = "/posts.json",
        method: str | None = "POST",
        drop: bool = True,
    ) -> None:
        """Apply the next n matching requests, then drop the connection (or answer 500)."""
        self.faults.add(Fault("lose", n, drop=drop, path=path, method=method))

    # inspection
    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def requests_to(self, path: str, method: str | None = None) -> list[RecordedRequest]:
        """Recorded requests to `path` (/posts and /posts.json alike)."""
        paths = {path, path.removesuffix(".json"), f"{path.removesuffix('.json')}.json"}
        return [r for r in self.requests if r.path in paths and method in (None, r.method)]

    def posts_by_topic(self, topic_id: int) -> list[Post]:
        with self.state.lock:
            return [self.state.posts[i] for i in self.state.topic(topic_id).post_ids]

    def all_posts(self) -> list[Post]:
        with self.state.lock:
            return list(self.state.posts.values())

    @property
    def pending_posts(self) -> list[dict]:
        return list(self.posting.pending)

    @property
    def accepted(self) -> dict[int, int]:
        """Accepted solutions: topic id -> post id."""
        return dict(self.state.accepted)

    def user(self, username: str) -> User | None:
        return self.state.user_named(username)

    # used by the handler
    def record(self, method: str, path: str, params: dict, username: str | None) -> int:
        """Record a request; return the reset generation it belongs to."""
        with self._lock:
            self._requests.append(RecordedRequest(method, path, params, username))
            return self._generation

    def authenticate(self, key: str | None, username: str | None) -> User:
        return self.state.authenticate(key, username, self.api_key)

    def pause(self, seconds: float, generation: int) -> bool:
        """Sleep, cut short by reset or stop; False when a reset happened meanwhile."""
        with self._lock:
            wake = self._wake
        wake.wait(seconds)
        with self._lock:
            return generation == self._generation

    @property
    def banner_topic_id(self) -> int | None:
        """The topic pinned as the site's banner, if any."""
        with self.state.lock:
            return self.state.banner_topic_id
