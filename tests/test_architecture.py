"""Streamlit stays at the edge: the domain and geo packages never import it."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PURE_PACKAGES = ("atlas", "geo")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", PURE_PACKAGES)
def test_pure_packages_do_not_import_streamlit_in_source(package: str) -> None:
    offenders = [
        str(path.relative_to(REPO))
        for path in (REPO / package).rglob("*.py")
        if "streamlit" in _imported_modules(path) or "streamlit_folium" in _imported_modules(path)
    ]
    assert offenders == []


def test_importing_every_pure_module_loads_no_streamlit() -> None:
    modules = [
        ".".join(path.relative_to(REPO).with_suffix("").parts)
        for package in PURE_PACKAGES
        for path in (REPO / package).rglob("*.py")
        if path.name != "__main__.py" and "migrations" not in path.parts
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(any(m == 'streamlit' or m.startswith('streamlit.') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_pages_stay_short() -> None:
    for page in (REPO / "pages").glob("*.py"):
        assert len(page.read_text(encoding="utf-8").splitlines()) < 150, page.name


def _bare_values(path: Path) -> list[int]:
    """Lines of expressions standing alone that are neither calls nor docstrings: what
    Streamlit's "magic" would have written to the page."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Expr) or isinstance(node.value, (ast.Call, ast.Await)):
            continue
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            continue
        lines.append(node.lineno)
    return lines


def test_no_page_relies_on_streamlit_magic() -> None:
    """Magic is off (.streamlit/config.toml): a value standing alone would show nothing."""
    scripts = [REPO / "app.py", *sorted((REPO / "pages").glob("*.py"))]
    found = {str(path.relative_to(REPO)): _bare_values(path) for path in scripts}
    assert {name: lines for name, lines in found.items() if lines} == {}
    assert "magicEnabled = false" in (REPO / ".streamlit" / "config.toml").read_text()
