from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.factories import build_store, migrated_store_url

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def store_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = migrated_store_url(tmp_path)
    build_store(url=url)
    monkeypatch.setenv("ATLAS_DB_URL", url)
    monkeypatch.setenv("ATLAS_TILES_URL", "")
    return url


@pytest.fixture
def app(store_url: str) -> AppTest:
    return AppTest.from_file(APP, default_timeout=30)
