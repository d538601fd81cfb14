"""The Covenant of Mayors file of data/: the JRC signatories table cut to the columns the
atlas uses, which `python -m atlas init` loads after the seed files.

The file keeps the published column names (`atlas.gcom.COLUMNS`, never `mayor`) and every
row of the table in its order, with values already cleaned: `read_covenant` passes it
through the same cleaning as the spreadsheet, and `load_covenant` through the same merge
into atlas cities as `import-gcom`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from atlas.gcom import (
    CLEAN_COLUMNS,
    COLUMNS,
    GcomError,
    GcomReport,
    clean_signatories,
    upsert_signatories,
)

COVENANT_FILE = "covenant.csv"
"""The file's name in the seed data folder."""

_BOOLEANS = ("commitment_2020", "commitment_2030", "commitment_2050", "commitment_adaptation")


def write_covenant(frame: pd.DataFrame, path: Path) -> None:
    """Write a cleaned signatories table (`atlas.gcom.read_gcom`) as the compact CSV file:
    the published column names, flags as 1 / 0, whole populations, ISO dates."""
    out = frame[CLEAN_COLUMNS].copy()
    for column in (*_BOOLEANS, "group"):
        out[column] = out[column].map(int)
    out["population"] = out["population"].map(
        lambda value: "" if pd.isna(value) else str(int(value))
    )
    out["adhesion_date"] = out["adhesion_date"].map(
        lambda value: value.isoformat() if value is not None and not pd.isna(value) else ""
    )
    out.columns = COLUMNS
    path.parent.mkdir(parents=True, exist_ok=True)
    out.to_csv(path, index=False, lineterminator="\n")


def read_covenant(path: Path) -> pd.DataFrame:
    """The file as a cleaned signatories table, as `atlas.gcom.read_gcom` returns it."""
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, ValueError, pd.errors.ParserError) as error:
        raise GcomError(f"{path.name} cannot be read: {error}") from error
    return clean_signatories(table, path.name)


def load_covenant(engine: Engine, data_dir: Path, update: bool = False) -> GcomReport | None:
    """Load data_dir/covenant.csv into the store as `import-gcom` does; signatories already
    in the store are kept unless `update`. None when the folder has no such file."""
    path = data_dir / COVENANT_FILE
    if not path.is_file():
        return None
    return upsert_signatories(engine, read_covenant(path), update=update)
