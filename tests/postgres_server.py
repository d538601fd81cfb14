"""A throwaway PostgreSQL server for the test session: `initdb` in a temporary folder, one
free local port, no system service, removed at the end. PostgreSQL refuses to run as root,
so under root the server runs as the `postgres` user (or `nobody`)."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import count
from pathlib import Path

from sqlalchemy import create_engine, text

# Durability is not what a test server is for: these make CREATE DATABASE and commits cheap.
FAST_SETTINGS = (
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "max_connections=300",
    "shared_buffers=32MB",
)


class PostgresNotFoundError(RuntimeError):
    """No PostgreSQL server programs (initdb, pg_ctl) on this machine."""


def server_bin_dir() -> Path:
    """The folder holding `initdb` and `pg_ctl`: on PATH, else Debian's newest
    /usr/lib/postgresql/<version>/bin."""
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).resolve().parent
    debian = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    if not debian:
        raise PostgresNotFoundError(
            "PostgreSQL's server programs (initdb, pg_ctl) are not installed: `make test` "
            "installs Debian's postgresql package, or set ATLAS_TEST_ENGINES=sqlite."
        )
    return debian[-1].parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_user() -> str | None:
    """The user the server runs as: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise PostgresNotFoundError("running as root, and no 'postgres' or 'nobody' user to run as")


class ThrowawayPostgres:
    """One PostgreSQL cluster in a temporary folder; `create_database` hands out databases."""

    def __init__(self) -> None:
        self.bin_dir = server_bin_dir()
        self.user = _server_user()
        self.folder = Path(tempfile.mkdtemp(prefix="atlas-pg-"))
        self.data_dir = self.folder / "data"
        self.port = free_port()
        self._names = count(1)
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        self._run(
            "initdb", "-D", str(self.data_dir), "-U", "atlas", "--auth=trust",
            "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        self.start()
        self._admin = create_engine(
            self.url("postgres"), isolation_level="AUTOCOMMIT", pool_pre_ping=True
        )

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin_dir / program), *args]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd=self.folder)

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = " ".join(
            [f"-p {self.port}", f"-k {self.folder}", "-c listen_addresses=127.0.0.1"]
            + [f"-c {setting}" for setting in FAST_SETTINGS]
        )
        self._run(
            "pg_ctl", "start", "-w", "-D", str(self.data_dir),
            "-l", str(self.folder / "server.log"), "-o", options,
        )  # fmt: skip

    def stop(self) -> None:
        """Stop the server (its data stays, for `start`)."""
        self._run("pg_ctl", "stop", "-w", "-m", "fast", "-D", str(self.data_dir))

    @contextmanager
    def stopped(self) -> Iterator[None]:
        """The server is down inside the block and up again after it."""
        self.stop()
        try:
            yield
        finally:
            self.start()

    def remove(self) -> None:
        """Stop the server and delete its folder."""
        self._admin.dispose()
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of `database` on this server."""
        return f"postgresql+psycopg://atlas@127.0.0.1:{self.port}/{database}"

    def create_database(self, template: str = "template0", name: str | None = None) -> str:
        """A new database, a copy of `template` (empty by default); returns its name."""
        name = name or f"atlas_test_{next(self._names)}"
        with self._admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        return name

    def drop_database(self, name: str) -> None:
        """Drop `name`, ending any connection still open to it."""
        with self._admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
