"""Small files that cost a careless reader a lot: for the limit tests and the benchmark."""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import Workbook

WHOLE_SHEET = "A1:XFD1048576"
"""The largest range a sheet may declare: 16,384 columns by 1,048,576 rows."""


def _rewritten(archive_bytes: bytes, changes: dict[str, bytes]) -> bytes:
    """The zip with some members' contents replaced (compressed), others copied."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive_bytes)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, changes.get(info.filename, source.read(info)))
    return out.getvalue()


def cities_workbook(rows: int = 3) -> bytes:
    """An honest XLSX of a few cities."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "cities"
    sheet.append(["slug", "name", "country", "latitude", "longitude"])
    for number in range(rows):
        sheet.append([f"town-{number}", f"Town {number}", "PL", 50.0 + number, 19.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def whole_sheet_xlsx() -> bytes:
    """A few kilobytes of XLSX whose sheet declares the whole grid as its dimension."""
    honest = cities_workbook()
    with zipfile.ZipFile(io.BytesIO(honest)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    declared = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{WHOLE_SHEET}"'.encode(), sheet)
    return _rewritten(honest, {"xl/worksheets/sheet1.xml": declared})


def far_cell_xlsx(column: str = "XFD", rows: int = 20_000) -> bytes:
    """An XLSX whose every row holds one cell in a far column (a sheet 16,384 wide)."""
    honest = cities_workbook()
    cells = b"".join(
        f'<row r="{n}"><c r="{column}{n}" t="n"><v>1</v></c></row>'.encode()
        for n in range(2, rows + 2)
    )
    with zipfile.ZipFile(io.BytesIO(honest)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    sheet = re.sub(
        rb"<sheetData>.*</sheetData>|<sheetData/>",
        b"<sheetData>" + cells + b"</sheetData>",
        sheet,
        flags=re.S,
    )
    return _rewritten(honest, {"xl/worksheets/sheet1.xml": sheet})


def bomb_backup(backup: bytes, member: str = "cities.jsonl", unpacked: int = 64 * 2**20) -> bytes:
    """`backup` with one table's member replaced by `unpacked` bytes of tiny JSON lines,
    which compress about a thousand to one."""
    return _rewritten(backup, {member: b"{}\n" * (unpacked // 3)})


def long_line_backup(
    backup: bytes, member: str = "cities.jsonl", length: int = 64 * 2**20
) -> bytes:
    """`backup` with one table's member replaced by a single line of `length` bytes."""
    return _rewritten(backup, {member: b'"' + b" " * length + b'"\n'})


def unknown_zip_version(archive_bytes: bytes, version: int = 64) -> bytes:
    """`archive_bytes` with every member declaring that it needs zip version `version`
    (6.4 by default) to be extracted, which Python's zipfile refuses to read."""
    patched = bytearray(archive_bytes)
    start = patched.find(b"PK\x01\x02")
    while start != -1:
        patched[start + 6 : start + 8] = version.to_bytes(2, "little")
        start = patched.find(b"PK\x01\x02", start + 4)
    return bytes(patched)
