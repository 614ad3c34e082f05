"""The app servers send a page's headers and body in one write (core/gunicorn_writes.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from gunicorn.http import wsgi

from core.gunicorn_writes import coalesce_first_write


class Socket:
    def __init__(self) -> None:
        self.writes: list[bytes] = []

    def sendall(self, data: bytes) -> None:
        self.writes.append(bytes(data))


def response(sock: Socket, *, chunked: bool = False) -> wsgi.Response:
    req = SimpleNamespace(version=(1, 1), method="GET", should_close=lambda: False)
    resp = wsgi.Response(req, sock, Config())
    headers = [("Content-Type", "text/html; charset=utf-8")]
    if not chunked:
        headers.append(("Content-Length", "11"))
    resp.start_response("200 OK", headers)
    return resp


@pytest.fixture
def coalesced(monkeypatch):
    monkeypatch.setattr(wsgi.Response, "write", wsgi.Response.write)
    coalesce_first_write()


def test_without_the_hook_gunicorn_writes_the_headers_apart():
    sock = Socket()
    response(sock).write(b"hello world")
    assert len(sock.writes) == 2


def test_headers_and_the_first_part_leave_in_one_write(coalesced):
    sock = Socket()
    resp = response(sock)
    resp.write(b"hello world")
    assert len(sock.writes) == 1
    head, body = sock.writes[0].split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 200 OK") and b"Content-Length: 11" in head
    assert body == b"hello world"


def test_later_parts_and_chunked_bodies_are_sent_as_before(coalesced):
    sock = Socket()
    resp = response(sock, chunked=True)
    resp.write(b"hello ")
    resp.write(b"world")
    assert len(sock.writes) == 2
    assert sock.writes[0].endswith(b"6\r\nhello \r\n")
    assert sock.writes[1] == b"5\r\nworld\r\n"


def test_installing_twice_wraps_once(coalesced):
    first = wsgi.Response.write
    coalesce_first_write()
    assert wsgi.Response.write is first
