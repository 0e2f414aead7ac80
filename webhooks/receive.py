"""The one path every delivery takes: verify, parse and normalize, commit, answer."""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import current_app, jsonify, request
from sqlalchemy.exc import SQLAlchemyError

from bot import inbox
from bot.inbox import Incoming
from webhooks.payload import MalformedEvent
from webhooks.signatures import InvalidSignature

log = logging.getLogger("coopbot.webhooks")
RETRY_AFTER_SECONDS = "30"


def receive(verify: Callable[[bytes], None], normalize: Callable[[bytes], Incoming]):
    """Run a delivery through the pipeline and build the HTTP answer."""
    body = request.get_data(cache=False)
    try:
        verify(body)
    except InvalidSignature as e:
        log.warning("refused delivery to %s: %s", request.path, e)
        return error(401, str(e))
    try:
        incoming = normalize(body)
    except MalformedEvent as e:
        return error(400, str(e))
    except (TypeError, ValueError, KeyError, AttributeError, OverflowError, RecursionError) as e:
        # A shape no normalizer foresaw is still the sender's error: a retry cannot help.
        log.warning("unexpected payload shape on %s: %r", request.path, e)
        return error(400, f"payload has an unexpected shape: {type(e).__name__}")
    context = current_app.extensions["coopbot"]
    try:
        stored = inbox.record(context.engine, incoming, context.settings.forum_id)
    except SQLAlchemyError as e:
        log.error("could not commit delivery %s: %s", incoming.delivery_id, e.__class__.__name__)
        return error(503, "database unavailable, retry later", retry_after=True)
    return answer(incoming, stored)


def answer(incoming: Incoming, stored: bool):
    """200 for an event to act on or a duplicate, 202 for one recorded but not acted on."""
    if not stored:
        return jsonify(status="duplicate", semantic_key=incoming.semantic_key), 200
    if not incoming.acted_on:
        return jsonify(status="ignored", reason=incoming.ignored_reason, kind=incoming.kind), 202
    return jsonify(status="accepted", kind=incoming.kind), 200


def error(status: int, message: str, retry_after: bool = False):
    """A JSON error answer; 503s tell the sender when to retry."""
    response = jsonify(error=message, status=status)
    response.status_code = status
    if retry_after:
        response.headers["Retry-After"] = RETRY_AFTER_SECONDS
    return response


def settings():
    """The running app's settings."""
    return current_app.extensions["coopbot"].settings
