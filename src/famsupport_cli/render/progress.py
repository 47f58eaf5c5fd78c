"""The progress bar of a long run (a batch), on stderr."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from famsupport_cli.io import display

if TYPE_CHECKING:
    from rich.progress import Progress


def progress(total: int) -> Progress | None:
    """A progress bar on stderr, only when stderr is a terminal and there is more than one step."""
    if not sys.stderr.isatty() or total < 2:
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=display.err_console(),
        transient=True,
    )
