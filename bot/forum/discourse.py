"""The Discourse adapter: the only module importing pydiscourse."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import requests
from pydiscourse import DiscourseClient
from pydiscourse.exceptions import (
    DiscourseClientError,
    DiscourseError,
    DiscourseRateLimitedError,
    DiscourseServerError,
)

from bot.forum import discourse_reading as read
from bot.forum.client import (
    Category,
    ForumError,
    ForumPost,
    ForumRateLimited,
    ForumRejected,
    ForumUnavailable,
    ForumUser,
    PostResult,
    TopicState,
    TopicSummary,
)
from bot.storable import storable

POSTS_PER_REQUEST = 20  # Discourse's chunk_size: /t/{id}.json carries at most this many posts
DEFAULT_RETRY_AFTER = 10.0  # pydiscourse's own guess when a 429 names no delay


class DiscourseForum:
    """A ForumClient talking to one Discourse site through its API."""

    def __init__(self, url: str, api_username: str, api_key: str, *, timeout: float = 10.0):
        self._api = _NoRetryClient(url.rstrip("/"), api_username, api_key, timeout=timeout)

    def create_post(
        self,
        topic_id: int,
        raw: str,
        *,
        reply_to_post_number: int | None = None,
        whisper: bool = False,
    ) -> PostResult:
        """Post `raw` in a topic, as a whisper when asked."""
        # pydiscourse form-encodes: a Python True would arrive as "True", which Discourse ignores
        extra = {"whisper": "true"} if whisper else {}
        with _translated(f"create post in topic {topic_id}"):
            data = self._api.create_post(
                raw, topic_id=topic_id, reply_to_post_number=reply_to_post_number, **extra
            )
            return read.post_result(data)

    def create_topic(self, title: str, raw: str, *, category_id: int) -> PostResult:
        """Open a topic in a category."""
        with _translated(f"create topic in category {category_id}"):
            return read.post_result(
                self._api.create_post(raw, category_id=category_id, title=title)
            )

    def edit_post(self, post_id: int, raw: str) -> None:
        """Replace a post's text: PUT /posts/{id} with post[raw]."""
        with _translated(f"edit post {post_id}"):
            self._api.update_post(post_id, raw)

    def topic_posts(self, topic_id: int) -> list[ForumPost]:
        """Return every visible post of a topic, raw included, by post number."""
        with _translated(f"read topic {topic_id}"):
            stream = self._api._get(f"/t/{topic_id}.json", include_raw=1)["post_stream"]
            posts = list(stream["posts"])
            seen = {p["id"] for p in posts}
            missing = [post_id for post_id in stream["stream"] if post_id not in seen]
            for start in range(0, len(missing), POSTS_PER_REQUEST):
                chunk = missing[start : start + POSTS_PER_REQUEST]
                more = self._api.posts(topic_id, post_ids=chunk, include_raw=1)
                posts.extend(more["post_stream"]["posts"])
            return sorted((read.forum_post(p) for p in posts), key=lambda p: p.post_number)

    def topic(self, topic_id: int) -> TopicState:
        """Return a topic's state; staff see deleted topics, others get 404."""
        with _translated(f"read topic {topic_id}"):
            return read.topic_state(self._api._get(f"/t/{topic_id}.json"))

    def user(self, username: str) -> ForumUser:
        """Return a user's roles and groups (those the API user may see)."""
        with _translated(f"read user {username!r}"):
            return read.forum_user(self._api.user(quote(username, safe="")))

    def get_post(self, post_id: int) -> ForumPost:
        """Return one post."""
        with _translated(f"read post {post_id}"):
            return read.forum_post(self._api.post_by_id(post_id))

    def latest_topics(self, *, page: int = 0) -> list[TopicSummary]:
        """Return a page of the latest topics, newest created first."""
        with _translated(f"read latest topics, page {page}"):
            return read.topic_list(self._api.latest_topics(order="created", page=page))

    def category_topics(self, slug: str, *, page: int = 0) -> list[TopicSummary]:
        """Return a page of a category's topics, newest created first."""
        with _translated(f"read category {slug!r}, page {page}"):
            # Discourse redirects /c/{slug} to /c/{slug}/{id}; follow it as pydiscourse does
            data = self._api._get(
                f"/c/{slug}.json",
                override_request_kwargs={"allow_redirects": True},
                order="created",
                page=page,
            )
            return read.topic_list(data)

    def categories(self) -> list[Category]:
        """Return every category the API user can see, subcategories included."""
        with _translated("read categories"):
            # without the flag Discourse lists top-level categories only; with it, each one
            # carries its children in `subcategory_list`, and they carry theirs
            return read.categories(self._api.categories(include_subcategories="true"))

    def accept_solution(self, post_id: int) -> None:
        """Mark a post as its topic's solution (discourse-solved)."""
        with _translated(f"accept post {post_id} as solution"):
            self._api._post("/solution/accept.json", id=post_id)

    def about(self) -> dict:
        """Return the site's basic information; fails on a bad URL or bad credentials."""
        with _translated("read site info"):
            return dict(self._api._get("/site/basic-info.json"))

    def make_banner(self, topic_id: int) -> None:
        """PUT /t/{id}/make-banner.json."""
        with _translated(f"make topic {topic_id} the banner"):
            self._api._put(f"/t/{topic_id}/make-banner.json")

    def remove_banner(self, topic_id: int) -> None:
        """PUT /t/{id}/remove-banner.json."""
        with _translated(f"remove topic {topic_id} from the banner"):
            self._api._put(f"/t/{topic_id}/remove-banner.json")


class _NoRetryClient(DiscourseClient):
    """pydiscourse without its sleep-and-retry loop on 429."""

    def _request(self, verb, path, params=None, files=None, data=None, json=None, **kw):
        # the hook sees the 429 before pydiscourse's loop does, so no worker sleeps in a call
        overrides = {"hooks": {"response": _raise_if_rate_limited}}
        overrides.update(kw.get("override_request_kwargs") or {})
        # A NUL in a title or post would make the event reading it fail at every attempt.
        return storable(super()._request(verb, path, params, files, data, json, overrides))


def _raise_if_rate_limited(response: requests.Response, *_args, **_kwargs) -> None:
    """Turn a 429 into ForumRateLimited at once."""
    if response.status_code == 429:
        raise ForumRateLimited(_retry_after(response), f"{response.request.method} rate limited")


def _retry_after(response: requests.Response) -> float:
    """Read the delay from `extras.wait_seconds`, else `Retry-After`, else a default."""
    try:
        return max(0.0, float(response.json()["extras"]["wait_seconds"]))
    except (ValueError, KeyError, TypeError):
        pass
    try:
        return max(0.0, float(response.headers["Retry-After"]))
    except (KeyError, ValueError):
        return DEFAULT_RETRY_AFTER


@contextmanager
def _translated(what: str) -> Iterator[None]:
    """Turn pydiscourse, requests and shape errors into ForumError subclasses."""
    try:
        yield
    except ForumError:
        raise
    except DiscourseRateLimitedError as e:
        raise ForumRateLimited(DEFAULT_RETRY_AFTER, what) from e
    except DiscourseServerError as e:
        raise ForumUnavailable(f"{what}: {e}") from e
    except DiscourseClientError as e:
        raise ForumRejected(_status(e), f"{what}: {e}", _error_type(e)) from e
    except DiscourseError as e:
        raise _odd_answer(what, e) from e
    except requests.RequestException as e:
        raise ForumUnavailable(f"{what}: {e}") from e
    except (KeyError, TypeError, ValueError) as e:
        raise ForumError(f"{what}: unexpected answer shape ({e!r})") from e


def _odd_answer(what: str, e: DiscourseError) -> ForumError:
    """Classify a 2xx/3xx answer pydiscourse refused: errors or redirect, else not JSON."""
    if 300 <= _status(e) < 400 or _error_type(e) or "errors" in _body(e):
        return ForumRejected(_status(e), f"{what}: {e}", _error_type(e))
    # an HTML page with status 200 is a proxy or maintenance page: the forum may come back
    return ForumUnavailable(f"{what}: {e}")


def _status(e: DiscourseError) -> int:
    return e.response.status_code if e.response is not None else 0


def _body(e: DiscourseError) -> dict:
    try:
        body = e.response.json()
    except (AttributeError, ValueError):
        return {}
    return body if isinstance(body, dict) else {}


def _error_type(e: DiscourseError) -> str | None:
    return _body(e).get("error_type")
