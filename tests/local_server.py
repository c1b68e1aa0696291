"""A real HTTP server on 127.0.0.1 whose every answer a test decides: slow, cut short, wrong, paged.

Each path maps to a responder `(handler, query) -> None`; `sequence` gives the n-th request the n-th
responder, so a test can make a server fail first and recover, or change its data between requests.
"""

from __future__ import annotations

import ssl
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

Responder = Callable[[BaseHTTPRequestHandler, dict[str, list[str]]], None]


class LocalServer:
    """`tls`: (certificate, key) files, to answer https."""

    def __init__(self, tls: tuple[str, str] | None = None) -> None:
        self.routes: dict[str, Responder] = {}
        self.hits: Counter[str] = Counter()
        self.requested = threading.Event()  # set on the first request: a test may act "part-way"
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                parts = urlsplit(self.path)
                server.hits[parts.path] += 1
                server.requested.set()
                responder = server.routes.get(parts.path)
                try:
                    if responder is None:
                        send(self, b"not found", status=404)
                    else:
                        responder(self, parse_qs(parts.query))
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout under test): nothing left to answer

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.scheme = "https" if tls else "http"
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.httpd.block_on_close = False  # a handler still sleeping must not hold up the test's end
        # A short poll: shutdown() waits up to one poll interval, 0.5 s by default, once per test.
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def url(self, path: str) -> str:
        return f"{self.scheme}://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def send(handler: BaseHTTPRequestHandler, body: bytes, status: int = 200, content_type: str = "text/csv",
         length: int | None = None) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body) if length is None else length))
    if length is not None and length != len(body):
        handler.send_header("Connection", "close")
        handler.close_connection = True
    handler.end_headers()
    handler.wfile.write(body)
    handler.wfile.flush()


def static(body: bytes, status: int = 200, content_type: str = "text/csv", delay: float = 0,
           length: int | None = None) -> Responder:
    """One fixed answer; `delay` seconds before it, `length` to declare more bytes than are sent."""
    def respond(handler: BaseHTTPRequestHandler, query: dict[str, list[str]]) -> None:
        time.sleep(delay)
        send(handler, body, status, content_type, length)
    return respond


def drip(body: bytes, pause: float, pieces: int = 10) -> Responder:
    """The whole body, honestly declared, but slowly: each piece arrives well within a socket timeout."""
    def respond(handler: BaseHTTPRequestHandler, query: dict[str, list[str]]) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/csv")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        step = max(1, len(body) // pieces)
        for start in range(0, len(body), step):
            handler.wfile.write(body[start:start + step])
            handler.wfile.flush()
            time.sleep(pause)
    return respond


def trickle(body: bytes, header_padding: int = 0, piece: int = 4, pause: float = 0.2) -> Responder:
    """The raw response, status line and headers included, `piece` bytes every `pause` seconds: no single
    read ever waits long, only the whole. `header_padding` bytes of an extra header make the headers slow."""
    def respond(handler: BaseHTTPRequestHandler, query: dict[str, list[str]]) -> None:
        padding = f"X-Padding: {'x' * header_padding}\r\n" if header_padding else ""
        raw = (f"HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: {len(body)}\r\n{padding}\r\n"
               .encode() + body)
        for start in range(0, len(raw), piece):
            handler.wfile.write(raw[start:start + piece])
            handler.wfile.flush()
            time.sleep(pause)
    return respond


def sequence(*responders: Responder) -> Responder:
    """The n-th request gets the n-th responder; the last one answers every request after that."""
    lock, count = threading.Lock(), [0]

    def respond(handler: BaseHTTPRequestHandler, query: dict[str, list[str]]) -> None:
        with lock:
            index = min(count[0], len(responders) - 1)
            count[0] += 1
        responders[index](handler, query)
    return respond
