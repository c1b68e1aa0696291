"""The named charts, their builders (Altair -> inline SVG) and the theme."""
