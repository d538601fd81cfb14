"""Command line: python -m atlas COMMAND (init, export, restore, import, geocode, peers,
import-gcom, bench, synth, user)."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from atlas import settings
from atlas.accounts import (
    EDITOR,
    AccountError,
    User,
    add_user,
    can_edit,
    disable_user,
    list_users,
)
from atlas.backup import ACCOUNT_TABLES, BackupError, read_backup, replace_store, write_backup
from atlas.covenant import COVENANT_FILE, load_covenant
from atlas.export import FORMATS, RECORDS, ExportError, export_records
from atlas.gcom import GcomError, import_gcom
from atlas.peers import WEIGHTS, PeerError, rank_peers, seeker_from_city
from atlas.queries import AtlasData, load_atlas
from atlas.search import PREFIX, search_cities
from atlas.seed import SeedError, load_seed
from atlas.store import make_engine, migrate, schema_is_current
from atlas.synth import add_synthetic


class CommandError(Exception):
    """A failure to report to the user as one clear line, with exit status 1."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m atlas",
        description="Frontrunners Atlas: manage the store of cities, projects and practices.",
    )
    db_help = "SQLAlchemy URL of the store (default: $ATLAS_DB_URL or var/atlas.db)"
    parser.add_argument("--db", default=None, help=db_help)
    # --db also after the command (`python -m atlas synth … --db URL`); SUPPRESS keeps a
    # value given before the command when none is given after it.
    store = argparse.ArgumentParser(add_help=False)
    store.add_argument("--db", default=argparse.SUPPRESS, help=db_help)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = commands.add_parser(
        "init",
        parents=[store],
        help="create or migrate the store and load the seed data (safe to repeat)",
        description="Create or migrate the store, then add the seed records it lacks, then "
        f"the Covenant of Mayors signatories of {COVENANT_FILE} in the same folder, merged "
        "into atlas cities as import-gcom does. Records already in the store are kept as "
        "they are unless --update is given.",
    )
    init.add_argument(
        "--data", default=None, help="folder of seed CSV files (default: $ATLAS_DATA_DIR or data/)"
    )
    init.add_argument(
        "--update",
        action="store_true",
        help="overwrite stored records with the seed files and signatories with the "
        f"{COVENANT_FILE} file",
    )

    export = commands.add_parser(
        "export",
        parents=[store],
        help="export cities or practices, or write a full backup (.zip)",
        description="Write the public cities (with their projects and roles) or practices. "
        "The format follows the file name: .csv or .geojson (practices at their city's "
        "point); '-' writes GeoJSON to standard output; .xlsx writes one workbook of cities, "
        "memberships, practices and projects. A file ending in .zip is a full backup of the "
        "store for `restore`: every record (drafts and deleted ones too), the change "
        "history, images and staff accounts with their password hashes (keep the file "
        "safe); not log-in sessions.",
    )
    export.add_argument("file", help="output file (.csv, .geojson, .xlsx or .zip), or - for stdout")
    export.add_argument(
        "--records",
        choices=RECORDS,
        default="cities",
        help="what .csv, .geojson and - hold (default cities)",
    )

    restore = commands.add_parser(
        "restore",
        parents=[store],
        help="replace the whole store with a backup .zip",
        description="Check the whole backup first (schema revision, checksums, every table, "
        "every row), then replace every record of the store with it in one transaction; "
        "on any failure nothing changes. The store's staff accounts stay as they are "
        "unless --with-accounts is given. Asks for confirmation unless --yes is given.",
    )
    restore.add_argument("file", help="a backup written by `export FILE.zip`")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.add_argument(
        "--with-accounts",
        action="store_true",
        help="also replace the staff accounts with the backup's (it holds their password "
        "hashes); every log-in session ends",
    )

    geocode = commands.add_parser(
        "geocode",
        parents=[store],
        help="look a place name up in the offline gazetteer",
        description="Print ranked candidates for a place name as JSON, from the offline "
        "gazetteer (GeoNames places of 500+ inhabitants and a list of municipalities).",
    )
    geocode.add_argument("name", help='place name in any spelling, e.g. "Gmina Besko"')
    geocode.add_argument("--country", help="ISO 3166-1 alpha-2 code to search within")
    geocode.add_argument("--limit", type=int, default=5, help="most candidates (default 5)")
    peers = commands.add_parser(
        "peers",
        parents=[store],
        help="rank the cities a city could learn from",
        description="Rank every other city in the atlas as a peer for CITY (slug or name in "
        "any spelling) and explain each result. Weights: "
        + ", ".join(f"{name}={weight:g}" for name, weight in WEIGHTS.items())
        + ".",
    )
    peers.add_argument("city", help="the asking city: slug or name, e.g. smolyan or Смолян")
    peers.add_argument(
        "--topics", default="", help="comma-separated topic slugs, e.g. energy,mobility"
    )
    peers.add_argument("--top", type=int, default=10, help="how many peers (default 10)")
    peers.add_argument("--max-km", type=float, default=None, help="farthest distance in km")
    peers.add_argument(
        "--frontrunners-first", action="store_true", help="list frontrunners before others"
    )
    peers.add_argument(
        "--weight",
        action="append",
        default=[],
        metavar="PART=W",
        help="change one weight, e.g. --weight distance=3 (repeatable)",
    )
    peers.add_argument("--json", action="store_true", help="print JSON instead of text")

    gcom = commands.add_parser(
        "import-gcom",
        parents=[store],
        help="import the JRC Covenant of Mayors signatories table (.xlsx)",
        description="Upsert every signatory of the JRC GCoM MyCovenant signatories table "
        "(sheet '1', as published) as a city with a Covenant of Mayors signatory role; merge "
        "with atlas cities of the same name within 15 km; flag doubtful points for review. "
        "Safe to repeat: a second run changes nothing.",
    )
    gcom.add_argument("file", help="df1_Signatories_2024.xlsx or a table of the same layout")
    gcom.add_argument("--dry-run", action="store_true", help="report only, write nothing")

    bulk = commands.add_parser(
        "import",
        parents=[store],
        help="import cities, memberships and practices from .csv, .xlsx or .geojson",
        description="Check every row of FILE (columns: docs/import-format.md), print the "
        "report (rejected rows with their numbers; new, changed and unchanged records; likely "
        "duplicate cities; cities placed by the offline gazetteer), then write every row in "
        "one transaction. Exit status 1, nothing written, when any row is rejected. A file "
        "written by `export` imports back (a workbook's sheets cities, memberships and "
        "practices by name): rows nobody changed report as unchanged, and the columns the "
        "export derives (role, memberships, practice_count, city_name, ...) are left aside "
        "with one notice.",
    )
    bulk.add_argument("file", nargs="?", help="the file to import (.csv, .xlsx or .geojson)")
    bulk.add_argument("--dry-run", action="store_true", help="report only, write nothing")
    bulk.add_argument(
        "--kind",
        choices=["city", "membership", "practice"],
        help="the kind of every row (default: a kind column, a workbook's sheet names, or "
        "guessed from the columns); with .xlsx, read only that kind's sheet",
    )
    bulk.add_argument(
        "--as",
        dest="actor",
        metavar="USER",
        help="active editor or admin account named in the history (default: cli)",
    )
    bulk.add_argument(
        "--template",
        metavar="OUT",
        help="write the import template (.csv or .xlsx) to OUT instead of importing",
    )

    bench = commands.add_parser(
        "bench",
        parents=[store],
        help="time the atlas at scale in a temporary store",
        description="Build a temporary store (seed data, then the JRC signatories table or N "
        "synthetic cities, then M synthetic practices) and print medians of repeated runs: "
        "load, filter, search, peer ranking, map build and size against a naive folium map, "
        "import rate and peak memory. Nothing is asserted.",
    )
    source = bench.add_mutually_exclusive_group()
    source.add_argument("--gcom", type=Path, help="JRC signatories .xlsx to import")
    source.add_argument("--cities", type=int, default=0, help="synthetic cities instead")
    bench.add_argument("--practices", type=int, default=0, help="synthetic practices")
    bench.add_argument("--runs", type=int, default=5, help="repeats per measure (default 5)")
    bench.add_argument("--json", action="store_true", help="print one JSON object")

    user = commands.add_parser(
        "user",
        parents=[store],
        help="manage staff accounts (editors and admins)",
        description="Staff accounts. Passwords are read from a prompt, or from the first "
        "line of standard input when it is not a terminal, never from the command line.",
    )
    user_commands = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    add = user_commands.add_parser("add", help="create an account (asks for its password)")
    add.add_argument("name", help="user name: 2-40 lowercase letters, digits, . _ -")
    add.add_argument("--role", choices=["editor", "admin"], required=True)
    user_commands.add_parser("list", help="list the accounts")
    disable = user_commands.add_parser("disable", help="disable an account, ending its sessions")
    disable.add_argument("name")

    synth = commands.add_parser(
        "synth",
        parents=[store],
        help="add synthetic cities and practices for scale tests",
        description="Add synthetic practices (and, with --cities, synthetic cities taken from "
        "real European places in the gazetteer) to the store. Every synthetic record says so "
        "in its source. The same --seed gives the same records; repeating it adds nothing.",
    )
    synth.add_argument("--practices", type=int, required=True, help="how many practices")
    synth.add_argument("--cities", type=int, default=0, help="how many cities (default 0)")
    synth.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
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
    _load_covenant(engine, data_dir, args.update)
    print(f"store ready: {engine.url.render_as_string(hide_password=True)}")
    return 0


def _load_covenant(engine: Engine, data_dir: Path, update: bool) -> None:
    """Load the Covenant of Mayors file of the seed folder, when it has one."""
    try:
        report = load_covenant(engine, data_dir, update=update)
    except GcomError as error:
        raise CommandError(f"{COVENANT_FILE} in {data_dir}: {error}; it was not loaded") from error
    if report is None:
        print(f"Covenant of Mayors: no {COVENANT_FILE} in {data_dir}, none loaded")
        return
    counts = {
        "added as cities": report.added,
        "merged into atlas cities": report.merged,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "kept as stored": report.kept,
        "flagged for review": report.flagged,
        "skipped": len(report.skipped),
    }
    detail = ", ".join(f"{count} {label}" for label, count in counts.items() if count)
    print(f"Covenant of Mayors signatories ({COVENANT_FILE}): {detail}")


def cmd_export(args: argparse.Namespace) -> int:
    suffix = Path(args.file).suffix.lower()
    if args.file != "-" and suffix not in (*FORMATS, ".zip"):
        raise CommandError(
            f"cannot export to {Path(args.file).name!r}: the file name must end in .csv, "
            ".geojson, .xlsx or .zip (a full backup)"
        )
    if suffix == ".zip":
        summary = write_backup(_initialised_engine(args), Path(args.file))
        print(
            f"wrote a backup of {len(summary.rows)} tables, {summary.total_rows} rows, "
            f"{summary.size} bytes to {args.file}"
        )
        return 0
    counts = export_records(_loaded_atlas(args), args.file, args.records, stdout=sys.stdout)
    if args.file != "-":
        detail = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        print(f"wrote {detail} to {args.file}")
    return 0


def _confirm_restore(engine: Engine, rows: int) -> None:
    if not sys.stdin.isatty():
        raise CommandError(
            "restore replaces every record of the store; confirm with --yes "
            "(standard input is not a terminal, so there is no one to ask)"
        )
    store_name = engine.url.render_as_string(hide_password=True)
    answer = input(f"Replace everything in {store_name} with the backup's {rows} rows? [y/N] ")
    if answer.strip().lower() not in ("y", "yes"):
        raise CommandError("restore cancelled; nothing was changed")


def cmd_restore(args: argparse.Namespace) -> int:
    engine = _initialised_engine(args)
    if not Path(args.file).is_file():
        raise CommandError(f"{args.file} not found")
    backup = read_backup(engine, Path(args.file))
    if not args.yes:
        _confirm_restore(engine, backup.summary.total_rows)
    new_revision = replace_store(engine, backup, with_accounts=args.with_accounts)
    rows = {
        name: count
        for name, count in backup.summary.rows.items()
        if args.with_accounts or name not in ACCOUNT_TABLES
    }
    accounts = (
        "staff accounts replaced by the backup's; every log-in session has ended"
        if args.with_accounts
        else f"the store's staff accounts kept (the backup's {backup.summary.rows['users']}, "
        "with their password hashes, were not restored: --with-accounts restores them)"
    )
    print(
        f"restored {len(rows)} tables, {sum(rows.values())} rows "
        f"(backup of {backup.summary.created_at}); data revision {new_revision}; {accounts}"
    )
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


def _initialised_engine(args: argparse.Namespace) -> Engine:
    engine = _engine(args)
    if not schema_is_current(engine):
        raise CommandError("the store is not initialised; run `python -m atlas init` first")
    return engine


def _loaded_atlas(args: argparse.Namespace) -> AtlasData:
    return load_atlas(_initialised_engine(args))


def _resolve_city(data: AtlasData, text: str) -> str:
    if text in data.city_slugs:
        return text
    found = search_cities(data.cities, text, limit=5)
    if not found.empty and found["score"].iloc[0] >= PREFIX:
        return str(found["slug"].iloc[0])
    hint = f"; did you mean {', '.join(found['name'])}?" if not found.empty else ""
    raise CommandError(f"no city {text!r} in the atlas{hint}")


def _parse_weights(pairs: list[str]) -> dict[str, float]:
    weights: dict[str, float] = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        try:
            weights[name.strip()] = float(value)
        except ValueError as error:
            raise CommandError(f"--weight takes PART=NUMBER, not {pair!r}") from error
    return weights


def cmd_peers(args: argparse.Namespace) -> int:
    data = _loaded_atlas(args)
    topics = tuple(t.strip() for t in args.topics.split(",") if t.strip())
    unknown = sorted(set(topics) - set(data.topics["slug"]))
    if unknown:
        known = ", ".join(data.topics["slug"])
        raise CommandError(f"unknown topic(s) {', '.join(unknown)}; known: {known}")
    try:
        seeker = seeker_from_city(
            data, _resolve_city(data, args.city), topics, max_distance_km=args.max_km
        )
        found = rank_peers(
            data,
            seeker,
            weights=_parse_weights(args.weight),
            top=args.top,
            frontrunners_first=args.frontrunners_first,
        )
    except PeerError as error:
        raise CommandError(str(error)) from error
    if args.json:
        payload = {
            "city": seeker.slug,
            "topics": list(topics),
            "peers": [p.to_dict() for p in found],
        }
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"Peers for {seeker.name} ({seeker.country}):")
    for rank, peer in enumerate(found, start=1):
        print(f"{rank:>3}. {peer.name} ({peer.country})  score {peer.score:.2f}")
        print(f"     {'; '.join(peer.reasons)}")
        if peer.practices:
            print(f"     read first: {peer.practices[0]}")
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    if args.practices < 0 or args.cities < 0:
        raise CommandError("--practices and --cities must not be negative")
    engine = _initialised_engine(args)
    try:
        counts = add_synthetic(engine, practices=args.practices, cities=args.cities, seed=args.seed)
    except ValueError as error:
        raise CommandError(str(error)) from error
    print(f"synthetic records written: {counts['cities']} cities, {counts['practices']} practices")
    return 0


def cmd_import_gcom(args: argparse.Namespace) -> int:
    engine = _initialised_engine(args)
    try:
        report = import_gcom(engine, Path(args.file), dry_run=args.dry_run)
    except GcomError as error:
        raise CommandError(str(error)) from error
    print("\n".join(report.lines()))
    if args.dry_run:
        print("dry run: nothing was written")
    return 0


CLI_ACTOR = "cli"
"""Who the history names for a command-line import without --as (an editor's rights)."""


def _import_actor(engine: Engine, name: str | None) -> User:
    if name is None:
        return User(CLI_ACTOR, EDITOR, disabled=False)
    found = next((user for user in list_users(engine) if user.name == name), None)
    if not can_edit(found):
        raise CommandError(f"--as needs an active editor or admin account, and {name!r} is not")
    return found


def cmd_import(args: argparse.Namespace) -> int:
    from atlas.bulk_import import (
        ImportRejectedError,
        ImportStaleError,
        commit_import,
        preview_import,
        read_import,
    )
    from atlas.import_format import TEMPLATE_FORMATS, template_bytes
    from atlas.tabular import TabularError

    if args.template:
        fmt = Path(args.template).suffix.lower().lstrip(".")
        if fmt not in TEMPLATE_FORMATS:
            raise CommandError("--template writes a .csv or .xlsx file")
        Path(args.template).write_bytes(template_bytes(fmt, args.kind))
        print(f"wrote the import template to {args.template}")
        return 0
    if not args.file:
        raise CommandError("name the FILE to import, or --template OUT to write the template")
    engine = _initialised_engine(args)
    actor = _import_actor(engine, args.actor)
    try:
        table = read_import(Path(args.file), kind=args.kind)
    except TabularError as error:
        raise CommandError(str(error)) from error
    report = preview_import(engine, table, args.kind, source=Path(args.file).name)
    if report.ok and report.writes and not args.dry_run:
        try:
            report = commit_import(engine, actor, report, _now())
        except ImportRejectedError as error:  # the store changed since the preview
            report = error.report
        except ImportStaleError as error:
            raise CommandError(str(error)) from error
    print("\n".join(report.lines()))
    if not report.ok:
        print(f"error: {len(report.errors)} problem(s); nothing was written", file=sys.stderr)
        return 1
    if args.dry_run:
        print("dry run: nothing was written")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from atlas.bench import run_benchmark

    if args.gcom is not None and not args.gcom.is_file():
        raise CommandError(f"{args.gcom} not found")
    if args.runs < 1 or args.cities < 0 or args.practices < 0:
        raise CommandError("--runs must be at least 1; --cities and --practices not negative")
    result = run_benchmark(args.gcom, args.cities, args.practices, args.runs)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
    return 0


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Repeat password: "):
            raise CommandError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\n")


def cmd_user(args: argparse.Namespace) -> int:
    engine = _initialised_engine(args)
    try:
        if args.user_command == "add":
            created = add_user(engine, args.name, _read_password(), args.role, _now())
            print(f"created {created.role} {created.name!r}")
        elif args.user_command == "disable":
            disable_user(engine, args.name)
            print(f"disabled {args.name!r}; its sessions have ended")
        else:
            for account in list_users(engine):
                state = "disabled" if account.disabled else "active"
                print(f"{account.name}\t{account.role}\t{state}")
    except AccountError as error:
        raise CommandError(str(error)) from error
    return 0


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


COMMANDS = {
    "init": cmd_init,
    "export": cmd_export,
    "restore": cmd_restore,
    "geocode": cmd_geocode,
    "peers": cmd_peers,
    "synth": cmd_synth,
    "import-gcom": cmd_import_gcom,
    "import": cmd_import,
    "bench": cmd_bench,
    "user": cmd_user,
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (CommandError, ExportError, BackupError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except SQLAlchemyError as error:
        print(
            f"error: the store could not be used: {error.__class__.__name__}: {error}",
            file=sys.stderr,
        )
        return 1
