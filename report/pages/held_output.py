"""A chapter is judged again as Jinja renders it, with the site's own HTML (what the helpers print) held apart.

The chapter check (report/chapters/chapter_html.py) reads the file as staff wrote it, but Jinja can join what it
reads into something else: `<scr{# #}ipt>`, `!{# #}[x](https://...)`, `{{ "<scr" }}{{ "ipt>" }}`, a
`{% filter replace(...) %}` block. The text Markdown will read is therefore judged once more, with each
helper's output replaced by a token, then the tokens are put back. A chapter cannot make its own text pass for
a helper's: the filters that mark text as HTML are gone, and the methods of a helper's output (`.replace(...)`),
which would make new HTML out of it, are refused.
"""

from __future__ import annotations

import re
from typing import Any

from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

TOKEN = re.compile("\x00(\\d+)\x00")
# Filters whose result is Markup, which the chapter's output would take for a helper's HTML.
MARKING_FILTERS = ("safe", "e", "escape", "forceescape", "tojson", "urlize", "xmlattr")


class ChapterSandbox(SandboxedEnvironment):
    """Jinja's sandbox without the filters that mark text as HTML and without methods on a helper's output."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        for name in MARKING_FILTERS:
            self.filters.pop(name, None)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, Markup):  # Markup("...").replace("span", "script") would stay Markup
            return False
        return bool(super().is_safe_attribute(obj, attr, value))


class HeldOutput:
    """What the helpers printed into one chapter, each held as a token while the chapter's own text is judged."""

    def __init__(self) -> None:
        self.held: list[str] = []

    def hold(self, html: object) -> str:
        self.held.append(str(html))
        return f"\x00{len(self.held) - 1}\x00"

    def without(self, rendered: str) -> str:
        """The chapter's own text as Markdown will read it, the helpers' HTML left out."""
        return TOKEN.sub("", rendered)

    def restored(self, rendered: str) -> str:
        return TOKEN.sub(lambda m: self.held[int(m[1])] if int(m[1]) < len(self.held) else "", rendered)
