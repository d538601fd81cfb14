"""How much an uploaded or imported file may hold, checked while it is read.

Each limit is checked before the memory it guards is spent: a file that breaks one is
refused with a message naming the limit. Together they keep reading any file up to its
size limit within a few hundred megabytes.
"""

from __future__ import annotations

MiB = 1024 * 1024

MAX_TABLE_FILE_BYTES = 20 * MiB
"""An import file (CSV, XLSX or GeoJSON), as uploaded."""
MAX_TABLE_ROWS = 50_000
"""Record rows of an import file (the header not counted)."""
MAX_TABLE_COLUMNS = 200
MAX_TABLE_CELLS = 1_000_000
"""Non-empty cells of an import file."""
MAX_CELL_CHARS = 128 * 1024
"""Characters in one cell (also the csv module's own field limit)."""
MAX_XLSX_UNPACKED_BYTES = 200 * MiB
"""What the members of an XLSX zip may unpack to, all together."""
MAX_JSON_DEPTH = 32
"""Nesting of arrays and objects in a GeoJSON file."""
MAX_JSON_CONTAINERS = 500_000
"""Arrays and objects in a GeoJSON file."""

MAX_BACKUP_FILE_BYTES = 100 * MiB
"""A backup zip, as uploaded."""
MAX_BACKUP_UNPACKED_BYTES = 512 * MiB
"""What a backup may unpack to: it is read as a stream, never whole."""
MAX_BACKUP_LINE_BYTES = 16 * MiB
"""One row of a backup table (an image is at most 5 MB, 6.7 MB as base64)."""
MAX_MANIFEST_BYTES = 1 * MiB


def size_text(size: int) -> str:
    """A byte count in words: "20 MiB", "128 KiB", "900 bytes"."""
    for unit, factor in (("GiB", 1024 * MiB), ("MiB", MiB), ("KiB", 1024)):
        if size >= factor:
            value = size / factor
            return f"{value:.0f} {unit}" if value.is_integer() else f"{value:.1f} {unit}"
    return f"{size} bytes"
