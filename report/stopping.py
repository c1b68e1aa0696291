"""A request to stop (SIGTERM: a cancelled CI job, `kill`) unwinds like Ctrl-C, so what a command made on
its way (staging folders, scratch projects, child processes) is removed or waited for: by default SIGTERM
ends Python at once and leaves them behind."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


@contextmanager
def stop_request_as_ctrl_c() -> Iterator[None]:
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
