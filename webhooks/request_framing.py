"""Whether the bytes received on a connection hold a whole HTTP/1 request (pure)."""

from __future__ import annotations

from enum import Enum

HEADERS_LIMIT = 64 * 1024  # far above what any sender needs, below what memory minds


class Framing(Enum):
    """What to do with the bytes received so far."""

    INCOMPLETE = "wait for more"
    EXPECTS_CONTINUE = "wait for more, after answering 100 Continue"
    COMPLETE = "serve"
    HEADERS_TOO_LARGE = "answer 431"
    BODY_TOO_LARGE = "answer 413"


def framing(data: bytes | bytearray, body_limit: int) -> Framing:
    """Say whether data holds a request whole (headers, then the body its headers announce)."""
    end = data.find(b"\r\n\r\n")
    if end < 0 or end > HEADERS_LIMIT:
        return Framing.HEADERS_TOO_LARGE if len(data) > HEADERS_LIMIT else Framing.INCOMPLETE
    head = bytes(data[:end])
    fields = _fields(head)
    start = end + 4
    if b"chunked" in fields.get(b"transfer-encoding", b""):
        ended, size = _chunked(data, start)
    else:
        ended, size = _by_length(fields.get(b"content-length"), len(data) - start)
    if size > body_limit:
        return Framing.BODY_TOO_LARGE
    if ended:
        return Framing.COMPLETE
    expects = fields.get(b"expect") == b"100-continue" and head.split(b"\r\n")[0].endswith(b"/1.1")
    return Framing.EXPECTS_CONTINUE if expects else Framing.INCOMPLETE


def _fields(head: bytes) -> dict[bytes, bytes]:
    """Header names and values in lower case (gunicorn's parser refuses repeated ones)."""
    found = {}
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        found[name.strip().lower()] = value.strip().lower()
    return found


def _by_length(length: bytes | None, received: int) -> tuple[bool, int]:
    """A body framed by Content-Length (none at all without it): (ended, announced size)."""
    if length is None or not length.isdigit():
        return True, 0  # no body, or one gunicorn's parser will refuse with 400
    size = int(length)
    return received >= size, size


def _chunked(data: bytes | bytearray, pos: int) -> tuple[bool, int]:
    """Walk a chunked body: (whether its last chunk and trailers are in, size announced)."""
    size = 0
    while True:
        eol = data.find(b"\r\n", pos)
        if eol < 0:
            return False, size
        try:
            chunk = int(bytes(data[pos:eol]).split(b";")[0], 16)
        except ValueError:
            chunk = -1
        if chunk < 0:
            return True, size  # malformed: gunicorn's parser answers 400
        if chunk == 0:
            return data.find(b"\r\n\r\n", eol) >= 0, size
        size += chunk
        pos = eol + 2 + chunk + 2
        if pos > len(data):
            return False, size
