"""conftest.run_build runs build.py's main() in the test process instead of starting one: it must say what
the process says, so that the tests built on it still test what staff see."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from conftest import LastResort, copy_project, run_build, run_build_process


@pytest.mark.slow  # a real process each
@pytest.mark.parametrize("args", [
    ["translations"],  # a reading command: its list on stdout
    ["releases", "--compare", "2020-01-01T000000Z", "data"],  # an input error: exit 2, the message on stderr
    ["--no-such-option"],  # argparse's own exit: status 2 and its usage
    ["new", "bab-9-uji", "--title", "Uji"],  # a writing command: the lock, the files it names
])
def test_in_this_process_as_in_a_process_of_its_own(tmp_path: Path, args: list[str]) -> None:
    roots = [copy_project(tmp_path / name) for name in ("here", "there")]
    here, there = run_build(roots[0], *args), run_build_process(roots[1], *args)
    said_here = (here.returncode, here.stdout, here.stderr.replace(str(roots[0]), "ROOT"))
    said_there = (there.returncode, there.stdout, there.stderr.replace(str(roots[1]), "ROOT"))
    assert said_here == said_there
    assert here.stdout or here.stderr, "the comparison would be of nothing"


def test_a_warning_nobody_handles_reaches_stderr_as_in_a_process() -> None:
    """With no logging set up, Python shows a warning on stderr (logging.lastResort); pytest's own handlers
    on the root logger would otherwise swallow it from an in-process build's messages."""
    import contextlib
    import io

    unhandled, handled = logging.getLogger("uji.tanpa_penangan"), logging.getLogger("uji.dengan_penangan")
    handled.addHandler(logging.NullHandler())
    err = io.StringIO()
    handler = LastResort()
    logging.root.addHandler(handler)
    try:
        with contextlib.redirect_stderr(err):
            unhandled.warning("peringatan tanpa penangan")
            unhandled.info("info: below a warning, as lastResort")
            handled.warning("peringatan yang ditangani")
    finally:
        logging.root.removeHandler(handler)
        handled.handlers.clear()
    assert err.getvalue() == "peringatan tanpa penangan\n"
