"""Text from data/ or settings placed into a chapter's Markdown, shown as typed.

Markdown reads a helper's output after the helper: in running text (a citation, a figure's source on hover, a
table cell of the "what changed" page) "[x](javascript:...)" would become a link that runs code,
"![x](https://...)" a picture loaded from another site, "*x*{: onclick=... }" an attribute, "|" a new table
cell, even inside an HTML attribute. HTML's own characters are escaped and Markdown's written as character
references, which browsers, WeasyPrint and the search index read back as the characters.
"""

from __future__ import annotations

from markupsafe import Markup

AS_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
                        | {c: f"&#{ord(c)};" for c in "\\`*_[](){}!|"})


def inline_text(text: object) -> Markup:
    """`text` on one line, safe in HTML text, in an attribute and in Markdown's running text."""
    return Markup(" ".join(str(text).split()).translate(AS_TEXT))
