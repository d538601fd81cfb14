"""Text reaches HTML and JavaScript only through atlas.escape: an AST check of every place in
pages/, ui/, geo/ and app.py that hands text to a folium tooltip or popup, to Streamlit as
raw HTML (`unsafe_allow_html=True`, `st.html`) or to a branca Element."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CHECKED = [
    REPO / "app.py",
    *(p for folder in ("pages", "ui", "geo") for p in (REPO / folder).rglob("*.py")),
]

ESCAPES = {"html_text", "html_table", "tooltip", "tooltip_lines", "script_json"}
"""atlas.escape functions whose result may reach HTML or JavaScript."""
TEXT_KEYWORDS = {"tooltip", "popup"}
ELEMENT_CALLS = {"Tooltip", "Popup", "Element"}
"""folium.Tooltip, folium.Popup and branca's Element: their first argument is markup."""
FIELD_TOOLTIPS = {"GeoJsonTooltip", "GeoJsonPopup"}
"""Tooltips that name GeoJSON properties (constants here); the properties' values are
escaped where the frame is built (geo/choropleth.py)."""


def _called_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _is_st_html(call: ast.Call) -> bool:
    """`st.html(...)`: Streamlit shows its first argument as HTML."""
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "html"
        and isinstance(func.value, ast.Name)
        and func.value.id == "st"
    )


def _is_escape_call(node: ast.expr) -> bool:
    """`escape.tooltip(...)` and the like (the module imported as `escape`)."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "escape"
        and node.func.attr in ESCAPES
    )


def _is_catalogue_message(node: ast.expr) -> bool:
    """`_("...")`: a message of the interface's catalogue, written in this repository
    (locale/), translated without values."""
    return (
        isinstance(node, ast.Call)
        and _called_name(node) == "_"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and not node.keywords
    )


def _is_field_tooltip(node: ast.expr) -> bool:
    """`alt.Tooltip("field", title=...)`: a field name and a safe title."""
    return (
        isinstance(node, ast.Call)
        and _called_name(node) == "Tooltip"
        and all(isinstance(arg, ast.Constant) for arg in node.args)
        and all(is_safe_markup(kw.value) for kw in node.keywords if kw.arg == "title")
    )


def is_safe_markup(node: ast.expr) -> bool:
    """Whether `node` can only hold escaped or constant markup: a literal, a module
    constant (UPPER_CASE name), an atlas.escape call, or an f-string, concatenation or
    conditional made only of these."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (str, type(None)))
    if isinstance(node, ast.Name):
        return node.id.isupper()
    if isinstance(node, ast.JoinedStr):
        return all(
            is_safe_markup(part.value) if isinstance(part, ast.FormattedValue) else True
            for part in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return is_safe_markup(node.left) and is_safe_markup(node.right)
    if isinstance(node, ast.IfExp):
        return is_safe_markup(node.body) and is_safe_markup(node.orelse)
    if isinstance(node, (ast.List, ast.Tuple)):  # field names (Altair, GeoJsonTooltip)
        return all(isinstance(item, ast.Constant) or _is_field_tooltip(item) for item in node.elts)
    if _is_catalogue_message(node):
        return True
    if isinstance(node, ast.Call) and _called_name(node) in FIELD_TOOLTIPS:
        return all(
            is_safe_markup(kw.value) for kw in node.keywords if kw.arg in {"fields", "aliases"}
        )
    return _is_escape_call(node)


def unescaped_markup(source: str, filename: str = "<source>") -> list[str]:
    """Every place in `source` that hands markup not proven safe to a tooltip, popup,
    folium.Tooltip/Popup, branca Element or `unsafe_allow_html=True` call."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        sinks = [kw.value for kw in node.keywords if kw.arg in TEXT_KEYWORDS]
        raw_html = any(
            kw.arg == "unsafe_allow_html"
            and not (isinstance(kw.value, ast.Constant) and kw.value.value is False)
            for kw in node.keywords
        )
        if (raw_html or _called_name(node) in ELEMENT_CALLS or _is_st_html(node)) and node.args:
            sinks.append(node.args[0])
        if _called_name(node) in ELEMENT_CALLS:
            sinks += [kw.value for kw in node.keywords if kw.arg in {"text", "html", "template"}]
        found += [
            f"{filename}:{sink.lineno}: {ast.unparse(sink)}"
            for sink in sinks
            if not is_safe_markup(sink)
        ]
    return found


def test_markup_from_our_code_is_escaped_or_constant() -> None:
    offenders = [
        place
        for path in CHECKED
        for place in unescaped_markup(path.read_text(encoding="utf-8"), str(path.relative_to(REPO)))
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "line",
    [
        "folium.CircleMarker(point, tooltip=name)",
        "folium.CircleMarker(point, tooltip=html.escape(name))",
        "folium.Marker(point, popup=f'<b>{city}</b>')",
        "folium.Tooltip(city['name'])",
        "folium.Popup(html=text)",
        "Element(f'<div>{name}</div>')",
        "st.markdown(f'<b>{name}</b>', unsafe_allow_html=True)",
        "st.markdown(body, unsafe_allow_html=flag)",
        "st.html(f'<p>{name}</p>')",
        "st.html(table_html(frame))",
        "folium.Marker(point, tooltip=escape.markdown(name))",
        "folium.Marker(point, tooltip=escape.tooltip(a) + b)",
        "folium.GeoJson(data, tooltip=folium.GeoJsonTooltip(fields=[name]))",
    ],
)
def test_the_check_finds_unescaped_markup(line: str) -> None:
    assert len(unescaped_markup(line)) == 1


@pytest.mark.parametrize(
    "line",
    [
        "folium.CircleMarker(point, tooltip=escape.tooltip(name))",
        "folium.Marker(point, popup=f'<b>{escape.tooltip(city)}</b> ' + 'x')",
        "Element(MAP_CSS)",
        "st.markdown(EMBED_CSS, unsafe_allow_html=True)",
        "st.markdown(name, unsafe_allow_html=False)",
        "st.html(escape.html_text(name) if name else '')",
        "st.markdown(md(name))",
        "folium.GeoJson(data, tooltip=folium.GeoJsonTooltip(fields=['label'], labels=False))",
        "alt.Chart(frame).encode(tooltip=['name', 'cities'])",
    ],
)
def test_the_check_lets_escaped_or_constant_markup_through(line: str) -> None:
    assert unescaped_markup(line) == []
