"""Import the JRC Covenant of Mayors signatories table (GCoM MyCovenant, sheet "1").

Each signatory becomes a city with a `signatory` membership of the Covenant of Mayors and a
signatories row (commitments, status, adhesion date, population, GCoM id). A signatory is
merged into an atlas city of the same country whose names include its name and that lies
within MERGE_KM, never on the name alone. Points are flagged for review, not trusted, when
they are whole degrees, lie in another country, or lie far from where the gazetteer puts
the name. The `mayor` column (personal names) is never kept: it is only compared with the
organisation name, which is withheld when it is the mayor's name. Re-running changes
nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from atlas.countries import is_country_code
from atlas.models import SIGNATORY
from atlas.store import bump_revision, session_scope
from atlas.tables import CityRow, MembershipRow, ProjectRow, SignatoryRow
from atlas.text import fold, slugify
from geo.distance import haversine_km

SHEET = "1"
COLUMNS = [
    "organisation_id",
    "organisation_name",
    "country_code",
    "population_adhesion",
    "organisation_latitude",
    "organisation_longitude",
    "commitment_CoM2020_flag",
    "commitment_CoM2030_flag",
    "commitment_CoM2050_flag",
    "commitment_mayoradapt_flag",
    "signatory_status",
    "date_of_adhesion",
    "gcom_id",
    "group_profile",
]
CLEAN_COLUMNS = [
    "organisation_id",
    "name",
    "country",
    "population",
    "latitude",
    "longitude",
    "commitment_2020",
    "commitment_2030",
    "commitment_2050",
    "commitment_adaptation",
    "status",
    "adhesion_date",
    "gcom_id",
    "group",
]
"""The columns of a cleaned table, in the order of `COLUMNS` they come from."""
MISSING = {"-", "null", "NULL", "None", "nan", ""}
COVENANT = "covenant-of-mayors"
MERGE_KM = 15.0
GAZETTEER_KM = 50.0
SOURCE = "JRC GCoM MyCovenant signatories, 5th release (January 2024), organisation_id {}"
LICENCE = "CC BY 4.0 © European Union"


class GcomError(ValueError):
    """The file is not the JRC signatories table, or the store is not ready."""


@dataclass
class GcomReport:
    rows: int = 0
    added: int = 0
    merged: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0
    flagged: int = 0
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"rows read: {self.rows}",
            f"added: {self.added}",
            f"merged: {self.merged}",
            f"updated: {self.updated}",
            f"unchanged: {self.unchanged}",
            *([f"kept as stored: {self.kept}"] if self.kept else []),
            f"flagged for review: {self.flagged}",
            f"skipped: {len(self.skipped)}",
        ]
        return out + [f"  {reason}" for reason in self.skipped[:20]]


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return None if text in MISSING else text


def _number(value: object) -> float | None:
    text = _text(value)
    try:
        return float(text.replace(",", ".")) if text else None
    except ValueError:
        return None


def _count(value: object) -> float | None:
    """A whole number that may be written with spaces between thousands ("35 000")."""
    text = _text(value)
    return (
        _number(text.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")) if text else None
    )


def _identifier(value: object) -> str | None:
    """Organisation ids are numbers ("20493") or, for Mediterranean signatories, codes
    ("20368_med"); spreadsheets may hand numbers back as floats."""
    if isinstance(value, float) and not math.isnan(value) and value.is_integer():
        return str(int(value))
    return _text(value)


def _day(value: object) -> date | None:
    """A date from a spreadsheet cell: a datetime, or ISO text ("2011-11-23 00:00:00")."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _flag(value: object) -> bool:
    return _text(value) in {"True", "true", "1", "TRUE", "yes"}


def read_gcom(path: Path) -> pd.DataFrame:
    """The signatories sheet with only the columns the atlas uses, cleaned: missing markers
    ("-", "null") as None, decimal commas read, flags as booleans."""
    if not path.is_file():
        raise GcomError(f"{path} not found")
    try:
        # calamine reads the published table about 15 times faster than openpyxl
        sheet = pd.read_excel(path, sheet_name=SHEET, dtype=object, engine="calamine")
    except (ValueError, KeyError, OSError) as error:
        raise GcomError(f"{path.name} has no readable sheet {SHEET!r}: {error}") from error
    return clean_signatories(sheet, path.name)


def clean_signatories(table: pd.DataFrame, source: str) -> pd.DataFrame:
    """The atlas's columns of a table in the JRC layout (`COLUMNS`, any others ignored),
    cleaned as `read_gcom` describes; `source` names the table in the error message."""
    missing = [column for column in COLUMNS if column not in table.columns]
    if missing:
        raise GcomError(f"{source} is not the JRC signatories table; missing: {', '.join(missing)}")
    raw = table[COLUMNS]  # only these: the `mayor` column goes no further
    personal = _personal_names(table)
    records = []
    for row, is_personal in zip(raw.itertuples(index=False), personal, strict=True):
        records.append(
            {
                "organisation_id": _identifier(row.organisation_id),
                "name": None if is_personal else _text(row.organisation_name),
                "country": (_text(row.country_code) or "").upper(),
                "population": _count(row.population_adhesion),
                "latitude": _number(row.organisation_latitude),
                "longitude": _number(row.organisation_longitude),
                "commitment_2020": _flag(row.commitment_CoM2020_flag),
                "commitment_2030": _flag(row.commitment_CoM2030_flag),
                "commitment_2050": _flag(row.commitment_CoM2050_flag),
                "commitment_adaptation": _flag(row.commitment_mayoradapt_flag),
                "status": _text(row.signatory_status),
                "adhesion_date": _day(row.date_of_adhesion),
                "gcom_id": _text(row.gcom_id),
                "group": _flag(row.group_profile) or "," in (_text(row.organisation_name) or ""),
            }
        )
    return pd.DataFrame.from_records(records, columns=CLEAN_COLUMNS)


def _personal_names(table: pd.DataFrame) -> list[bool]:
    """Whether each row's organisation name is its mayor's name (the published table has
    such a row): a person's name is withheld, so the row has no name. The `mayor` column is
    compared here and nowhere kept."""
    if "mayor" not in table.columns:
        return [False] * len(table)
    personal = []
    for name, mayor in zip(table["organisation_name"], table["mayor"], strict=True):
        name, mayor = _text(name), _text(mayor)
        personal.append(
            bool(name and mayor) and name.casefold().split() == mayor.casefold().split()
        )
    return personal


def _why_unusable(row: object) -> str:
    if not row.organisation_id:
        return "no organisation_id"
    if not _text(row.name):
        return "no name (or a person's name, withheld)"
    if not is_country_code(row.country):
        return f"unknown country code {row.country!r}"
    return "no usable coordinates"


def point_flags(frame: pd.DataFrame) -> list[str | None]:
    """Why each signatory's point needs review, or None: whole-degree coordinates, a point
    in another country, or far from where the gazetteer puts the name."""
    from geo.boundaries import countries_at, europe
    from geo.gazetteer import default_gazetteer

    covered = set(europe()["iso_a2"])
    found_in = countries_at(frame["latitude"].tolist(), frame["longitude"].tolist())
    gazetteer = default_gazetteer()
    flags: list[str | None] = []
    for row, inside in zip(frame.itertuples(index=False), found_in, strict=True):
        reasons = []
        if row.latitude == int(row.latitude) and row.longitude == int(row.longitude):
            reasons.append("coarse point (whole degrees)")
        if row.country in covered and inside != row.country:
            reasons.append(f"point lies in {inside or 'no European country'}, not {row.country}")
        if row.group:
            reasons.append("joint group of municipalities")
        else:
            best = gazetteer.best(row.name, row.country, fuzzy=False)
            if best is not None:
                away = haversine_km(row.latitude, row.longitude, best.latitude, best.longitude)
                if away > GAZETTEER_KM:
                    reasons.append(f"{away:,.0f} km from where the gazetteer puts {best.name}")
        flags.append("; ".join(reasons) or None)
    return flags


def _signatory_values(row: object, flag: str | None) -> dict:
    return {
        "gcom_id": _text(row.gcom_id),  # the frame holds NaN where the sheet had nothing
        "name": row.name,
        "commitment_2020": bool(row.commitment_2020),
        "commitment_2030": bool(row.commitment_2030),
        "commitment_2050": bool(row.commitment_2050),
        "commitment_adaptation": bool(row.commitment_adaptation),
        "status": _text(row.status),
        "adhesion_date": row.adhesion_date if isinstance(row.adhesion_date, date) else None,
        "population": int(row.population)
        if row.population == row.population and row.population
        else None,
        "latitude": row.latitude,
        "longitude": row.longitude,
        "flag": flag,
    }


def _commitments(values: dict) -> str:
    chosen = [
        label
        for key, label in (
            ("commitment_2020", "2020"),
            ("commitment_2030", "2030"),
            ("commitment_2050", "2050"),
            ("commitment_adaptation", "adaptation"),
        )
        if values[key]
    ]
    when = values["adhesion_date"].isoformat() if values["adhesion_date"] else "unknown date"
    return f"signatory since {when} ({', '.join(chosen) or 'no commitment'}; {values['status']})"


def import_gcom(engine: Engine, path: Path, dry_run: bool = False) -> GcomReport:
    """Upsert every signatory of the JRC table at `path` (see `upsert_signatories`)."""
    return upsert_signatories(engine, read_gcom(path), dry_run=dry_run)


def upsert_signatories(
    engine: Engine, frame: pd.DataFrame, update: bool = True, dry_run: bool = False
) -> GcomReport:
    """Write every signatory of a cleaned table (`clean_signatories`) in one transaction
    (nothing written on error or with `dry_run`) and report what was added, merged,
    updated, unchanged, kept and flagged. A signatory already in the store is compared and
    updated, or with `update` False kept as it is (its point is then not checked again)."""
    report = GcomReport(rows=len(frame))
    usable = frame["organisation_id"].notna() & frame["name"].notna()
    usable &= frame["latitude"].between(-90, 90) & frame["longitude"].between(-180, 180)
    usable &= frame["country"].map(is_country_code)
    for row in frame[~usable].itertuples():
        report.skipped.append(
            f"row {row.Index + 2}: {_text(row.name) or 'unnamed'} — {_why_unusable(row)}"
        )
    frame = frame[usable].reset_index(drop=True)
    with session_scope(engine) as session:
        covenant = session.scalars(select(ProjectRow).where(ProjectRow.slug == COVENANT)).first()
        if covenant is None:
            raise GcomError(f"project {COVENANT!r} missing: run `python -m atlas init` first")
        frame = _first_of_each_organisation(frame, report)
        if update:
            known = {row.organisation_id: row for row in session.scalars(select(SignatoryRow))}
        else:
            frame = _without_stored(session, frame, report)
            known = {}
        if len(frame):
            flags = point_flags(frame)
            report.flagged += sum(flag is not None for flag in flags)
            _write_signatories(session, covenant, known, frame, flags, report)
        if report.added or report.merged or report.updated:
            bump_revision(session)
        if dry_run:
            session.rollback()
    return report


def _without_stored(session: Session, frame: pd.DataFrame, report: GcomReport) -> pd.DataFrame:
    """The frame without the signatories already in the store, counted as kept."""
    stored = dict(session.execute(select(SignatoryRow.organisation_id, SignatoryRow.flag)).all())
    kept = frame["organisation_id"].isin(stored.keys())
    report.kept = int(kept.sum())
    report.flagged = sum(stored[o] is not None for o in frame["organisation_id"][kept])
    return frame[~kept].reset_index(drop=True)


def _first_of_each_organisation(frame: pd.DataFrame, report: GcomReport) -> pd.DataFrame:
    """The frame without the later rows of a repeated organisation_id, each reported."""
    repeated = frame["organisation_id"].duplicated()
    for row in frame[repeated].itertuples(index=False):
        report.skipped.append(f"{row.name}: organisation_id {row.organisation_id} repeated")
    return frame[~repeated].reset_index(drop=True)


def _write_signatories(
    session: Session,
    covenant: ProjectRow,
    known: dict[str, SignatoryRow],
    frame: pd.DataFrame,
    flags: list[str | None],
    report: GcomReport,
) -> None:
    """Update the known signatories, merge the others into atlas cities of the same name
    nearby or add a city for them, and give each city its signatory membership."""
    cities = list(session.scalars(select(CityRow)))
    slugs = {city.slug for city in cities}
    by_name: dict[tuple[str, str], list[CityRow | _NewCity]] = {}
    for city in cities:
        names = [city.name, city.local_name or "", *city.alternate_names]
        for name in {fold(n) for n in names if n}:
            by_name.setdefault((city.country, name), []).append(city)
    member = {
        (m.city_id, m.role)
        for m in session.scalars(
            select(MembershipRow).where(MembershipRow.project_id == covenant.id)
        )
    }
    new_cities: list[dict] = []
    pending: list[tuple[CityRow | _NewCity, dict, str]] = []
    for row, flag in zip(frame.itertuples(index=False), flags, strict=True):
        values = _signatory_values(row, flag)
        organisation = str(row.organisation_id)
        existing = known.get(organisation)
        if existing is not None:
            changed = {k: v for k, v in values.items() if getattr(existing, k) != v}
            for key, value in changed.items():
                setattr(existing, key, value)
            report.updated += bool(changed)
            report.unchanged += not changed
            continue
        key = (row.country, fold(row.name))
        city = _nearest_namesake(by_name.get(key, []), row)
        if city is None:
            new_cities.append(_new_city(row, organisation, values, slugs))
            city = _NewCity(
                len(new_cities) - 1, row.latitude, row.longitude, new_cities[-1]["slug"]
            )
            by_name.setdefault(key, []).append(city)
            report.added += 1
        else:
            report.merged += 1
        pending.append((city, values, organisation))
    # Bulk inserts: one statement per table instead of one ORM object per row.
    new_ids = (
        list(
            session.scalars(
                insert(CityRow).returning(CityRow.id, sort_by_parameter_order=True), new_cities
            )
        )
        if new_cities
        else []
    )
    signatories, memberships = [], []
    for city, values, organisation in pending:
        city_id = new_ids[city.index] if isinstance(city, _NewCity) else city.id
        signatories.append({**values, "city_id": city_id, "organisation_id": organisation})
        if (city_id, SIGNATORY) not in member:
            member.add((city_id, SIGNATORY))
            memberships.append(
                {
                    "city_id": city_id,
                    "project_id": covenant.id,
                    "role": SIGNATORY,
                    "project_role": _commitments(values),
                    "source": SOURCE.format(organisation),
                    "confidence": "high",
                    "verified_on": date(2024, 1, 31),
                }
            )
    if signatories:
        session.execute(insert(SignatoryRow), signatories)
    if memberships:
        session.execute(insert(MembershipRow), memberships)


def _nearest_namesake(namesakes: list[CityRow], row: object) -> CityRow | None:
    """The nearest city of the same name within MERGE_KM of the row's point, if any."""
    near = [
        (haversine_km(city.latitude, city.longitude, row.latitude, row.longitude), city.slug, city)
        for city in namesakes
    ]
    near = [item for item in near if item[0] <= MERGE_KM]
    return min(near)[2] if near else None


@dataclass(frozen=True)
class _NewCity:
    """A city this import adds, before the store has given it an id."""

    index: int
    latitude: float
    longitude: float
    slug: str


def _new_city(row: object, organisation: str, values: dict, slugs: set[str]) -> dict:
    """The columns of a new city for a signatory the atlas does not have yet."""
    slug = slugify(row.name)[:60].strip("-") or "signatory"
    if slug in slugs:
        slug = slugify(f"{slug}-{organisation}")  # ids may read "20368_med"
    slugs.add(slug)
    return {
        "slug": slug,
        "name": row.name,
        "local_name": None,
        "alternate_names": [],
        "country": row.country,
        "latitude": row.latitude,
        "longitude": row.longitude,
        "coord_source": f"manual: JRC GCoM 2024 signatory point, organisation_id {organisation}",
        "population": values["population"],
        "population_source": (
            f"JRC GCoM 2024 population at adhesion, organisation_id {organisation}"
            if values["population"]
            else None
        ),
        "description": None,
        "website": None,
        "source": SOURCE.format(organisation),
        "verified_on": date(2024, 1, 31),
        "licence": LICENCE,
    }
