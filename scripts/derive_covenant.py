"""Derive data/covenant.csv from the JRC Covenant of Mayors signatories table.

Reads the table as published (an .xlsx with the signatories on sheet "1", e.g.
df1_Signatories_2024.xlsx from the JRC Data Catalogue), keeps only the columns the atlas
uses (never `mayor`), cleans the values as `import-gcom` does and writes the compact CSV
that `python -m atlas init` loads. Prints the rows written and the file's size. After a
new JRC release, update the release named in data/README.md and in atlas/gcom.py (SOURCE).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from atlas.covenant import COVENANT_FILE, write_covenant  # noqa: E402
from atlas.gcom import GcomError, read_gcom  # noqa: E402


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Write the atlas's Covenant of Mayors file from the JRC signatories "
        "table (.xlsx, sheet '1'): only the columns the atlas uses, cleaned, every row in "
        "the table's order.",
    )
    parser.add_argument("table", type=Path, help="the JRC signatories .xlsx as published")
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO / "data" / COVENANT_FILE,
        help=f"the file to write (default: data/{COVENANT_FILE} of the repository)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        frame = read_gcom(args.table)
    except GcomError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    write_covenant(frame, args.out)
    print(f"wrote {len(frame)} signatories, {args.out.stat().st_size:,} bytes to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
