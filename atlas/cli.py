"""Command line: python -m atlas {init,export,geocode}."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from atlas import settings
from atlas.export import ExportError, export_cities
from atlas.queries import load_atlas
from atlas.seed import SeedError, load_seed
from atlas.store import make_engine, migrate, schema_is_current


class CommandError(Exception):
    """A failure to report to the user as one clear line, with exit status 1."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m atlas",
        description="Frontrunners Atlas: manage the store of cities, projects and practices.",
    )
    parser.add_argument(
        "--db",
        default=None,
        help="SQLAlchemy URL of the store (default: $ATLAS_DB_URL or var/atlas.db)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = commands.add_parser(
        "init",
        help="create or migrate the store and load the seed data (safe to repeat)",
        description="Create or migrate the store, then add the seed records it lacks. "
        "Records already in the store are kept as they are unless --update is given.",
    )
    init.add_argument(
        "--data", default=None, help="folder of seed CSV files (default: $ATLAS_DATA_DIR or data/)"
    )
    init.add_argument(
        "--update", action="store_true", help="overwrite stored records with the seed files"
    )

    export = commands.add_parser(
        "export",
        help="export cities with their projects and roles",
        description="Write every city with its projects and roles. The format follows the "
        "file name: .csv or .geojson; '-' writes GeoJSON to standard output.",
    )
    export.add_argument("file", help="output file (.csv or .geojson), or - for stdout")

    geocode = commands.add_parser(
        "geocode",
        help="look a place name up in the offline gazetteer",
        description="Print ranked candidates for a place name as JSON, from the offline "
        "GeoNames gazetteer (places of 500+ inhabitants).",
    )
    geocode.add_argument("name", help='place name in any spelling, e.g. "Gmina Besko"')
    geocode.add_argument("--country", help="ISO 3166-1 alpha-2 code to search within")
    geocode.add_argument("--limit", type=int, default=5, help="most candidates (default 5)")
    return parser


def _engine(args: argparse.Namespace) -> Engine:
    return make_engine(args.db or settings.get("ATLAS_DB_URL"))


def cmd_init(args: argparse.Namespace) -> int:
    engine = _engine(args)
    migrate(engine)
    data_dir = Path(args.data or settings.get("ATLAS_DATA_DIR"))
    try:
        report = load_seed(engine, data_dir, update=args.update)
    except SeedError as error:
        lines = "\n".join(f"  {problem}" for problem in error.problems)
        raise CommandError(
            f"seed data in {data_dir} is invalid; nothing was loaded:\n{lines}"
        ) from error
    for label, counts in (
        ("added", report.added),
        ("updated", report.updated),
        ("kept", report.kept),
    ):
        if counts:
            detail = ", ".join(f"{count} {kind}" for kind, count in counts.items())
            print(f"{label}: {detail}")
    print(f"store ready: {engine.url.render_as_string(hide_password=True)}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    engine = _engine(args)
    if not schema_is_current(engine):
        raise CommandError("the store is not initialised; run `python -m atlas init` first")
    count = export_cities(load_atlas(engine), args.file, stdout=sys.stdout)
    if args.file != "-":
        print(f"wrote {count} cities to {args.file}")
    return 0


def cmd_geocode(args: argparse.Namespace) -> int:
    from geo.gazetteer import default_gazetteer

    country = args.country.upper() if args.country else None
    if args.limit < 1:
        raise CommandError("--limit must be at least 1")
    candidates = default_gazetteer().lookup(args.name, country=country, limit=args.limit)
    json.dump(
        [candidate.to_dict() for candidate in candidates], sys.stdout, ensure_ascii=False, indent=2
    )
    print()
    return 0 if candidates else 1


COMMANDS = {"init": cmd_init, "export": cmd_export, "geocode": cmd_geocode}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (CommandError, ExportError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except SQLAlchemyError as error:
        print(
            f"error: the store could not be used: {error.__class__.__name__}: {error}",
            file=sys.stderr,
        )
        return 1
