"""The README stays true to the code: every setting and command is documented."""

from pathlib import Path

import pytest

from atlas.settings import SETTINGS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_in_the_readme(setting) -> None:
    assert f"`{setting.name}`" in README


@pytest.mark.parametrize(
    "command",
    [
        "make run",
        "make test",
        "python -m atlas init",
        "python -m atlas export",
        "python -m atlas geocode",
        "python -m atlas peers",
        "python -m atlas user add",
    ],
)
def test_readme_shows_the_commands(command: str) -> None:
    assert command in README
