"""The page's language: the volunteer's Accept-Language within fr and en, else COOPBOT_LANGUAGE."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_babel import Babel

from bot.settings import LANGUAGES


def init_app(app: Flask) -> None:
    """Flask-Babel with the catalogs of webhooks/translations (compiled .mo files ship)."""
    app.config["BABEL_DEFAULT_LOCALE"] = app.extensions["coopbot"].settings.language
    Babel(app, locale_selector=select_language)


def select_language() -> str:
    """The best of the volunteer's languages that the page speaks."""
    default = current_app.extensions["coopbot"].settings.language
    return request.accept_languages.best_match(LANGUAGES, default=default)
