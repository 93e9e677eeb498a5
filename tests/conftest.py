"""Shared fixtures: a small fixture mirror written by the project, and the real shared data."""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from talentradar.pipeline import build
from talentradar.settings import Settings, load_settings

# Property tests check results, not speed (speed lives in bench/): no per-example deadline,
# which a loaded 2-core machine can miss on a first example that imports scipy.
hypothesis_settings.register_profile("talentradar", deadline=None)
hypothesis_settings.load_profile("talentradar")

HERE = Path(__file__).parent
FIXTURE_MIRROR = HERE / "data" / "mirror"
REAL_DATA = Path(os.environ.get("TALENTRADAR_DATA_DIR", HERE.parent.parent / "shared" / "data"))


def make_mirror(target: Path) -> Path:
    """Copy the fixture mirror, gzip-compressing the files the real mirror ships compressed."""
    shutil.copytree(FIXTURE_MIRROR, target)
    for name in ("paperlists/icml/icml2023.json", "registry/ror_2021_names_types_by_country.json"):
        plain = target / name
        with gzip.open(plain.with_name(plain.name + ".gz"), "wb") as out:
            out.write(plain.read_bytes())
        plain.unlink()
    return target


def make_token(settings: Settings, name: str) -> str:
    """An API token in the settings' workspace."""
    from datetime import datetime

    from talentradar import tokens
    from talentradar.store.radar import workspace_of

    with workspace_of(settings).write() as workspace:
        return tokens.create(workspace, name, datetime(2026, 1, 1))


def copy_radar(settings: Settings, folder: Path) -> Settings:
    """Settings over a copy of the radar in ``folder`` (with a workspace of its own there)."""
    from dataclasses import replace

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(settings.db_path, folder / settings.db_path.name)
    return replace(settings, db_path=folder / settings.db_path.name, workspace_path=None)


@pytest.fixture(scope="session")
def mirror(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_mirror(tmp_path_factory.mktemp("fixture") / "data")


@pytest.fixture(scope="session")
def fixture_settings(mirror: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A store built from the fixture mirror."""
    settings = load_settings(
        data_dir=str(mirror), db_path=tmp_path_factory.mktemp("db") / "tr.duckdb"
    )
    build(settings)
    return settings


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A store built from the real shared data (about a minute)."""
    if not (REAL_DATA / "paperlists").is_dir():
        pytest.skip(f"shared data not found at {REAL_DATA}; set TALENTRADAR_DATA_DIR")
    cached = os.environ.get("TALENTRADAR_TEST_DB")
    if cached and Path(cached).exists():
        return load_settings(data_dir=str(REAL_DATA), db_path=Path(cached))
    settings = load_settings(
        data_dir=str(REAL_DATA), db_path=tmp_path_factory.mktemp("real") / "tr.duckdb"
    )
    build(settings)
    return settings
