"""Map assets are served by the app itself, from files `make setup` put in static/vendor/."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from geo import assets

REPO = Path(__file__).resolve().parents[2]
URLS = [
    assets.LEAFLET_JS,
    assets.LEAFLET_CSS,
    assets.MARKERCLUSTER_JS,
    *assets.MARKERCLUSTER_CSS,
    assets.BASEMAP_URL,
]


@pytest.mark.parametrize("url", URLS)
def test_asset_urls_are_relative_to_the_app(url: str) -> None:
    assert url.startswith(f"{assets.STATIC_PREFIX}/")
    assert url.startswith("/")
    assert "http" not in url
    assert "//" not in url


def test_default_prefix_is_streamlits_static_route() -> None:
    if "ATLAS_ASSET_PREFIX" not in os.environ:
        assert assets.STATIC_PREFIX == "/app/static/vendor"


def test_prefix_can_be_overridden_from_the_environment() -> None:
    code = "from geo import assets; print(assets.LEAFLET_JS, assets.BASEMAP_URL)"
    env = {**os.environ, "ATLAS_ASSET_PREFIX": "/atlas/app/static/vendor/"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == [
        "/atlas/app/static/vendor/leaflet/leaflet.js",
        "/atlas/app/static/vendor/basemap/europe.geojson",
    ]


def test_vendor_dir_is_the_static_folder_beside_the_app() -> None:
    assert assets.VENDOR_DIR == REPO / "static" / "vendor"
    assert (REPO / "app.py").is_file()


def test_every_url_names_a_vendored_file() -> None:
    names = {url.removeprefix(f"{assets.STATIC_PREFIX}/") for url in URLS}
    assert names == set(assets.VENDOR_FILES.values())


def test_make_setup_left_no_vendored_file_missing() -> None:
    missing = [str(path.relative_to(REPO)) for path in assets.missing_vendor_files()]
    assert missing == [], "run `make setup`"


def test_missing_vendor_files_lists_absent_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(assets, "VENDOR_DIR", tmp_path)
    (tmp_path / "leaflet").mkdir()
    (tmp_path / "leaflet" / "leaflet.js").write_text("/* */", encoding="utf-8")
    missing = assets.missing_vendor_files()
    assert tmp_path / "leaflet" / "leaflet.js" not in missing
    assert tmp_path / "basemap" / "europe.geojson" in missing
    assert len(missing) == len(assets.VENDOR_FILES) - 1


@pytest.mark.parametrize("url", [assets.LEAFLET_CSS, *assets.MARKERCLUSTER_CSS])
def test_stylesheets_refer_only_to_vendored_files(url: str) -> None:
    css = assets.VENDOR_DIR / url.removeprefix(f"{assets.STATIC_PREFIX}/")
    refs = re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8"))
    files = [ref for ref in refs if not ref.startswith(("data:", "#"))]  # "#default#VML"
    for ref in files:
        assert not re.match(r"[a-z]+:", ref), ref
        assert (css.parent / ref).is_file(), ref
