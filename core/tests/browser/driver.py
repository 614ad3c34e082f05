"""Playwright in a thread of its own, behind proxies that the tests use as usual.

Playwright's synchronous API keeps its event loop marked as running in the thread that
drives it. In the test's thread that would make Django refuse the ORM
(SynchronousOnlyOperation) and hand out another database connection than the test's
(asgiref's thread-critical storage turns per-task under a running loop), losing the
test transaction's state. So one thread owns Playwright; every call on a browser, page,
locator or download made by a test is run there, and its result comes back wrapped the
same way. Event handlers (page.on) run in that thread too.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future
from typing import Any

_PLAIN = (str, int, float, bool, bytes, type(None))


def _is_playwright(value: Any) -> bool:
    return type(value).__module__.startswith("playwright.")


class BrowserThread:
    """Starts Chromium through Playwright in a daemon thread and runs calls there, one at a time."""

    def __init__(self, executable: str, args: list[str]) -> None:
        self._calls: queue.Queue = queue.Queue()
        started: Future = Future()
        self._thread = threading.Thread(
            target=self._serve, args=(executable, args, started), name="playwright", daemon=True
        )
        self._thread.start()
        self.browser = Remote(self, started.result(timeout=60))

    def _serve(self, executable: str, args: list[str], started: Future) -> None:
        from playwright.sync_api import sync_playwright

        try:
            playwright = sync_playwright().start()
            browser = playwright.chromium.launch(executable_path=executable, headless=True, args=args)
        except BaseException as error:  # the test thread reports it
            started.set_exception(error)
            return
        started.set_result(browser)
        while True:
            call = self._calls.get()
            if call is None:
                break
            function, call_args, call_kwargs, result = call
            try:
                result.set_result(function(*call_args, **call_kwargs))
            except BaseException as error:  # raised again in the test thread
                result.set_exception(error)
        browser.close()
        playwright.stop()

    def call(self, function, *args, **kwargs) -> Any:
        result: Future = Future()
        self._calls.put(
            (function, [unwrap(a) for a in args], {k: unwrap(v) for k, v in kwargs.items()}, result)
        )
        return wrap(self, result.result())

    def stop(self) -> None:
        self._calls.put(None)
        self._thread.join(timeout=30)


def unwrap(value: Any) -> Any:
    if isinstance(value, Remote):
        return object.__getattribute__(value, "_target")
    if isinstance(value, list | tuple):
        return type(value)(unwrap(v) for v in value)
    if isinstance(value, dict):
        return {k: unwrap(v) for k, v in value.items()}
    return value


def wrap(thread: BrowserThread, value: Any) -> Any:
    if isinstance(value, _PLAIN):
        return value
    if _is_playwright(value):
        return Remote(thread, value)
    if isinstance(value, list):
        return [wrap(thread, v) for v in value]
    if callable(value):
        return lambda *args, **kwargs: thread.call(value, *args, **kwargs)
    return value


class Remote:
    """A Playwright object living in the browser thread; attributes and calls go there."""

    __slots__ = ("_thread", "_target")

    def __init__(self, thread: BrowserThread, target: Any) -> None:
        object.__setattr__(self, "_thread", thread)
        object.__setattr__(self, "_target", target)

    def __getattr__(self, name: str) -> Any:
        return self._thread.call(getattr, self._target, name)

    def __setattr__(self, name: str, value: Any) -> None:
        self._thread.call(setattr, self._target, name, value)

    def __enter__(self) -> Any:
        return self._thread.call(type(self._target).__enter__, self._target)

    def __exit__(self, *exc: Any) -> Any:
        return self._thread.call(type(self._target).__exit__, self._target, *exc)

    def __repr__(self) -> str:
        return self._thread.call(repr, self._target)


def expect(thread: BrowserThread, target: Any, message: str | None = None) -> Any:
    """Playwright's web-first assertions (retrying until the timeout) on a proxied object."""
    from playwright.sync_api import expect as playwright_expect

    return thread.call(playwright_expect, target, message)
