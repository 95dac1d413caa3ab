"""Waiting in a browser test for a condition on the page, under the web app's Content Security Policy.

Playwright's ``wait_for_function`` compiles its predicate with ``new Function`` inside the page, which
the app's policy (``script-src 'self'``, no ``'unsafe-eval'``) refuses, as it should. ``page.evaluate``
runs through the DevTools protocol, which the policy does not govern, so the condition is polled here.
"""

from __future__ import annotations

import time
from typing import Any

POLL_SECONDS = 0.05


def wait_until(page: Any, expression: str, timeout: float) -> Any:
    """Poll the JavaScript ``expression`` on ``page`` until it is truthy (returning its value); fail after
    ``timeout`` milliseconds, naming the expression and its last value."""
    deadline = time.monotonic() + timeout / 1000
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(
                f"after {timeout / 1000:g} s, still false: {expression} (last value {value!r})"
            )
        page.wait_for_timeout(POLL_SECONDS * 1000)
