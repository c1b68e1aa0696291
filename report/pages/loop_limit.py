"""A chapter's loops are bounded: Jinja's sandbox allows range() up to 100,000 numbers per call, and
raises a bare OverflowError beyond it (an "internal error" for staff), while nested loops multiply.
Here every range() in one chapter draws on one budget, and going over it is a chapter error with its
file and line. A chapter lists at most some dozens of things; the budget is far above that."""

from __future__ import annotations

from collections.abc import Callable

import jinja2

LOOP_BUDGET = 10_000  # numbers handed out by range() in one chapter, all calls together


class ChapterLimit(jinja2.TemplateRuntimeError):
    """Raised inside a chapter's template; carries its own staff message in both languages."""

    def __init__(self, message_id: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_id, self.message_en = message_id, message_en


def limited_range(budget: int = LOOP_BUDGET) -> Callable[..., range]:
    """A range() for one chapter's render; each chapter gets its own."""
    left = [budget]

    def chapter_range(*args: object) -> range:
        try:
            numbers = range(*args)  # type: ignore[call-overload]
            size = len(numbers)
        except TypeError:
            raise ChapterLimit("range() hanya menerima bilangan bulat, mis. range(1, 6).",
                               "range() takes whole numbers only, e.g. range(1, 6).") from None
        except OverflowError:
            size = budget + 1
        left[0] -= size
        if left[0] < 0:
            shown = f"{budget:,}"
            raise ChapterLimit(f"perulangan terlalu panjang: range() dalam satu bab dibatasi {shown.replace(',', '.')} "
                               "angka seluruhnya. Periksa angka di range(...) dan perulangan di dalam perulangan.",
                               f"loop too long: range() in one chapter is limited to {shown} numbers in all. "
                               "Check the numbers in range(...) and any loop inside a loop.")
        return numbers

    return chapter_range
