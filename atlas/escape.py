"""The one way text from records, files and URLs reaches a page: escaped for its context.

Each function takes any value (None is empty text) and returns text that shows literally
in one output context and cannot start markup, links or script there.

Folium (through branca) renders every element's script output once more as a Jinja
template, so text that reaches a folium map must not carry `{`: `{{ … }}` in a city name
would run as Python on the server. `html_text`, `tooltip` and `script_json` all write
braces as escapes that Jinja cannot read as a delimiter.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Collection, Iterable, Sequence
from itertools import zip_longest

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=^])")
_LINK_SCHEME = re.compile(r"^\s*[a-zA-Z][a-zA-Z0-9+.-]*:|^\s*//")
"""An address with a scheme (`javascript:`, `https:`) or a host: not within the atlas."""
_HTML_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})
_TEMPLATE_LITERAL = str.maketrans({"\\": "&#92;", "`": "&#96;", "$": "&#36;"})
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_SCRIPT_JSON = str.maketrans(
    {
        "<": "\\u003c",
        ">": "\\u003e",
        "&": "\\u0026",
        "'": "\\u0027",
        "{": "\\u007b",
        "}": "\\u007d",
        "\u2028": "\\u2028",
        "\u2029": "\\u2029",
    }
)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def markdown(value: object) -> str:
    """`value` for Streamlit Markdown: no links, images, HTML, math or directives."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _text(value))


def html_text(value: object) -> str:
    """`value` as HTML text or a quoted attribute value (braces as character references,
    so that it is also safe in folium's templates)."""
    return html.escape(_text(value), quote=True).translate(_HTML_BRACES)


def html_table(
    caption: object,
    columns: Sequence[object],
    rows: Iterable[Sequence[object]],
    links: Iterable[str | None] = (),
    right_aligned: Collection[int] = (),
) -> str:
    """An HTML table, every value escaped: a caption, header cells for `columns`, and per
    row a header cell (the first value, linked to the row's entry in `links` if it has
    one: an address within the atlas) and data cells; the columns numbered in
    `right_aligned` (numbers) align right. The table sits in a labelled region that
    scrolls by keyboard when it is wider or taller than its space."""
    head = "".join(f'<th scope="col">{html_text(name)}</th>' for name in columns)
    links = list(links)
    refused = [link for link in links if link and _LINK_SCHEME.match(link)]
    if refused:
        raise ValueError(f"a table links only within the atlas, not to {refused[0]!r}")
    body = []
    for row, link in zip_longest(rows, links):
        first = html_text(row[0])
        if link:
            first = f'<a href="{html_text(link)}">{first}</a>'
        cells = [f'<th scope="row">{first}</th>']
        cells += [
            f'<td class="atlas-number">{html_text(value)}</td>'
            if number in right_aligned
            else f"<td>{html_text(value)}</td>"
            for number, value in enumerate(row[1:], start=1)
        ]
        body.append(f"<tr>{''.join(cells)}</tr>")
    label = html_text(caption)
    return (
        f'<div class="atlas-table" role="region" aria-label="{label}" tabindex="0">'
        f"<table><caption>{label}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def tooltip(value: object) -> str:
    """`value` for a folium tooltip or popup: HTML that folium writes inside a JavaScript
    template literal, where a backtick, `${` or a backslash would otherwise end or run it."""
    return html_text(value).translate(_TEMPLATE_LITERAL)


def tooltip_lines(heading: object, lines: Iterable[object] = ()) -> str:
    """A tooltip of a bold first line and further lines, each escaped as `tooltip` does."""
    rest = "".join(f"<br>{tooltip(line)}" for line in lines)
    return f"<b>{tooltip(heading)}</b>{rest}"


def script_json(value: object) -> str:
    """`value` as JSON that is safe inside an HTML <script> element and a folium template:
    inside its strings, markup characters, quotes, braces and line separators are escapes."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _JSON_STRING.sub(lambda match: match.group(0).translate(_SCRIPT_JSON), text)
