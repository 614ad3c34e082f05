"""One write for a response's headers and its first part, in the gunicorn app servers.

gunicorn sends a response's headers, then each part of its body, in separate writes. If
the server dies between the two (a crash, a SIGKILL, an out-of-memory kill), the reverse
proxy has already forwarded the headers to the visitor and can no longer retry the request
on another server: the visitor gets a truncated page. Sent together, the headers and the
body of an ordinary page (one part) reach the proxy whole or not at all, and nginx retries
an idempotent request on the other server when nothing came back (`proxy_next_upstream`).

``coalesce_first_write()`` is installed by gunicorn.conf.py in each worker; it wraps
``gunicorn.http.wsgi.Response.write`` without changing what is sent, only how many
writes carry it.
"""

from __future__ import annotations

from typing import Any


class _Collect:
    """Stands for the socket while gunicorn writes the headers and the first part."""

    def __init__(self, sock: Any) -> None:
        self._sock = sock
        self.parts: list[bytes] = []

    def sendall(self, data: bytes) -> None:
        self.parts.append(bytes(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


def coalesce_first_write() -> None:
    from gunicorn.http import wsgi

    if getattr(wsgi.Response.write, "coalesced", False):
        return
    original = wsgi.Response.write

    def write(self: Any, arg: bytes) -> None:
        if self.headers_sent:
            return original(self, arg)
        sock = self.sock
        collect = _Collect(sock)
        self.sock = collect
        try:
            original(self, arg)
        finally:
            self.sock = sock
        sock.sendall(b"".join(collect.parts))
        return None

    write.coalesced = True  # type: ignore[attr-defined]
    wsgi.Response.write = write
