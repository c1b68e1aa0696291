"""Chapters: reading content/, checks on their text, pictures, translation status, `new`."""
