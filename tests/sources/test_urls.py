"""Every source reads a URL as well as a path (served here from loopback)."""

from __future__ import annotations

import functools
import gzip
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from talentradar.pipeline import build
from talentradar.settings import load_settings
from talentradar.store.radar import open_radar
from tests.conftest import FIXTURE_MIRROR


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture()
def served(tmp_path: Path):
    """The fixture mirror laid out as the upstream repositories are (plain .json files)."""
    root = tmp_path / "www"
    shutil.copytree(FIXTURE_MIRROR, root)
    ror = root / "registry/ror_2021_names_types_by_country.json"
    ror.with_name(ror.name + ".gz").write_bytes(gzip.compress(ror.read_bytes()))
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_build_from_urls(served: str, tmp_path: Path) -> None:
    settings = load_settings(data_dir=served, db_path=tmp_path / "tr.duckdb")
    summary = build(settings)
    loaded = {r.file.location.rsplit("/", 1)[-1] for r in summary.loads if r.status == "loaded"}
    assert {"nips2019.json", "icml2023.json", "neurips_2019.json"} <= loaded
    missing = [r for r in summary.failed if "nips2018.json" in r.file.location]
    assert missing and "404" in (missing[0].error or "")
    store = open_radar(settings)
    try:
        papers = store.query(
            "SELECT count(*) AS n FROM papers WHERE venue = 'neurips' AND year = 2019"
        )
        resolved = store.query("SELECT count(*) AS n FROM mention_orgs")
    finally:
        store.close()
    assert papers[0]["n"] == 5
    assert resolved[0]["n"] > 0
