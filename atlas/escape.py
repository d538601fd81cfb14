"""The one way text from records, files and URLs reaches a page: escaped for its context.

Each function takes any value (None is empty text) and returns text that shows literally
in one output context and cannot start markup, links or script there.
"""

from __future__ import annotations

import html
import json
import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=^])")


def _text(value: object) -> str:
    return "" if value is None else str(value)


def markdown(value: object) -> str:
    """`value` for Streamlit Markdown: no links, images, HTML, math or directives."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _text(value))


def html_text(value: object) -> str:
    """`value` as HTML text or a quoted attribute value."""
    return html.escape(_text(value), quote=True)


def tooltip(value: object) -> str:
    """`value` for a folium tooltip or popup: HTML that folium writes inside a JavaScript
    template literal, where a backtick, `${` or a backslash would otherwise end or run it."""
    escaped = html_text(value)
    return escaped.replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")


def script_json(value: object) -> str:
    """`value` as JSON that is safe inside an HTML <script> element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
