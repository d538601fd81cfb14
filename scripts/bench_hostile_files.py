"""Peak memory of reading hostile and large files, each in a fresh process.

    python scripts/bench_hostile_files.py [--json]

Builds, in a temporary folder, the files of the security review (a 5 KB XLSX declaring
the whole 16,384 × 1,048,576 grid; an XLSX with a cell in column XFD on 20,000 rows; a
backup of a few hundred kilobytes that unpacks to 500 MiB of rows) and the largest honest
files the limits admit (a 20 MiB CSV; an XLSX with 50,000 rows), then reads each in a new
Python process and prints how the read ended, its time and the peak resident memory above
what the process held just before the read (Linux VmHWM, reset before the read).
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

MiB = 1024 * 1024
DESCRIPTION = "A town in Lesser Poland whose council took part in energy planning. " * 6

CHILD = """
import resource, sys, time
sys.path.insert(0, {repo!r})
from atlas.backup import BackupError, read_backup
from atlas.store import make_engine
from atlas.tabular import TabularError, read_table
path = {path!r}
engine = make_engine({url!r}) if {url!r} else None
data = open(path, "rb").read() if path.endswith(("csv", "xlsx", "geojson")) else None
import openpyxl  # imported before the read, as a running server has it

def status(field):
    with open("/proc/self/status") as handle:
        return next(int(line.split()[1]) for line in handle if line.startswith(field))

with open("/proc/self/clear_refs", "w") as handle:
    handle.write("5")  # the peak (VmHWM) starts again from the current size
before = status("VmRSS")
start = time.perf_counter()
try:
    if data is not None:
        outcome = f"read {{len(read_table(data, path).rows)}} rows"
    else:
        outcome = f"checked {{read_backup(engine, path).summary.total_rows}} rows"
except (TabularError, BackupError) as error:
    outcome = f"refused: {{error}}"
seconds = time.perf_counter() - start
print(repr((outcome, seconds, (status("VmHWM") - before) / 1024)))
"""


def _honest_csv(target_bytes: int) -> bytes:
    header = "slug,name,country,latitude,longitude,description\n"
    lines, size, number = [header], len(header), 0
    while True:
        line = f"town-{number},Town {number},PL,50.0613,19.9383,{DESCRIPTION}\n"
        if size + len(line) > target_bytes or number >= 49_999:
            break
        lines.append(line)
        size += len(line)
        number += 1
    return "".join(lines).encode()


def _honest_xlsx(rows: int) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("cities")
    sheet.append(["slug", "name", "country", "latitude", "longitude", "description"])
    for number in range(rows):
        sheet.append([f"town-{number}", f"Town {number}", "PL", 50.06, 19.93, "A town"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _files(folder: Path) -> tuple[dict[str, Path], str]:
    from atlas.backup import write_backup
    from tests import hostile_files
    from tests.factories import build_store

    url = f"sqlite:///{folder / 'atlas.db'}"
    engine = build_store(url=url)
    backup = io.BytesIO()
    write_backup(engine, backup)
    files = {
        "whole-grid XLSX (review)": ("xlsx", hostile_files.whole_sheet_xlsx()),
        "far-column XLSX": ("xlsx", hostile_files.far_cell_xlsx()),
        "row-bomb backup (review)": (
            "zip",
            hostile_files.bomb_backup(backup.getvalue(), unpacked=500 * MiB),
        ),
        "long-line backup": (
            "zip",
            hostile_files.long_line_backup(backup.getvalue(), length=400 * MiB),
        ),
        "honest CSV, 20 MiB": ("csv", _honest_csv(20 * MiB)),
        "honest XLSX, 50,000 rows": ("xlsx", _honest_xlsx(50_000)),
    }
    paths = {}
    for number, (name, (suffix, content)) in enumerate(files.items()):
        path = folder / f"file{number}.{suffix}"
        path.write_bytes(content)
        paths[name] = path
    return paths, url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        paths, url = _files(Path(tmp))
        for name, path in paths.items():
            code = CHILD.format(repo=str(REPO), path=str(path), url=url)
            started = time.perf_counter()
            out = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
            outcome, seconds, peak_mb = eval(out.strip().splitlines()[-1])
            results[name] = {
                "file_bytes": path.stat().st_size,
                "outcome": outcome[:110],
                "read_s": round(seconds, 3),
                "process_s": round(time.perf_counter() - started, 2),
                "peak_above_idle_mb": round(peak_mb, 1),
            }
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for name, row in results.items():
            print(
                f"{name:28} {row['file_bytes']:>11,} B  {row['read_s']:7.3f} s  "
                f"+{row['peak_above_idle_mb']:6.1f} MB  {row['outcome']}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
