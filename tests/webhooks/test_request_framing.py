"""Whether a connection's bytes hold a whole request: the decision the gunicorn worker makes."""

from __future__ import annotations

import pytest

from webhooks.request_framing import HEADERS_LIMIT, Framing, framing

LIMIT = 1000
POST = b"POST /webhooks/discourse HTTP/1.1\r\nHost: x\r\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"POST /webhooks/disc", Framing.INCOMPLETE),
        (POST + b"Content-Length: 5\r\n\r\nabc", Framing.INCOMPLETE),
        (POST + b"content-length: 5\r\n\r\nabcde", Framing.COMPLETE),
        (POST + b"Content-Length: 5\r\n\r\nabcdeGET / HTTP/1.1\r\n", Framing.COMPLETE),
        (b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", Framing.COMPLETE),
        (POST + b"Content-Length: nope\r\n\r\n", Framing.COMPLETE),  # gunicorn answers 400
        (POST + b"Content-Length: 1001\r\n\r\n", Framing.BODY_TOO_LARGE),
        (POST + b"Expect: 100-continue\r\nContent-Length: 5\r\n\r\n", Framing.EXPECTS_CONTINUE),
        (
            b"POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n",
            Framing.INCOMPLETE,
        ),
        (POST + b"Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n", Framing.INCOMPLETE),
        (POST + b"Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n", Framing.INCOMPLETE),
        (POST + b"Transfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\n\r\n", Framing.COMPLETE),
        (POST + b"Transfer-Encoding: chunked\r\n\r\n0\r\nA: b\r\n\r\n", Framing.COMPLETE),
        (POST + b"Transfer-Encoding: chunked\r\n\r\n-1\r\n", Framing.COMPLETE),  # 400 later
        (POST + b"Transfer-Encoding: chunked\r\n\r\n3e9\r\nab", Framing.BODY_TOO_LARGE),
        (POST + b"X: " + b"y" * HEADERS_LIMIT, Framing.HEADERS_TOO_LARGE),
    ],
)
def test_framing(data, expected):
    assert framing(bytearray(data), LIMIT) is expected
