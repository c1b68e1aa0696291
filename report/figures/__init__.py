"""Validated tables -> named figures and tables, with small-cell suppression."""
