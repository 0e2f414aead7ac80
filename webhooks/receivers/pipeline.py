"""The one path every delivery takes: verify, parse and normalize, commit, answer."""

from __future__ import annotations

import logging

from flask import Blueprint, current_app, jsonify, request
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.wsgi import get_input_stream

from bot import restricted
from bot.incoming import Incoming
from bot.store import inbox
from webhooks.receivers.payload import MalformedEvent
from webhooks.receivers.record import Receiver
from webhooks.receivers.signatures import InvalidSignature

log = logging.getLogger("coopbot.webhooks")
RETRY_AFTER_SECONDS = "30"


def blueprint(name: str, receivers: tuple[Receiver, ...]) -> Blueprint:
    """A blueprint with one POST view per receiver, answering errors in JSON."""
    bp = Blueprint(name, __name__)
    for receiver in receivers:
        # senders' forms are easy to fill with a trailing slash: accept it rather than 404
        bp.add_url_rule(
            receiver.path,
            receiver.name,
            _view(receiver),
            methods=["POST"],
            strict_slashes=False,
        )
    bp.register_error_handler(RequestEntityTooLarge, _too_large)
    bp.register_error_handler(HTTPException, lambda e: error(e.code, e.description))
    return bp


def _view(receiver: Receiver):
    """The view function of one receiver."""

    def view():
        return receive(receiver)

    view.__doc__ = f"Receive a delivery from {receiver.name}."
    return view


def _too_large(_e):
    """413 naming the limit."""
    return error(413, f"body larger than {current_app.config['MAX_CONTENT_LENGTH']} bytes")


def receive(receiver: Receiver):
    """Run a delivery through the pipeline and build the HTTP answer."""
    context = current_app.extensions["coopbot"]
    body = read_body(current_app.config["MAX_CONTENT_LENGTH"])
    try:
        receiver.verify(context.settings, request, body)
    except InvalidSignature as e:
        log.warning("refused delivery to %s: %s", request.path, e)
        return error(401, str(e))
    try:
        incoming = receiver.normalize(context.settings, request, body)
    except MalformedEvent as e:
        return error(400, str(e))
    except (TypeError, ValueError, KeyError, AttributeError, OverflowError, RecursionError) as e:
        # A shape no normalizer foresaw is still the sender's error: a retry cannot help.
        log.warning("unexpected payload shape on %s: %r", request.path, e)
        return error(400, f"payload has an unexpected shape: {type(e).__name__}")
    engine, forum_id = context.engine, context.settings.forum_id
    try:
        incoming = restricted.withhold_known(engine, forum_id, incoming)
        stored = inbox.record(engine, incoming, forum_id)
    except SQLAlchemyError as e:
        log.error("could not commit delivery %s: %s", incoming.delivery_id, e.__class__.__name__)
        return error(503, "database unavailable, retry later", retry_after=True)
    return answer(incoming, stored)


def read_body(limit: int) -> bytes:
    """The raw body, or RequestEntityTooLarge (413) when it is longer than `limit`."""
    # werkzeug cuts a chunked body (no Content-Length) at the limit without saying so, and
    # the cut body fails its signature: read one byte more to tell a full body from a cut one.
    body = get_input_stream(request.environ, max_content_length=limit + 1).read()
    if len(body) > limit:
        raise RequestEntityTooLarge()
    return body


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
