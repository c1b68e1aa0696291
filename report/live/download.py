"""HTTP GET for `build.py fetch`: one deadline, retries, a size limit, gzip, and guarded redirects.

A redirect is followed only to the host the source declares (or to hosts its row lists under host_lain),
never from https to plain http, and never to a private, loopback or link-local address unless the declared
address is of that same kind: a portal must not be able to send the fetch to 169.254.169.254 or to a
machine inside the CI network.
The address finally read is returned, so the manifest records where the data really came from.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from report.live.deadline import open_before
from report.settings import Settings

USER_AGENT = "laporan-pekerja-rentan/0.1 (+build.py fetch)"


@dataclass(frozen=True)
class Limits:
    timeout: float
    retries: int
    backoff: float
    max_bytes: int
    hosts: frozenset[str] = frozenset()  # besides the declared one, hosts a redirect may lead to

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        return cls(settings.fetch_timeout_seconds, settings.fetch_retries, settings.fetch_backoff_seconds,
                   settings.fetch_max_bytes)


class SourceFailed(Exception):
    """One source could not be loaded; `retry` says whether trying again may help."""

    def __init__(self, message_id: str, message_en: str, retry: bool = False, column: str = "lokasi"):
        super().__init__(message_en)
        self.message_id, self.message_en, self.retry, self.column = message_id, message_en, retry, column


@dataclass(frozen=True)
class Downloaded:
    body: bytes
    url: str  # where the body was finally read, after any redirects


def download(url: str, limits: Limits, sleep: Callable[[float], None] = time.sleep) -> Downloaded:
    """GET with retries and exponential back-off for what may pass (network, timeout, 5xx, cut short)."""
    for attempt in range(limits.retries + 1):
        try:
            return download_once(url, limits)
        except SourceFailed as failure:
            if not failure.retry or attempt == limits.retries:
                if attempt:
                    failure.message_id += f" Sudah dicoba {attempt + 1} kali."
                    failure.message_en += f" Tried {attempt + 1} times."
                raise
            sleep(limits.backoff * 2 ** attempt)
    raise AssertionError("unreachable")


def download_once(url: str, limits: Limits) -> Downloaded:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*",
                                                   "Accept-Encoding": "gzip"})
    deadline = time.monotonic() + limits.timeout
    try:
        with open_before(request, deadline, GuardedRedirects(url, limits.hosts)) as response:
            final = response.geturl()
            encoding = (response.headers.get("Content-Encoding") or "").strip().lower()
            declared = response.headers.get("Content-Length")
            expected = int(declared) if declared and declared.strip().isdigit() else None
            if expected is not None and expected > limits.max_bytes:
                raise too_big(expected, limits.max_bytes)
            body = read_body(response, limits)
    except SourceFailed:
        raise
    except urllib.error.HTTPError as error:
        error.close()
        raise http_failure(error.code, error.reason) from None
    except TimeoutError:
        raise timed_out(limits.timeout) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise timed_out(limits.timeout) from None
        raise unreachable(error.reason) from None
    except http.client.IncompleteRead as error:
        raise cut_short(len(error.partial), None) from None
    except (http.client.HTTPException, ConnectionError) as error:
        raise unreachable(error) from None
    if expected is not None and len(body) != expected:
        raise cut_short(len(body), expected)
    return Downloaded(gunzipped(body, limits.max_bytes) if encoding in ("gzip", "x-gzip") else body, final)


def gunzipped(body: bytes, max_bytes: int) -> bytes:
    """A gzip-encoded body, unpacked no further than the download limit (a small bomb stays small)."""
    unpacker = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = unpacker.decompress(body, max_bytes + 1)
    except zlib.error:
        raise SourceFailed("server menyatakan isi dikemas gzip, tetapi isinya rusak atau terpotong.",
                           "the server says the content is gzip-packed, but it is damaged or cut short.",
                           retry=True) from None
    if len(out) > max_bytes or unpacker.unconsumed_tail:
        raise too_big(len(out), max_bytes)
    return out


def read_body(response: Any, limits: Limits) -> bytes:
    """Every read waits only until the request's deadline (deadline.py), so a drip times out as well."""
    chunks, size = [], 0
    while chunk := response.read1(65536):
        size += len(chunk)
        if size > limits.max_bytes:
            raise too_big(size, limits.max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)


def http_failure(code: int, reason: Any) -> SourceFailed:
    retry = code >= 500 or code in (408, 429)
    hint_id = ("server sedang bermasalah; coba lagi nanti." if retry else
               "periksa kolom lokasi dan hak akses ke sumber.")
    hint_en = "the server is in trouble; try again later." if retry else "check the address and access to the source."
    return SourceFailed(f"server menjawab HTTP {code} ({reason}); {hint_id}",
                        f"the server answered HTTP {code} ({reason}); {hint_en}", retry=retry)


def timed_out(seconds: float) -> SourceFailed:
    return SourceFailed(f"waktu habis: tidak selesai dalam {seconds:g} detik (pengaturan "
                        "extra.report.fetch_timeout_seconds).", f"timed out: not finished within {seconds:g} "
                        "seconds (setting extra.report.fetch_timeout_seconds).", retry=True)


def unreachable(reason: Any) -> SourceFailed:
    return SourceFailed(f"server tidak dapat dihubungi ({reason}); periksa alamat dan jaringan.",
                        f"the server could not be reached ({reason}); check the address and the network.",
                        retry=True)


def cut_short(received: int, expected: int | None) -> SourceFailed:
    of_id = f" dari {expected}" if expected is not None else ""
    of_en = f" of {expected}" if expected is not None else ""
    return SourceFailed(f"unduhan terpotong: hanya {received}{of_id} byte diterima.",
                        f"the download was cut short: only {received}{of_en} bytes arrived.", retry=True)


def too_big(size: int, limit: int) -> SourceFailed:
    return SourceFailed(f"unduhan terlalu besar: {size} byte, batasnya {limit} byte (pengaturan "
                        "extra.report.fetch_max_bytes).", f"the download is too large: {size} bytes, the limit is "
                        f"{limit} bytes (setting extra.report.fetch_max_bytes).")


# Redirects --------------------------------------------------------------------------------------------

class GuardedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only where the declared source allows it (see the module's docstring)."""

    def __init__(self, declared: str, hosts: frozenset[str]):
        super().__init__()
        host = urlsplit(declared).hostname or ""
        self.allowed = {host.lower(), *(h.lower() for h in hosts)}
        self.declared_kind = address_kind(host)
        self.encrypted = urlsplit(declared).scheme == "https"

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        host = (urlsplit(newurl).hostname or "").lower()
        if self.encrypted and urlsplit(newurl).scheme != "https":
            # Anyone on the way could change what arrives over plain http, and the site would publish it.
            raise SourceFailed(f"server mengalihkan dari alamat https ke alamat tanpa enkripsi ({newurl}); data "
                               "yang tiba bisa diubah di jalan, jadi pengalihan itu tidak diikuti.", "the server "
                               f"redirects from an https address to an unencrypted one ({newurl}); what arrives "
                               "could be changed on the way, so that redirect is not followed.")
        if host not in self.allowed:
            raise SourceFailed(f"server mengalihkan ke host lain ({newurl}); yang diizinkan hanya "
                               f"{', '.join(sorted(self.allowed))}. Jika alamat baru itu benar, tulis alamat "
                               "itu di kolom lokasi atau nama host-nya di kolom host_lain.", "the server redirects "
                               f"to another host ({newurl}); only {', '.join(sorted(self.allowed))} may be "
                               "followed. If the new address is right, put it in the lokasi column or its host "
                               "in host_lain.")
        kind = address_kind(host)
        if kind != "publik" and kind != self.declared_kind:
            raise SourceFailed(f"server mengalihkan ke alamat {kind} ({newurl}); pengalihan ke jaringan dalam "
                               "tidak diikuti.", f"the server redirects to a {KIND_EN[kind]} address ({newurl}); a "
                               "redirect into an internal network is not followed.")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


KIND_EN = {"publik": "public", "loopback": "loopback", "link-local": "link-local", "privat": "private"}


def address_kind(host: str) -> str:
    """publik, or the kind of internal address the host names or resolves to (the least public wins)."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        return "publik"  # it cannot be reached at all; connecting reports that in its own words
    kinds = {kind_of(ipaddress.ip_address(str(a).split("%")[0])) for a in addresses}
    for kind in ("link-local", "loopback", "privat"):
        if kind in kinds:
            return kind
    return "publik"


def kind_of(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    if address.is_link_local:
        return "link-local"
    if address.is_loopback:
        return "loopback"
    if address.is_private or address.is_reserved or address.is_unspecified or address.is_multicast:
        return "privat"
    return "publik"
