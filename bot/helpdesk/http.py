"""One JSON request with a timeout, its failures turned into HelpdeskError subclasses."""

from __future__ import annotations

import requests

from bot.helpdesk.client import HelpdeskError, HelpdeskRejected, HelpdeskUnavailable


def call(method: str, url: str, *, headers: dict, timeout: float, json=None, params=None):
    """Send a request; return the decoded JSON answer."""
    try:
        response = requests.request(
            method,
            url,
            headers=headers,
            json=json,
            params=params,
            timeout=timeout,
            allow_redirects=False,
        )
    except requests.RequestException as e:
        raise HelpdeskUnavailable(f"{method} {url}: {e}") from e
    if response.status_code >= 500 or response.status_code == 429:
        raise HelpdeskUnavailable(f"{method} {url}: HTTP {response.status_code}")
    if response.status_code >= 300:
        raise HelpdeskRejected(response.status_code, f"{method} {url}: {response.text[:200]}")
    try:
        return response.json()
    except ValueError as e:
        raise HelpdeskError(f"{method} {url}: the answer is not JSON") from e
