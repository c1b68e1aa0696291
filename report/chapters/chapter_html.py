"""Refuse HTML in a chapter that would run code on readers' machines: <script>, <iframe>, <object>,
event handlers (onerror=...), javascript: links; and what would load from another site as the page opens
(<img src="https://...">, url(...) in a style): the site loads nothing from elsewhere, so no third party
learns who reads it, and the PDF's layout fetches no address. Links readers choose to follow stay.

The chapter as staff wrote it is turned into HTML with the site's own Markdown extensions, so a Markdown
link or an attribute list ({: onclick=...}) is judged exactly like a typed tag. Each element is then put
through nh3 (the maintained ammonia sanitiser) alone; whatever nh3 drops from it is what is refused, and
the message names the chapter's line where that text is written. Figures, charts and tables that the
site's templates add are not the author's HTML and are not judged here.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown
import nh3
from jinja2.exceptions import SecurityError

from report.chapters.content import Chapter
from report.errors import Problem

# The extensions of mkdocs.yml that shape HTML; toc only adds ids, which are allowed.
EXTENSIONS = ["admonition", "attr_list", "footnotes", "tables", "md_in_html"]
TAGS = nh3.ALLOWED_TAGS | {"tfoot", "figure", "figcaption", "abbr"}
# Markdown writes ids (headings, footnotes), classes (admonitions, attribute lists) and table alignment.
GENERIC = {"id", "class", "title", "lang", "dir", "role", "style"}
ATTRIBUTES = {tag: GENERIC | nh3.ALLOWED_ATTRIBUTES.get(tag, set()) for tag in TAGS} | {
    "a": GENERIC | {"href", "hreflang", "rel"}, "details": GENERIC | {"open"},
    "time": GENERIC | {"datetime"}}
SCHEMES = {"http", "https", "mailto", "tel"}
# An HTML parser drops a table part found outside a table, so each is judged inside one.
CONTEXT = {"caption": ("<table>", "</table>"), "colgroup": ("<table>", "</table>"),
           "col": ("<table><colgroup>", "</colgroup></table>"), "thead": ("<table>", "</table>"),
           "tbody": ("<table>", "</table>"), "tfoot": ("<table>", "</table>"),
           "tr": ("<table><tbody>", "</tbody></table>"), "td": ("<table><tbody><tr>", "</tr></tbody></table>"),
           "th": ("<table><tbody><tr>", "</tr></tbody></table>")}
VOID = {"area", "br", "col", "hr", "img", "wbr"}
# An address with a scheme or a host of its own ("https:", "//host", "\\host") is on another site; a picture of
# the site's own is a relative path (content/gambar/ via picture()).
OFF_SITE = re.compile(r"^\s*(?:[a-z][a-z0-9+.\-]*:|[/\\]{2})", re.IGNORECASE)
# Browsers drop these from an address before reading it ("ht<tab>tps://host" is https://host).
DROPPED = re.compile(r"[\x00-\x20]")
# CSS that loads something: url(...), image-set(...), @import; and any CSS escape ("\75 rl(" is url().
STYLE_LOADS = re.compile(r"url\s*\(|image-set\s*\(|@import|\\", re.IGNORECASE)
# Jinja's own syntax is left out of the file as judged: "**x**{% if ... %}" would read as an attribute list on
# <strong> ({: ...}). What Jinja makes of it is judged after rendering (report/pages/held_output.py).
JINJA = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.DOTALL)
CODE_ID = "situs hanya menerbitkan HTML yang tidak dapat menjalankan kode di peramban pembaca. Hapus bagian itu."
CODE_EN = "the site publishes only HTML that cannot run code in readers' browsers. Remove it."
LOADS_ID = ("situs tidak memuat apa pun dari situs lain, agar tidak ada pihak lain yang tahu siapa membacanya. "
            "Simpan gambar di content/gambar/ dan tampilkan dengan {{ picture(\"nama.jpg\") }}, atau jadikan tautan.")
LOADS_EN = ("the site loads nothing from other sites, so that no one else learns who reads it. Save the picture "
            "in content/gambar/ and show it with {{ picture(\"name.jpg\") }}, or make it a link.")


@dataclass(frozen=True)
class Refusal:
    needle: str  # text to find in the chapter's source, for the line
    said_id: str
    said_en: str
    why_id: str = CODE_ID
    why_en: str = CODE_EN


@dataclass(frozen=True)
class Element:
    tag: str
    attrs: tuple[tuple[str, str], ...]


class Elements(HTMLParser):
    """Every start tag in a fragment, with its attributes: the standard library's HTML tokenizer."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append(Element(tag, tuple((name, value or "") for name, value in attrs)))

    handle_startendtag = handle_starttag


def elements(fragment: str) -> list[Element]:
    parser = Elements()
    parser.feed(fragment)
    parser.close()
    return parser.found


def unsafe_html(chapter: Chapter) -> list[Problem]:
    """One problem per line that holds something nh3 would remove."""
    rendered = markdown.markdown(JINJA.sub("", chapter.body), extensions=EXTENSIONS)
    problems: dict[tuple[int | None, str], Problem] = {}
    for element in elements(rendered):
        for refusal in refused(element):
            for line in lines_with(chapter.body, refusal.needle):
                problems.setdefault((line, refusal.needle), Problem(
                    chapter.shown_path, f"{refusal.said_id} tidak diizinkan di bab: {refusal.why_id}",
                    f"{refusal.said_en} is not allowed in a chapter: {refusal.why_en}", line=line))
    return list(problems.values())


def refused(element: Element) -> list[Refusal]:
    """What nh3 drops, and what would load from another site."""
    opening = f"<{element.tag}" + "".join(f' {n}="{html.escape(v)}"' for n, v in element.attrs) + ">"
    closing = "" if element.tag in VOID else f"</{element.tag}>"
    before, after = CONTEXT.get(element.tag, ("", ""))
    kept = elements(nh3.clean(before + opening + closing + after, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                              generic_attribute_prefixes={"data-", "aria-"}, link_rel=None))
    same = [e for e in kept if e.tag == element.tag]
    if not same:
        return [Refusal(f"<{element.tag}", f"tag <{element.tag}>", f"the <{element.tag}> tag")]
    left = {name for name, _ in same[0].attrs}
    found = []
    for name, value in element.attrs:
        if name in left:
            found += loads_from_elsewhere(element.tag, name, value)
        elif value.strip().lower().startswith(("javascript:", "vbscript:", "data:")):
            scheme = value.strip().split(":")[0].lower()
            found.append(Refusal(f"{scheme}:", f"alamat {scheme}: di {name}", f"a {scheme}: address in {name}"))
        else:
            found.append(Refusal(name, f"atribut {name} pada <{element.tag}>",
                                 f"the {name} attribute on <{element.tag}>"))
    return found


def loads_from_elsewhere(tag: str, name: str, value: str) -> list[Refusal]:
    """An attribute nh3 keeps that would still load something from another site as the page opens."""
    if name == "src" and OFF_SITE.match(DROPPED.sub("", value)):
        address = value.strip()
        return [Refusal(address, f"<{tag}> dari situs lain ({address})", f"<{tag}> from another site ({address})",
                        LOADS_ID, LOADS_EN)]
    if name == "style" and (found := STYLE_LOADS.search(value)):
        if found[0] == "\\":  # an escape can spell url( so that no pattern sees it
            return [Refusal("\\", "garis miring terbalik (\\) di style", "a backslash (\\) in a style",
                            LOADS_ID, LOADS_EN)]
        what = found[0].rstrip("( ").lower()
        return [Refusal(found[0], f"{what}(...) di style", f"{what}(...) in a style", LOADS_ID, LOADS_EN)]
    return []


def guard_output(value: object) -> object:
    """The chapter sandbox's `finalize`: text a chapter builds in an expression ({{ "<scr" ~ "ipt>" }})
    is judged like typed HTML. The site's helpers return Markup, which is theirs and passes as it is."""
    if isinstance(value, str) and not hasattr(value, "__html__") and "<" in value:
        for element in elements(value):
            for refusal in refused(element):
                # "Indonesian / English": render.py turns this into a problem on the expression's line.
                raise SecurityError(f"{refusal.said_id} tidak diizinkan di bab, juga bila disusun dalam {{{{ }}}} / "
                                    f"{refusal.said_en} is not allowed in a chapter, also when built inside {{{{ }}}}")
    return value


def lines_with(body: str, needle: str) -> list[int | None]:
    """Lines of the chapter file holding `needle` (the body keeps the file's line numbers)."""
    lowered = needle.lower()
    lines: list[int | None] = [number for number, text in enumerate(body.split("\n"), start=1)
                               if lowered in text.lower()]
    return lines or [None]
