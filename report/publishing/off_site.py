"""The last look before a language's site is published: nothing in its pages may load from another site.

Chapters are judged where staff write them (report/chapters/chapter_html.py), but mkdocs.yml can still make
Material load from elsewhere as a page opens: a web font (`theme.font`), analytics (`extra.analytics`), a
stylesheet or script (`extra_css`, `extra_javascript`), a logo or icon (`theme.logo`, `theme.favicon`), a
picture in `copyright`, a repository's facts (`repo_url`). Each of them tells that site who reads the report.
The built pages are what readers get, so they are what is checked. Links readers choose to follow stay.
"""

from __future__ import annotations

import re
from html import unescape as html_unescape
from pathlib import Path
from urllib.parse import urlsplit

from report.chapters.chapter_html import DROPPED
from report.errors import Problem, PublishError
from report.settings import CONFIG_FILE

TAG = re.compile(r"<([a-zA-Z][\w:-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*/?>")
ATTRIBUTE = re.compile(r"([^\s=>/]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")
# Attributes whose address the browser fetches by itself; <a href> and naming <link>s are only followed.
FETCHED = {"src", "srcset", "poster", "data", "background", "xlink:href"}
FETCHED_BY = {"link": "href", "image": "href", "use": "href", "feimage": "href"}
NAMING_LINKS = {"canonical", "alternate", "prev", "next", "search", "license", "author", "help"}
CSS_ADDRESS = re.compile(r"url\(\s*['\"]?([^'\")\s]+)|@import\s+['\"]([^'\"]+)", re.IGNORECASE)
ADDRESS_IN = re.compile(r"https?://[^\s,]+|//[^\s,]+", re.IGNORECASE)
# An inline script that writes an address in quotes may load it (Material's analytics adds its script so).
SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.IGNORECASE | re.DOTALL)
QUOTED_ADDRESS = re.compile(r"[\"'`]((?:https?:)?//[^\"'`\s]+)")
NAMESPACES = ("http://www.w3.org/",)
RUNS_CODE = re.compile(r"^(javascript|vbscript|data:text/html)", re.IGNORECASE)


def refuse_off_site_loads(site: Path, site_url: str, skip: tuple[str, ...] = ()) -> None:
    """Stop before publishing when a page or stylesheet of `site` would load from a host other than the
    site's own, or a page holds an event handler or a javascript: address (a setting written into an
    attribute can add one). `skip`: folders of other languages' sites inside this one."""
    own = urlsplit(site_url).hostname
    found: dict[str, str] = {}  # address -> the first page that loads it
    active: dict[str, str] = {}  # what runs code -> the first page that holds it
    for path in sorted(site.rglob("*")):
        shown = path.relative_to(site).as_posix()
        if path.suffix not in (".html", ".css") or shown.startswith(skip):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        addresses, code = (css_addresses(text), []) if path.suffix == ".css" else page_findings(text)
        for address in addresses:
            if off_site(address, own):
                found.setdefault(address, shown)
        for what in code:
            active.setdefault(what, shown)
    if found or active:
        raise PublishError([problem(address, page) for address, page in found.items()]
                           + [code_problem(what, page) for what, page in active.items()])


def page_findings(html: str) -> tuple[list[str], list[str]]:
    """What a page fetches as it opens (sources, stylesheets and icons, inline styles, a refresh), and what in
    its tags runs code (on... handlers, javascript: addresses); the site's own pages have neither of the last."""
    addresses = [address for script in SCRIPT.finditer(html) for address in QUOTED_ADDRESS.findall(script[1])
                 if not address.startswith(NAMESPACES)]
    code: list[str] = []
    for tag in TAG.finditer(html):
        name = tag[1].lower()
        attributes = {a[1].lower(): next((v for v in a.groups()[1:] if v is not None), "")
                      for a in ATTRIBUTE.finditer(tag[2])}
        addresses += tag_addresses(name, attributes)
        code += [f"{attribute}=... <{name}>" for attribute, value in attributes.items()
                 if attribute.startswith("on") or RUNS_CODE.match(DROPPED.sub("", html_unescape(value)))]
    return addresses, code


def tag_addresses(name: str, attributes: dict[str, str]) -> list[str]:
    addresses: list[str] = []
    for attribute, value in attributes.items():
        if attribute in FETCHED or attribute == FETCHED_BY.get(name):
            if name == "link" and set(attributes.get("rel", "").lower().split()) <= NAMING_LINKS:
                continue
            addresses += ADDRESS_IN.findall(value) if attribute == "srcset" else [value]
        elif attribute == "style":
            addresses += css_addresses(value)
    if name == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
        addresses += ADDRESS_IN.findall(attributes.get("content", ""))
    if attributes.get("data-md-component") == "source":  # Material's script asks the host for the repository
        addresses.append(attributes.get("href", ""))
    return addresses


def css_addresses(css: str) -> list[str]:
    return [m[1] or m[2] for m in CSS_ADDRESS.finditer(css)]


def off_site(address: str, own: str | None) -> bool:
    """An address with a host of its own ("https://host/x", "//host/x") that is not the site's own."""
    address = DROPPED.sub("", address.replace("&amp;", "&"))
    if not re.match(r"^(?:[a-z][a-z0-9+.\-]*:)?[/\\]{2}", address, re.IGNORECASE):
        return False
    return urlsplit(address.replace("\\", "/")).hostname != own


def problem(address: str, page: str) -> Problem:
    return Problem(CONFIG_FILE, f"halaman {page} akan memuat {address} dari situs lain. Situs tidak memuat apa pun "
                   "dari situs lain, agar tidak ada pihak lain yang tahu siapa membacanya: hapus pengaturan yang "
                   "menambahkannya (mis. theme.font, extra.analytics, extra_css, extra_javascript, theme.logo, "
                   "theme.favicon, copyright, repo_url), atau simpan berkasnya di situs sendiri.",
                   f"page {page} would load {address} from another site. The site loads nothing from other sites, "
                   "so that no one else learns who reads it: remove the setting that adds it (e.g. theme.font, "
                   "extra.analytics, extra_css, extra_javascript, theme.logo, theme.favicon, copyright, repo_url), "
                   "or keep the file on the site itself.")


def code_problem(what: str, page: str) -> Problem:
    return Problem(CONFIG_FILE, f"halaman {page} berisi {what}, yang menjalankan kode di peramban pembaca; situs "
                   "tidak menerbitkan kode seperti itu. Periksa teks di mkdocs.yml (mis. theme.palette, copyright) "
                   "yang masuk ke halaman sebagai HTML.", f"page {page} holds {what}, which runs code in readers' "
                   "browsers; the site publishes no such code. Check the text in mkdocs.yml (e.g. theme.palette, "
                   "copyright) that reaches pages as HTML.")
