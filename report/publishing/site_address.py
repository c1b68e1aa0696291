"""A published site must know its public address: canonical links, the sitemap, link previews (share
cards) and the PDF's links are made from site_url. Left at the preview's 127.0.0.1, they would point
at each reader's own computer, so a strict build refuses it and any other build warns."""

from __future__ import annotations

import ipaddress
import os
from urllib.parse import urlsplit

from report.errors import Problem
from report.settings import CONFIG_FILE, Settings, _with_lines


def is_local(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def local_address_problem(settings: Settings, given_as: str | None = None) -> Problem | None:
    """The problem to report when the site would be published under a local address, else None.
    `given_as`: the option that set the address (--site-url), when not mkdocs.yml."""
    if not is_local(settings.site_url):
        return None
    url = settings.site_url
    problem = Problem(CONFIG_FILE, f"extra.report.site_url masih {url}, alamat komputer ini, bukan alamat publik "
                      "situs: tautan kanonis, peta situs, kartu pratinjau tautan dan tautan di PDF akan menuju "
                      "komputer pembaca. Isi alamat publik situs (misalnya https://nama.github.io/laporan/) di "
                      "mkdocs.yml, atau berikan SITE_URL / --site-url.",
                      f"extra.report.site_url is still {url}, this computer's address, not the site's public one: "
                      "canonical links, the sitemap, link previews and the PDF's links would lead to each reader's "
                      "own computer. Write the site's public address (e.g. https://name.github.io/report/) in "
                      "mkdocs.yml, or give SITE_URL / --site-url.")
    given_as = given_as or ("SITE_URL" if os.environ.get("SITE_URL") else None)
    if given_as:
        return Problem(given_as, problem.message_id, problem.message_en)
    return _with_lines([problem], settings.root / CONFIG_FILE)[0]
