"""HTTP(S) GET under one deadline for the whole request: connecting, the headers, every read of the body.

urllib's own timeout bounds each socket operation, not the request: a server that sends a few bytes
every fraction of a second never trips it, and a download meant to stop after 2 seconds ran for 20.
Here every read of the response may only wait for the time left before the deadline, so a slow drip
fails within about the timeout. Redirects are followed under the same deadline.
"""

from __future__ import annotations

import http.client
import io
import socket
import time
import urllib.request
from functools import partial
from typing import Any


def open_before(request: urllib.request.Request, deadline: float,
                redirects: urllib.request.HTTPRedirectHandler | None = None) -> Any:
    """urlopen, except that the whole request must finish by `deadline` (time.monotonic()); past it,
    any wait raises TimeoutError, as urllib does for its own timeout. `redirects` decides which redirects
    are followed (urllib's own handler follows any)."""
    handlers: list[Any] = [DeadlineHTTPHandler(deadline), DeadlineHTTPSHandler(deadline)]
    opener = urllib.request.build_opener(*handlers, *([redirects] if redirects else []))
    return opener.open(request, timeout=time_left(deadline))


def time_left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("the request's deadline has passed")
    return left


class DeadlineReader(io.RawIOBase):
    """The response's socket, each read allowed only the time left before the deadline."""

    def __init__(self, raw: Any, sock: socket.socket, deadline: float):
        super().__init__()
        self.raw, self.sock, self.deadline = raw, sock, deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int | None:
        self.sock.settimeout(time_left(self.deadline))
        return self.raw.readinto(buffer)  # type: ignore[no-any-return]

    def close(self) -> None:
        if not self.closed:
            self.raw.close()  # releases the socket, as closing http.client's own reader does
        super().close()


class DeadlineResponse(http.client.HTTPResponse):
    deadline = 0.0  # set on the subclass each connection makes

    def __init__(self, sock: socket.socket, *args: Any, **kwargs: Any):
        super().__init__(sock, *args, **kwargs)
        # detach(), not close(): the socket must stay open for the reader that replaces this one.
        self.fp = io.BufferedReader(DeadlineReader(self.fp.detach(), sock, self.deadline))


class DeadlineConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, deadline: float, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.deadline = deadline
        self.response_class = type("Response", (DeadlineResponse,), {"deadline": deadline})

    def connect(self) -> None:
        self.timeout = time_left(self.deadline)  # connecting (and a TLS handshake) counts too
        super().connect()


class DeadlineHTTPSConnection(DeadlineConnection, http.client.HTTPSConnection):
    pass


class DeadlineHandler(urllib.request.AbstractHTTPHandler):
    """Opens its requests through a connection that keeps to one deadline."""

    connection: type[DeadlineConnection]

    def __init__(self, deadline: float):
        super().__init__()
        self.deadline = deadline

    def do_open(self, http_class: Any, req: Any, **kwargs: Any) -> Any:
        return super().do_open(partial(self.connection, deadline=self.deadline), req, **kwargs)


class DeadlineHTTPHandler(DeadlineHandler, urllib.request.HTTPHandler):
    connection = DeadlineConnection


class DeadlineHTTPSHandler(DeadlineHandler, urllib.request.HTTPSHandler):
    connection = DeadlineHTTPSConnection
