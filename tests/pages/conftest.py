from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from atlas.seed import Seed
from tests.factories import build_store, migrated_store_url

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def serve_store(folder: Path, monkeypatch: pytest.MonkeyPatch, seed: Seed | None = None) -> str:
    """Build a store of `seed` (the small seed by default) in `folder` for the app to serve
    (no tile server); return its URL."""
    url = migrated_store_url(folder)
    build_store(seed, url=url)
    monkeypatch.setenv("ATLAS_DB_URL", url)
    monkeypatch.setenv("ATLAS_TILES_URL", "")
    return url


@pytest.fixture
def store_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    return serve_store(tmp_path, monkeypatch)


@pytest.fixture
def app(store_url: str) -> AppTest:
    return AppTest.from_file(APP, default_timeout=30)
