"""Access logs without secrets: the status senders prove themselves with ?token=."""

from __future__ import annotations

import re
from urllib.parse import unquote_plus

from gunicorn.glogging import Logger
from werkzeug.serving import WSGIRequestHandler

from bot.masking import MASK, SECRET_PARAMETER

# werkzeug colours the status code for a terminal; journald and log files keep the codes.
ANSI_STYLE = re.compile(r"\x1b\[[0-9;]*m")
# One query parameter; each run stops at the next separator, so a scan is linear.
PARAMETER = re.compile(r"([?&;])([^?&;=\s\"#]*)=([^&;\s\"#]*)")


def redact_secret_parameters(line: str) -> str:
    """Mask the value of ?token= (and of any other secret-named parameter) in a log line."""
    return PARAMETER.sub(_masked, line) if "=" in line else line


def _masked(match: re.Match) -> str:
    """A secret parameter's value masked; its name is read as the app decodes it."""
    separator, name, _value = match.groups()
    if SECRET_PARAMETER.search(unquote_plus(name)):
        return f"{separator}{name}={MASK}"
    return match.group(0)


class RedactingRequestHandler(WSGIRequestHandler):
    """werkzeug's handler for `coopbot run` and `coopbot web`, masking secret parameters."""

    # A client silent this long (seconds) is dropped: a stalled or idle connection must not
    # hold a thread for ever. It bounds each read, not a whole request: a client sending a
    # byte every few seconds is for the reverse proxy's buffering (docs/setup.md).
    timeout = 10

    def log(self, type: str, message: str, *args) -> None:
        line = message % args if args else message
        super().log(type, "%s", redact_secret_parameters(ANSI_STYLE.sub("", line)))


class RedactingLogger(Logger):
    """gunicorn's logger (--logger-class), masking secret parameters in access lines."""

    def atoms(self, resp, req, environ, request_time) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            k: redact_secret_parameters(v) if isinstance(v, str) else v for k, v in atoms.items()
        }
