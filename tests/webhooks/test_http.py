"""HTTP around every receiver: methods, trailing slashes, bodies without a Content-Length."""

from __future__ import annotations

import pytest

from webhooks.receivers import RECEIVERS

PATHS = [r.path for r in RECEIVERS]


@pytest.mark.parametrize("path", PATHS)
def test_a_trailing_slash_reaches_the_receiver(client, path):
    answer = client.post(path + "/", data=b"{}")
    assert answer.status_code in (400, 401)  # the receiver's own answer, never 404


@pytest.mark.parametrize("path", PATHS)
def test_other_methods_are_405_naming_post(client, path):
    answer = client.get(path)
    assert answer.status_code == 405 and "POST" in answer.headers["Allow"].split(", ")
    assert answer.get_json()["status"] == 405
