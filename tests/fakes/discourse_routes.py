"""The fake Discourse's endpoints: (method, path pattern) -> handler returning (status, body)."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlencode

from tests.fakes import discourse_json as shapes
from tests.fakes.discourse_actions import Actions
from tests.fakes.discourse_connect import ConnectProvider
from tests.fakes.discourse_posting import Posting
from tests.fakes.discourse_records import HttpError, Redirect, User, not_found
from tests.fakes.discourse_state import ForumState


class Routes:
    """Dispatch a request to the endpoint matching its method and path."""

    def __init__(self, state: ForumState, posting: Posting, title: str = "Fake Discourse"):
        self.state, self.posting, self.title = state, posting, title
        self.actions = Actions(state)
        self.connect = ConnectProvider(state)
        self.table = [
            ("POST", r"/posts(?:\.json)?", self.create_post),
            ("PUT", r"/posts/(\d+)(?:\.json)?", self.edit_post),
            ("POST", r"/post_actions(?:\.json)?", self.post_action),
            ("GET", r"/u(?:sers)?/([^/]+)\.json", self.user),
            ("GET", r"/session/sso_provider", self.sso_provider),
            ("GET", r"/t/(\d+)\.json", self.topic),
            ("GET", r"/t/([^/]+)/(\d+)\.json", self.topic_with_slug),
            ("GET", r"/t/(\d+)/posts\.json", self.topic_posts),
            ("GET", r"/posts/(\d+)\.json", self.post),
            ("GET", r"/latest\.json", self.latest),
            ("GET", r"/c/(.+)\.json", self.category_topics),
            ("GET", r"/categories\.json", self.categories),
            ("POST", r"/solution/accept(?:\.json)?", self.accept),
            ("GET", r"/site/basic-info\.json", self.basic_info),
            ("GET", r"/about\.json", self.about),
            ("GET", r"/groups/([^/]+)/members\.json", self.group_members),
            ("PUT", r"/t/(\d+)/make-banner(?:\.json)?", self.make_banner),
            ("PUT", r"/t/(\d+)/remove-banner(?:\.json)?", self.remove_banner),
        ]

    def dispatch(self, method: str, path: str, user: User, params: dict) -> tuple[int, dict]:
        for verb, pattern, handler in self.table:
            match = re.fullmatch(pattern, path)
            if verb == method and match:
                with self.state.lock:
                    return handler(user, params, *match.groups())
        raise not_found()

    def create_post(self, user, params):
        return self.posting.create(user, params)

    def edit_post(self, user, params, post_id):
        return self.actions.edit(user, int(post_id), params)

    def post_action(self, user, params):
        return self.actions.like(user, params)

    def user(self, _user, _params, username):
        # Discourse finds users by username_lower
        wanted = unquote(username).lower()
        found = [u for u in self.state.users.values() if u.username.lower() == wanted]
        if not found:
            raise not_found()
        return 200, shapes.user(found[0], self.state.user_groups(found[0]))

    def sso_provider(self, _user, params):
        self.connect.answer(params)  # always a redirect or an error

    def topic(self, user, params, topic_id):
        topic = self.state.visible_topic(int(topic_id), user)
        posts = self.state.visible_posts(topic, user)
        # Discourse's !!params[:include_raw]: any value, even "false", turns raw on
        bodies = [self.state.post_json(p, include_raw="include_raw" in params) for p in posts]
        stats = shapes.topic_stats(topic, posts)
        creator, tags = self.state.users[topic.user_id], self.state.tags_json(topic)
        view = shapes.topic_view(
            topic, bodies, [p.id for p in posts], stats, creator=creator, tags=tags
        )
        return 200, view

    def topic_with_slug(self, user, params, slug, topic_id):
        topic = self.state.visible_topic(int(topic_id), user)
        if slug != topic.slug:
            raise Redirect(f"/t/{topic.slug}/{topic.id}.json")
        return self.topic(user, params, topic_id)

    def topic_posts(self, user, params, topic_id):
        topic = self.state.visible_topic(int(topic_id), user)
        wanted = {int(i) for i in params.get("post_ids[]", [])}
        posts = [p for p in self.state.visible_posts(topic, user) if p.id in wanted]
        bodies = [self.state.post_json(p, include_raw="include_raw" in params) for p in posts]
        return 200, {"post_stream": {"posts": bodies}, "id": topic.id}

    def post(self, user, _params, post_id):
        post = self.state.post(int(post_id))
        topic = self.state.visible_topic(post.topic_id, user)
        if post not in self.state.visible_posts(topic, user):
            raise not_found()
        return 200, self.state.post_json(post, include_raw=True)

    def latest(self, _user, params):
        return 200, self._topic_list(None, params, "/latest")

    def category_topics(self, _user, params, slug_path):
        parts = slug_path.split("/")
        category = self.state.category_by_path(parts)
        canonical = "/".join([*self.state.slug_path(category), str(category.id)])
        if slug_path != canonical:
            query = f"?{urlencode(params)}" if params else ""
            raise Redirect(f"/c/{canonical}.json{query}")
        return 200, self._topic_list(category.id, params, f"/c/{canonical}")

    def _topic_list(self, category_id, params, base: str) -> dict:
        """A page of topics, by bump (default) or creation date, newest first."""
        order = "created_at" if params.get("order") == "created" else "bumped_at"
        rows = [
            shapes.list_item(
                t,
                [self.state.posts[i] for i in t.post_ids],
                self.state.users,
                self.state.tags_json(t),
            )
            for t in self.state.topics_in(category_id)
        ]
        rows.sort(key=lambda r: (r[order], r["id"]), reverse=params.get("ascending") != "true")
        page = int(params.get("page") or 0)
        chunk = rows[page * shapes.PER_PAGE : (page + 1) * shapes.PER_PAGE]
        more = None
        if len(rows) > (page + 1) * shapes.PER_PAGE:
            more = f"{base}?{urlencode({**params, 'page': page + 1})}"
        users = {r["posters"][0]["user_id"] for r in chunk}
        return shapes.topic_list(chunk, [self.state.users[i] for i in sorted(users)], more)

    def categories(self, _user, params):
        """Top-level categories; each carries its children when include_subcategories=true."""
        nested = params.get("include_subcategories") == "true"
        top = [c for c in self.state.categories.values() if c.parent_category_id is None]
        rows = [self._category(c, nested) for c in top]
        return 200, {
            "category_list": {
                "can_create_category": True,
                "can_create_topic": True,
                "categories": rows,
            }
        }

    def _category(self, category, nested: bool) -> dict:
        children = self.state.children(category.id)
        own = [t for t in self.state.topics_in(None) if t.category_id == category.id]
        row = shapes.category(category, len(own), children)
        if nested:
            row["subcategory_list"] = [self._category(c, nested) for c in children]
        return row

    def accept(self, _user, params):
        post = self.state.post(int(params.get("id", 0)))
        if post.post_number == 1 or post.post_type == 4:
            raise HttpError(403, "You are not permitted to accept this answer.", "invalid_access")
        self.state.accepted[post.topic_id] = post.id
        return 200, {"success": "OK"}

    def basic_info(self, _user, _params):
        return 200, shapes.basic_info(self.title)

    def about(self, _user, _params):
        return 200, {"about": {"title": self.title, "version": "3.4.0", "description": ""}}

    def group_members(self, _user, _params, name):
        members = self.state.group_members(name)
        rows = [{**shapes.user_brief(u), "name": None, "title": None} for u in members]
        meta = {"total": len(rows), "limit": 50, "offset": 0}
        return 200, {"members": rows, "owners": [], "meta": meta}

    def make_banner(self, user, _params, topic_id):
        """TopicsController#make_banner: staff only; one banner at a time."""
        self._staff_only(user)
        self.state.banner_topic_id = self.state.topic(int(topic_id)).id
        return 200, {"success": "OK"}

    def remove_banner(self, user, _params, topic_id):
        """TopicsController#remove_banner."""
        self._staff_only(user)
        topic = self.state.topic(int(topic_id))
        if self.state.banner_topic_id == topic.id:
            self.state.banner_topic_id = None
        return 200, {"success": "OK"}

    def _staff_only(self, user) -> None:
        if not (user.admin or user.moderator):
            raise HttpError(
                403, "You are not permitted to view the requested resource.", "invalid_access"
            )
