"""One error root, subclasses named by failure.

Every message says what failed, the offending value, what is valid and, where
cheap, the next step.
"""

from __future__ import annotations


class TalentRadarError(Exception):
    """Root of every error TalentRadar raises on purpose."""


class ConfigError(TalentRadarError):
    """Settings are invalid; all problems are collected into one message."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("invalid settings: " + "; ".join(problems))


class SourceError(TalentRadarError):
    """A source file cannot be read or parsed as a whole."""

    def __init__(self, location: str, problem: str) -> None:
        self.location = location
        self.problem = problem
        super().__init__(f"{location}: {problem}")

    def __reduce__(self) -> tuple[type, tuple[str, str]]:  # raised in worker processes too
        return (SourceError, (self.location, self.problem))


class UnknownValueError(TalentRadarError):
    """A name (venue, tier, format …) is not one of the valid values."""

    def __init__(self, what: str, value: object, valid: list[str]) -> None:
        self.what = what
        self.value = value
        self.valid = valid
        hint = _did_you_mean(str(value), valid)
        shown = ", ".join(valid[:40]) + (" …" if len(valid) > 40 else "")
        super().__init__(f"unknown {what} {value!r}{hint}; valid: {shown}")


class NotFoundError(TalentRadarError):
    """A person, org, shortlist … named by id does not exist (or is suppressed)."""


class StoreError(TalentRadarError):
    """The store is missing, locked or not built yet."""


class StoreLockedError(StoreError):
    """Another process holds the store file; retrying after it finishes can help."""


class ExtraMissingError(TalentRadarError):
    """An optional dependency group is not installed."""

    def __init__(self, module: str, extra: str) -> None:
        super().__init__(
            f"{module} is not installed; install the extra: pip install 'talentradar[{extra}]'"
        )


def _did_you_mean(value: str, valid: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(value.lower(), valid, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
