"""A local deployment in one folder: PostgreSQL, N app replicas and nginx in front of them.

    python scripts/cluster.py start [--dir var/cluster] [--port 8080] [--replicas 2]
    python scripts/cluster.py stop [--dir var/cluster]
    python scripts/cluster.py status | store-stop | store-start [--dir var/cluster]
    python scripts/cluster.py replica-start --replica N [--dir var/cluster]
    python scripts/cluster.py precompress

`start` creates a PostgreSQL cluster in DIR/pg (initdb, first time only) listening on
127.0.0.1, runs `python -m atlas init` once, starts the replicas on free local ports and
nginx on PORT from deploy/nginx.conf.template (sticky sessions, WebSocket upgrade,
compression, caching of static assets). Each process's id is in DIR/*.pid, its output in
DIR/*.log, the ports in DIR/cluster.json; `stop` ends them all. `store-stop` and
`store-start` stop and restart PostgreSQL alone, to try a store outage; `replica-start`
starts replica N again on its port (after it was stopped or killed). `precompress` writes
a copy of Streamlit's static files with .br and .gz beside each (once per Streamlit
version, in ATLAS_CACHE_DIR or DIR/cache) that nginx then sends as they are; without it
nginx compresses them on the fly, less tightly.

Run as root, PostgreSQL and nginx run as an unprivileged user (--user, default
`postgres`, the account Debian's package creates): PostgreSQL refuses root and neither needs
it. The replicas run as that user too when it can run this project's Python; otherwise as
the calling user (the script says so).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.metadata
import importlib.util
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = REPO / "deploy" / "nginx.conf.template"
NGINX_MODULES = Path("/usr/lib/nginx/modules")
BROTLI_MODULES = ("ngx_http_brotli_filter_module.so", "ngx_http_brotli_static_module.so")
DATABASE = "atlas"
DB_ROLE = "atlas"
STARTUP_TIMEOUT_S = 90
COMPRESSIBLE = {".js", ".css", ".json", ".svg", ".ttf", ".html", ".txt"}
STOP_TIMEOUT_S = 10

BROTLI_DIRECTIVES = """brotli on;
    brotli_comp_level 5;
    brotli_min_length 1024;
    brotli_types text/plain text/css application/javascript text/javascript application/json
                 application/geo+json image/svg+xml font/ttf application/vnd.ms-fontobject;"""


class ClusterError(RuntimeError):
    """A part of the cluster did not start or stop; the message names its log."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _postgres_bin(name: str) -> str:
    """A PostgreSQL server program: on PATH, or Debian's newest /usr/lib/postgresql/N/bin."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    if not versions:
        raise ClusterError(f"{name} not found: install Debian's postgresql (make cluster does)")
    return str(versions[-1])


def _service_user(requested: str | None) -> str | None:
    """The account to run services as, or None to run them as the calling user."""
    if os.geteuid() != 0:
        return None
    name = requested or "postgres"
    try:
        pwd.getpwnam(name)
    except KeyError as error:
        raise ClusterError(f"no user {name!r}: pass --user with an unprivileged account") from error
    return name


def _as_user(user: str | None, command: list[str]) -> list[str]:
    return command if user is None else ["runuser", "-u", user, "--", *command]


def _give_to(user: str | None, *paths: Path) -> None:
    if user is None:
        return
    account = pwd.getpwnam(user)
    for path in paths:
        os.chown(path, account.pw_uid, account.pw_gid)


def _python_runs_as(user: str | None) -> bool:
    """Whether `user` can run this project's Python (its interpreter may sit in a private
    home folder)."""
    if user is None:
        return True
    command = _as_user(user, [sys.executable, "-c", "import streamlit"])
    return subprocess.run(command, cwd=REPO, capture_output=True, check=False).returncode == 0


def _cache_dir(folder: Path) -> Path:
    return Path(os.environ.get("ATLAS_CACHE_DIR") or folder / "cache")


def precompressed_static(cache: Path) -> Path:
    """Where the copy of Streamlit's static files compressed ahead lives (one per version)."""
    return cache / f"streamlit-static-{importlib.metadata.version('streamlit')}"


def precompress_static(cache: Path) -> Path:
    """Copy Streamlit's static files into `cache` with a .gz (level 9) and, when Debian's
    `brotli` program is there, a .br (level 11) beside each compressible one, for nginx to
    send as they are. Done once per Streamlit version; returns the copy's folder."""
    target = precompressed_static(cache)
    if target.exists():
        return target
    source = Path(importlib.util.find_spec("streamlit").origin).parent / "static" / "static"
    building = cache / f".{target.name}-{os.getpid()}"
    shutil.copytree(source, building / "static")
    brotli = shutil.which("brotli")
    for path in (building / "static").rglob("*"):
        if path.suffix not in COMPRESSIBLE or path.stat().st_size < 1024:
            continue
        with path.open("rb") as plain, gzip.open(f"{path}.gz", "wb", compresslevel=9) as packed:
            shutil.copyfileobj(plain, packed)
        if brotli:
            subprocess.run([brotli, "-q", "11", "-k", "-f", str(path)], check=True)
    for path in [building, *building.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    try:
        building.rename(target)
    except OSError:  # built meanwhile by another run
        shutil.rmtree(building)
    return target


def _log_tail(log: Path, chars: int = 3000) -> str:
    if not log.exists():
        return "(no log)"
    return log.read_text(encoding="utf-8", errors="replace")[-chars:]


def _spawn(command: list[str], log: Path, env: dict[str, str], pid_file: Path) -> int:
    """Start `command` in its own process group, detached from this script; record its id."""
    with log.open("a") as output:
        process = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    pid_file.write_text(f"{process.pid}\n")
    return process.pid


def _alive(pid: int) -> bool:
    """Whether process `pid` runs; an exited one that nobody reaped yet (a zombie) does not."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        done, _status = os.waitpid(pid, os.WNOHANG)  # a child of this script: reap it
        return done == 0
    except ChildProcessError:
        pass
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _wait_for_health(url: str, pid: int, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if not _alive(pid):
            raise ClusterError(f"{url} exited; end of {log}:\n{_log_tail(log)}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise ClusterError(
        f"{url} not healthy in {STARTUP_TIMEOUT_S} s; end of {log}:\n{_log_tail(log)}"
    )


def _end_group(pid: int) -> None:
    """SIGTERM the process group led by `pid`, then SIGKILL what is left."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while time.monotonic() < deadline:
            if not _alive(pid):
                return
            time.sleep(0.1)


class Cluster:
    """The processes of one deployment folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()
        self.state_file = self.folder / "cluster.json"

    @property
    def pg_data(self) -> Path:
        return self.folder / "pg"

    def state(self) -> dict:
        if not self.state_file.exists():
            raise ClusterError(f"no cluster in {self.folder} (start one first)")
        return json.loads(self.state_file.read_text())

    def db_url(self, state: dict) -> str:
        return f"postgresql+psycopg://{DB_ROLE}@127.0.0.1:{state['pg_port']}/{DATABASE}"

    # PostgreSQL

    def _pg_ctl(self, state: dict, action: str) -> None:
        user = state["user"]
        options = (
            f"-p {state['pg_port']} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.pg_data} -c max_connections=100"
        )
        command = [_postgres_bin("pg_ctl"), "-D", str(self.pg_data), "-w", "-t", "60"]
        if action == "start":
            command += ["-l", str(self.folder / "postgres.log"), "-o", options, "start"]
        else:
            command += ["-m", "fast", "stop"]
        result = subprocess.run(
            _as_user(user, command), capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            log = self.folder / "postgres.log"
            raise ClusterError(
                f"pg_ctl {action} failed: {result.stdout}{result.stderr}\n{_log_tail(log)}"
            )

    def _init_postgres(self, state: dict) -> None:
        if (self.pg_data / "PG_VERSION").exists():
            return
        self.pg_data.mkdir(mode=0o700)
        _give_to(state["user"], self.pg_data)
        command = [
            _postgres_bin("initdb"),
            "-D",
            str(self.pg_data),
            "-U",
            DB_ROLE,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        ]
        result = subprocess.run(_as_user(state["user"], command), capture_output=True, text=True)
        if result.returncode != 0:
            raise ClusterError(f"initdb failed:\n{result.stdout}{result.stderr}")

    def _create_database(self, state: dict) -> None:
        import psycopg

        dsn = f"host=127.0.0.1 port={state['pg_port']} user={DB_ROLE} dbname=postgres"
        with psycopg.connect(dsn, autocommit=True) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)
            ).fetchone()
            if not exists:
                connection.execute(f"CREATE DATABASE {DATABASE}")

    def store_start(self) -> None:
        self._pg_ctl(self.state(), "start")

    def store_stop(self) -> None:
        self._pg_ctl(self.state(), "stop")

    # The app

    def _env(self, state: dict) -> dict[str, str]:
        home = self.folder / "home"
        return {
            **os.environ,
            "HOME": str(home),
            "ATLAS_DB_URL": self.db_url(state),
            "ATLAS_CACHE_DIR": str(_cache_dir(self.folder)),
            "ATLAS_TRUSTED_PROXIES": "127.0.0.1",
        }

    def _init_store(self, state: dict, user: str | None) -> None:
        command = _as_user(user, [sys.executable, "-m", "atlas", "init"])
        result = subprocess.run(
            command, cwd=REPO, env=self._env(state), capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise ClusterError(f"`python -m atlas init` failed:\n{result.stdout}{result.stderr}")

    def _start_replica(self, state: dict, number: int, user: str | None) -> tuple[int, str, Path]:
        port = state["replica_ports"][number - 1]
        # serve.py: the app with its session-cookie route, caches warmed before it answers.
        command = [
            sys.executable,
            "serve.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ]
        log = self.folder / f"replica-{number}.log"
        pid_file = self.folder / f"replica-{number}.pid"
        pid = _spawn(_as_user(user, command), log, self._env(state), pid_file)
        return pid, f"http://127.0.0.1:{port}", log

    def start_replica(self, number: int) -> None:
        """Start replica `number` (from 1) again, e.g. after it was killed."""
        state = self.state()
        if not 1 <= number <= len(state["replica_ports"]):
            raise ClusterError(
                f"no replica {number}: this cluster has {len(state['replica_ports'])}"
            )
        user = state["user"] if state["replicas_as_user"] else None
        pid, url, log = self._start_replica(state, number, user)
        _wait_for_health(url, pid, log)

    # nginx

    def _nginx_config(self, state: dict) -> str:
        servers = "\n".join(
            f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;"
            for port in state["replica_ports"]
        )
        brotli = all((NGINX_MODULES / name).exists() for name in BROTLI_MODULES)
        modules = "\n".join(f"load_module {NGINX_MODULES / name};" for name in BROTLI_MODULES)
        replacements = {
            "@MODULES@": modules if brotli else "# brotli: Debian's module is not installed",
            "@BROTLI@": BROTLI_DIRECTIVES if brotli else "# brotli: module not installed",
            "@PREFIX@": str(self.folder / "nginx"),
            "@PORT@": str(state["port"]),
            "@LISTEN@": state["listen"],
            "@SERVERS@": servers,
            "@STATIC_ROOT@": str(precompressed_static(_cache_dir(self.folder))),
            "@BROTLI_STATIC@": "brotli_static on;" if brotli else "# brotli: module not installed",
        }
        text = TEMPLATE.read_text(encoding="utf-8")
        for placeholder, value in replacements.items():
            text = text.replace(placeholder, value)
        return text

    def _start_nginx(self, state: dict) -> None:
        prefix = self.folder / "nginx"
        prefix.mkdir(exist_ok=True)
        _give_to(state["user"], prefix)
        config = prefix / "nginx.conf"
        config.write_text(self._nginx_config(state), encoding="utf-8")
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        base = [nginx, "-p", str(prefix), "-c", str(config), "-e", str(prefix / "error.log")]
        check = subprocess.run(
            _as_user(state["user"], [*base, "-t", "-q"]), capture_output=True, text=True
        )
        if check.returncode != 0:
            raise ClusterError(f"nginx refused {config}:\n{check.stdout}{check.stderr}")
        log = self.folder / "nginx.log"
        pid = _spawn(
            _as_user(state["user"], [*base, "-g", "daemon off;"]),
            log,
            dict(os.environ),
            self.folder / "nginx.pid",
        )
        _wait_for_health(f"http://127.0.0.1:{state['port']}", pid, log)

    # The whole

    def start(self, port: int, replicas: int, user: str | None, listen: str) -> dict:
        if self.state_file.exists() and any(self.running().values()):
            raise ClusterError(f"a cluster already runs in {self.folder}: stop it first")
        if not _port_is_free(port):
            raise ClusterError(f"port {port} is taken: choose another with PORT=… (--port)")
        self.folder.mkdir(parents=True, exist_ok=True)
        for sub in ("home", "cache"):
            (self.folder / sub).mkdir(exist_ok=True)
        service_user = _service_user(user)
        _give_to(service_user, self.folder, self.folder / "home", self.folder / "cache")
        replicas_as_user = _python_runs_as(service_user)
        state = {
            "user": service_user,
            "replicas_as_user": replicas_as_user,
            "port": port,
            "listen": listen,
            "pg_port": _free_port(),
            "replica_ports": [_free_port() for _ in range(replicas)],
        }
        self.state_file.write_text(json.dumps(state, indent=2))
        try:
            self._init_postgres(state)
            self._pg_ctl(state, "start")
            self._create_database(state)
            app_user = service_user if replicas_as_user else None
            self._init_store(state, app_user)
            started = [self._start_replica(state, n, app_user) for n in range(1, replicas + 1)]
            for pid, url, log in started:
                _wait_for_health(url, pid, log)
            self._start_nginx(state)
        except BaseException:
            self.stop()
            raise
        return state

    def pids(self) -> dict[str, int]:
        found = {}
        for pid_file in sorted(self.folder.glob("*.pid")):
            try:
                found[pid_file.stem] = int(pid_file.read_text().strip())
            except ValueError:
                continue
        return found

    def running(self) -> dict[str, bool]:
        status = {name: _alive(pid) for name, pid in self.pids().items()}
        status["postgres"] = (self.pg_data / "postmaster.pid").exists()
        return status

    def stop(self) -> None:
        """End nginx, the replicas and PostgreSQL; the data stays in the folder."""
        pids = self.pids()
        for name in ["nginx", *sorted(name for name in pids if name != "nginx")]:
            if name in pids:
                _end_group(pids[name])
                (self.folder / f"{name}.pid").unlink(missing_ok=True)
        if (self.pg_data / "postmaster.pid").exists():
            self._pg_ctl(self.state(), "stop")


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Start or stop a local deployment: PostgreSQL, app replicas, nginx.",
        epilog="State, logs and pid files live in the folder (default var/cluster).",
    )
    parser.add_argument(
        "action",
        choices=[
            "start",
            "stop",
            "status",
            "store-stop",
            "store-start",
            "replica-start",
            "precompress",
        ],
        help="start the cluster, stop it, show its processes, stop/start PostgreSQL alone, "
        "start one replica again, or compress Streamlit's static files ahead for nginx",
    )
    parser.add_argument("--replica", type=int, default=1, help="replica-start: which (from 1)")
    parser.add_argument("--dir", type=Path, default=REPO / "var" / "cluster", help="its folder")
    parser.add_argument("--port", type=int, default=8080, help="nginx's port (default 8080)")
    parser.add_argument("--replicas", type=int, default=2, help="app processes (default 2)")
    parser.add_argument(
        "--listen",
        default="127.0.0.1",
        help="address nginx listens on (default 127.0.0.1; 0.0.0.0 for every interface)",
    )
    parser.add_argument(
        "--user",
        help="unprivileged account for the services when run as root (default postgres)",
    )
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    cluster = Cluster(args.dir)
    try:
        if args.action == "start":
            state = cluster.start(args.port, args.replicas, args.user, args.listen)
            if not state["replicas_as_user"]:
                print(f"note: {state['user']} cannot run {sys.executable}; replicas run as you")
            print(f"serving on http://{args.listen}:{state['port']}")
            print(f"  store   {cluster.db_url(state)}")
            for number, port in enumerate(state["replica_ports"], start=1):
                print(f"  replica {number} http://127.0.0.1:{port}")
            print(f"stop with: python scripts/cluster.py stop --dir {cluster.folder}")
        elif args.action == "stop":
            cluster.stop()
        elif args.action == "status":
            for name, alive in cluster.running().items():
                print(f"{name:12} {'running' if alive else 'stopped'}")
        elif args.action == "store-stop":
            cluster.store_stop()
        elif args.action == "store-start":
            cluster.store_start()
        elif args.action == "precompress":
            print(precompress_static(_cache_dir(cluster.folder)))
        else:
            cluster.start_replica(args.replica)
    except ClusterError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
