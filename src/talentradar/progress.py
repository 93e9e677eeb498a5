"""Progress reporting: the library reports steps, adapters decide how to show them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

Advance = Callable[[int], None]


class Progress(Protocol):
    def step(self, description: str, total: int | None = None) -> Advance:
        """Start a step; the returned callable advances it by n."""
        ...


class NoProgress:
    def step(self, description: str, total: int | None = None) -> Advance:
        def advance(n: int = 1) -> None:
            return None

        return advance
