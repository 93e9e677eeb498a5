"""One typed settings object.

Precedence: defaults < ``talentradar.toml`` < ``TALENTRADAR_*`` environment
variables < explicit overrides (command-line flags). Nothing is read at import
time; call :func:`load_settings`.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from talentradar.errors import ConfigError

ENV_PREFIX = "TALENTRADAR_"


@dataclass(frozen=True)
class Settings:
    """Every documented, changeable parameter of a run."""

    data_dir: str = "../shared/data"
    """Folder holding the source mirror, or an http(s) base URL."""
    db_path: Path = Path("var/talentradar.duckdb")
    """The radar: every derived table, rebuilt by each build into a new file and swapped in."""
    workspace_path: Path | None = None
    """The workspace: tokens, shortlists, overrides, suppressions, imported files (default
    ``workspace.duckdb`` beside the radar)."""
    top_venues: tuple[str, ...] = ("neurips", "icml", "iclr")
    """Venues whose cohorts define the top tier."""
    rising_fields: tuple[str, ...] = (
        "ml:neurips+icml+iclr",
        "cv:cvpr+iccv+eccv",
        "nlp:acl+emnlp+naacl",
    )
    """Top venues per field for scout's rising stars, as field:venue+venue."""
    threads: int = 2
    memory_limit: str = "6GB"
    """DuckDB memory limit of the store (the linkage features spill below ~6 GB and take twice as long)."""
    engine: str = "duckdb"
    """Engine for people linkage: duckdb, or spark for inputs too large for one machine."""
    train_linkage: bool = False
    """Estimate the linkage model afresh (EM, no labels) instead of scoring with the shipped
    model, which was estimated the same way on the shared corpus (data/people/linkage_model.json)."""

    allowed_hosts: tuple[str, ...] = ()
    """Host names ``serve`` answers to besides localhost and its own --host (e.g.
    ``radar.example.org``); any other ``Host`` header is refused, against DNS rebinding."""

    @property
    def workspace_file(self) -> Path:
        return self.workspace_path or self.db_path.with_name("workspace.duckdb")

    def with_overrides(self, **overrides: Any) -> Settings:
        clean = {k: v for k, v in overrides.items() if v is not None}
        return _validated(replace(self, **_coerce(clean)))


_FIELD_TYPES = {f.name: f.type for f in fields(Settings)}


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Build settings from the file, the environment and ``overrides``."""
    values: dict[str, Any] = {}
    path = config_file or Path("talentradar.toml")
    if path.exists():
        with path.open("rb") as handle:
            values.update(tomllib.load(handle).get("talentradar", {}))
    for name in _FIELD_TYPES:
        env = os.environ.get(ENV_PREFIX + name.upper())
        if env is not None:
            values[name] = env
    values.update({k: v for k, v in overrides.items() if v is not None})
    unknown = sorted(set(values) - set(_FIELD_TYPES))
    if unknown:
        raise ConfigError(
            [f"unknown setting {u!r}; valid: {', '.join(_FIELD_TYPES)}" for u in unknown]
        )
    return _validated(Settings(**_coerce(values)))


def _coerce(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in values.items():
        kind = str(_FIELD_TYPES.get(name, ""))
        if name == "allowed_hosts":
            value = _hosts(value)
        elif "Path" in kind and isinstance(value, str):
            value = Path(value)
        elif "tuple" in kind and isinstance(value, str):
            value = _venue_ids(v for v in value.split(",") if v.strip())
        elif "tuple" in kind and isinstance(value, list):
            value = _venue_ids(str(v) for v in value)
        elif kind == "bool" and isinstance(value, str):
            value = {
                "true": True,
                "1": True,
                "yes": True,
                "false": False,
                "0": False,
                "no": False,
            }.get(value.strip().lower(), value)
        elif kind == "int" and isinstance(value, str):
            try:
                value = int(value)
            except ValueError:
                value = value  # reported by _validated
        out[name] = value
    return out


def _hosts(value: Any) -> tuple[str, ...] | Any:
    """Host names from a comma-separated string or a list, lower-cased."""
    if isinstance(value, str):
        value = value.split(",")
    if isinstance(value, list | tuple):
        return tuple(str(v).strip().lower() for v in value if str(v).strip())
    return value


def _venue_ids(names: Iterable[str]) -> tuple[str, ...]:
    """Venue names as catalogue ids where they are known ("NeurIPS", "nips" → "neurips");
    unknown names are kept for _validated to report."""
    from talentradar.errors import UnknownValueError
    from talentradar.venues import get_venue

    out = []
    for name in names:
        try:
            out.append(get_venue(name).venue_id)
        except UnknownValueError:
            out.append(name.strip().lower())
    return tuple(out)


def _venue_problems(names: tuple[str, ...]) -> list[str]:
    """Every name must be a venue of the catalogue (did-you-mean on typos)."""
    from talentradar.errors import UnknownValueError
    from talentradar.venues import get_venue

    problems = []
    for name in names:
        try:
            get_venue(name)
        except UnknownValueError as exc:
            problems.append(f"top_venues: {exc}")
    return problems


def _validated(settings: Settings) -> Settings:
    problems: list[str] = []
    if not isinstance(settings.threads, int) or settings.threads < 1:
        problems.append(f"threads must be a positive integer, got {settings.threads!r}")
    if settings.engine not in ("duckdb", "spark"):
        problems.append(f"engine must be duckdb or spark, got {settings.engine!r}")
    if not isinstance(settings.train_linkage, bool):
        problems.append(f"train_linkage must be true or false, got {settings.train_linkage!r}")
    for spec in settings.rising_fields:
        if ":" not in spec or not spec.split(":", 1)[1].strip("+ "):
            problems.append(f"rising_fields entries are field:venue+venue, got {spec!r}")
    if not settings.top_venues:
        problems.append("top_venues must name at least one venue, e.g. neurips,icml,iclr")
    problems.extend(_venue_problems(settings.top_venues))
    if not isinstance(settings.allowed_hosts, tuple) or not all(
        h and all(c.isalnum() or c in ".-:[]" for c in h) for h in settings.allowed_hosts
    ):
        problems.append(
            "allowed_hosts must be host names separated by commas, e.g. radar.example.org, "
            f"got {settings.allowed_hosts!r}"
        )
    if problems:
        raise ConfigError(problems)
    return settings
