"""Rich progress bars on stderr."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from talentradar.progress import Advance


class RichProgress:
    def __init__(self) -> None:
        self.bars = Progress(
            TextColumn("{task.description:<16}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=False,
        )

    def __enter__(self) -> RichProgress:
        self.bars.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bars.stop()

    def step(self, description: str, total: int | None = None) -> Advance:
        task = self.bars.add_task(description, total=total)

        def advance(n: int = 1) -> None:
            self.bars.advance(task, n)

        return advance
