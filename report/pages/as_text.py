"""Text from data/ or settings placed into a chapter's Markdown, shown as typed.

Markdown reads a helper's output after the helper: in running text (a citation, a figure's source on hover, a
table cell of the "what changed" page) "[x](javascript:...)" would become a link that runs code,
"![x](https://...)" a picture loaded from another site, "*x*{: onclick=... }" an attribute, "|" a new table
cell, even inside an HTML attribute. HTML's own characters are escaped and Markdown's written as character
references, which browsers, WeasyPrint and the search index read back as the characters.
"""

from __future__ import annotations

from markupsafe import Markup

MARKDOWN_SYNTAX = {c: f"&#{ord(c)};" for c in "\\`*_[](){}!|"}
AS_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"} | MARKDOWN_SYNTAX)
INERT = str.maketrans(MARKDOWN_SYNTAX)


def inline_text(text: object) -> Markup:
    """`text` on one line, safe in HTML text, in an attribute and in Markdown's running text."""
    return Markup(" ".join(str(text).split()).translate(AS_TEXT))


def markdown_inert(text: str) -> str:
    """What a chapter's {{ }} prints as text: Markdown's characters only, as HTML is judged on its own
    (chapter_html.guard_output). Otherwise "{{ "!" }}[x](https://...)" would build a picture from another site
    out of a link the chapter's check allowed, and "{{ "[k](java" ~ "script:...)" }}" a link that runs code."""
    return text.translate(INERT)
