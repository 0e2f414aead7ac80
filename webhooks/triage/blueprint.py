"""The triage blueprint and what its modules share: the prefix, the context, the volunteer."""

from __future__ import annotations

from flask import Blueprint, current_app, g

PREFIX = "/triage"
bp = Blueprint(
    "triage",
    __name__,
    url_prefix=PREFIX,
    template_folder="templates",
    static_folder="static",
)


def owns(path: str) -> bool:
    """True for every path under the page's prefix, routed or not (its errors are HTML)."""
    return path == PREFIX or path.startswith(PREFIX + "/")


def context():
    """The process's Context."""
    return current_app.extensions["coopbot"]


def volunteer() -> str:
    """The logged-in volunteer's name (set by the login check before every view)."""
    return g.volunteer
