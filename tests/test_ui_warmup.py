"""The start-up warm-up loads what the map page reads first, and tolerates a new store."""

import gc
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import build_store
from ui.warmup import warm_up


@pytest.fixture(autouse=True)
def _objects_thawed_afterwards() -> Iterator[None]:
    yield
    gc.unfreeze()  # the warm-up freezes what is alive; this test process goes on


def test_warm_up_loads_the_atlas_and_the_default_view(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"sqlite:///{tmp_path / 'atlas.db'}"
    build_store(url=url)
    monkeypatch.setenv("ATLAS_DB_URL", url)
    with caplog.at_level(logging.INFO, logger="ui.warmup"):
        warm_up()
    assert "caches warm at data revision" in caplog.text
    assert gc.get_freeze_count() > 0  # left out of Streamlit's after-run collections


def test_warm_up_of_a_store_not_set_up_does_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("ATLAS_DB_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    with caplog.at_level(logging.INFO, logger="ui.warmup"):
        warm_up()
    assert "store not initialised" in caplog.text
