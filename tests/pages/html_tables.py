"""Read the HTML tables a page shows (atlas.escape.html_table) as AppTest sees them."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
from streamlit.testing.v1 import AppTest


class _TableReader(HTMLParser):
    """Header and body cells of one HTML table, as text, with each row's link if any."""

    def __init__(self) -> None:
        super().__init__()
        self.columns: list[str] = []
        self.rows: list[list[str]] = []
        self.links: list[str | None] = []
        self._cell: list[str] | None = None
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "thead":
            self._in_head = True
        elif tag == "tr" and not self._in_head:
            self.rows.append([])
            self.links.append(None)
        elif tag in ("th", "td"):
            self._cell = []
        elif tag == "a" and not self._in_head:
            self.links[-1] = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._in_head = False
        elif tag in ("th", "td") and self._cell is not None:
            text = "".join(self._cell)
            (self.columns if self._in_head else self.rows[-1]).append(text)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def html_tables(app: AppTest) -> list[pd.DataFrame]:
    """Each HTML table the page shows, its cells as text; the column `link` holds the
    address each row's first cell links to."""
    tables = []
    for element in app.get("html"):
        body = element.proto.body
        if "<table" not in body:
            continue
        reader = _TableReader()
        reader.feed(body)
        table = pd.DataFrame(reader.rows, columns=reader.columns)
        tables.append(table.assign(link=reader.links))
    return tables
