"""Chapters rendered through sandboxed Jinja2 into the MkDocs docs tree."""
