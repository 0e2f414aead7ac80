"""Who decides on a suggestion, through which door, and why a rejection."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DecisionSource(StrEnum):
    """Where a decision came from."""

    FORUM = "forum"
    PAGE = "page"
    CLI = "cli"
    AUTO = "auto"


class RejectReason(StrEnum):
    """Why a volunteer rejected a suggestion."""

    WRONG_ARTICLE = "wrong_article"
    ALREADY_ANSWERED = "already_answered"
    NOT_A_QUESTION = "not_a_question"
    OTHER = "other"


@dataclass(frozen=True)
class Actor:
    """Who decides, and through which door."""

    username: str
    source: DecisionSource
