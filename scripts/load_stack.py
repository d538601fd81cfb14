"""A throwaway deployment for scripts/load_test.py, all inside one temporary folder:
a PostgreSQL cluster (or a SQLite file), app replicas on free local ports and nginx in
front of them with sticky sessions and WebSocket upgrade.

PostgreSQL and nginx run as an unprivileged user when started by root (PostgreSQL refuses
root); nothing is installed or registered as a system service.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# The app servers of the browser tests start, wait and stop the same way.
from tests.browser.conftest import _free_port, _stop, _wait_until_healthy  # noqa: E402

SERVICE_USERS = ("postgres", "nobody")
REPLICA_COOKIE = "atlas_replica"


class StackError(RuntimeError):
    """A part of the deployment did not start; the message ends with its log."""


@dataclass(frozen=True)
class Replica:
    url: str
    pid: int


def _service_user() -> str | None:
    """The unprivileged account that runs PostgreSQL and nginx, or None when not root."""
    if os.geteuid() != 0:
        return None
    for name in SERVICE_USERS:
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise StackError(f"running as root, but none of the accounts {SERVICE_USERS} exists")


def _as_service_user(command: list[str]) -> list[str]:
    user = _service_user()
    return command if user is None else ["runuser", "-u", user, "--", *command]


def _service_folder(parent: Path, name: str) -> Path:
    """A new folder `parent`/`name` that the service user owns and can reach."""
    parent.chmod(0o755)
    folder = parent / name
    folder.mkdir()
    user = _service_user()
    if user is not None:
        account = pwd.getpwnam(user)
        os.chown(folder, account.pw_uid, account.pw_gid)
    return folder


def _run(command: list[str], cwd: Path = REPO) -> None:
    result = subprocess.run(
        command, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True
    )
    if result.returncode != 0:
        output = (result.stdout + result.stderr)[-3000:]
        raise StackError(f"`{' '.join(command[:4])} …` failed:\n{output}")


def _pg_bin(name: str) -> str:
    found = shutil.which(name) or sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        raise StackError(f"PostgreSQL's {name} is not installed (Debian: postgresql)")
    return str(found if isinstance(found, str) else found[-1])


@contextmanager
def postgres(folder: Path) -> Iterator[str]:
    """A fresh PostgreSQL cluster on a free local port with an empty `atlas` database;
    yields its SQLAlchemy URL and stops the cluster on exit."""
    data = _service_folder(folder, "pgdata")
    log = data / "server.log"
    port = _free_port()
    _run(_as_service_user([_pg_bin("initdb"), "-D", str(data), "-U", "atlas", "-A", "trust"]))
    options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c max_connections=200"
    _run(
        _as_service_user(
            [_pg_bin("pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"]
        )
    )
    try:
        _run(
            _as_service_user(
                [_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "atlas", "atlas"]
            )
        )
        yield f"postgresql+psycopg://atlas@127.0.0.1:{port}/atlas"
    finally:
        subprocess.run(
            _as_service_user([_pg_bin("pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
            capture_output=True,
            check=False,
        )


def build_store(store_url: str, gcom: Path | None, app: Path = REPO) -> None:
    """`init` the store with the seed data, then import the signatories table if given,
    with the code of the checkout `app`."""
    atlas = [sys.executable, "-m", "atlas", "--db", store_url]
    _run([*atlas, "init"], cwd=app)
    if gcom is not None:
        _run([*atlas, "import-gcom", str(gcom)], cwd=app)


@contextmanager
def _replica(store_url: str, folder: Path, number: int, app: Path) -> Iterator[Replica]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = folder / f"replica-{number}.log"
    env = {
        **os.environ,
        "ATLAS_DB_URL": store_url,
        "ATLAS_TILES_URL": "",
        "ATLAS_TRUSTED_PROXIES": "127.0.0.1",
    }
    # serve.py adds the session-cookie route and warms the caches; older checkouts lack it.
    if (app / "serve.py").is_file():
        entry = [sys.executable, "serve.py"]
    else:
        entry = [str(Path(sys.executable).parent / "streamlit"), "run", "app.py"]
    command = [
        *entry,
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
    ]
    with log.open("w") as output:
        process = subprocess.Popen(
            command,
            cwd=app,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_healthy(url, process, log)
        yield Replica(url, process.pid)
    finally:
        _stop(process)


@contextmanager
def replicas(store_url: str, count: int, folder: Path, app: Path = REPO) -> Iterator[list[Replica]]:
    """`count` processes serving the checkout `app` on one store, each on its own port."""
    with ExitStack() as stack:
        yield [stack.enter_context(_replica(store_url, folder, n, app)) for n in range(count)]


NGINX_CONF = """\
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {folder}/nginx-body;
  proxy_temp_path {folder}/nginx-proxy;
  fastcgi_temp_path {folder}/nginx-fastcgi;
  uwsgi_temp_path {folder}/nginx-uwsgi;
  scgi_temp_path {folder}/nginx-scgi;
  map $http_upgrade $connection_upgrade {{ default upgrade; "" close; }}
  # A visitor without the cookie gets a random route, kept for the rest of the session.
  map $cookie_{cookie} $route {{ "" $request_id; default $cookie_{cookie}; }}
  map $cookie_{cookie} $route_cookie {{
    "" "{cookie}=$request_id; Path=/; HttpOnly; SameSite=Lax"; default "";
  }}
  upstream atlas {{
    hash $route consistent;
{servers}
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://atlas;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $http_host;
      proxy_read_timeout 1h;
      add_header Set-Cookie $route_cookie always;
    }}
  }}
}}
"""


@contextmanager
def proxy(upstreams: list[Replica], folder: Path) -> Iterator[str]:
    """nginx on a free local port in front of `upstreams`, sticky by cookie; yields its URL."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise StackError("nginx is not installed (Debian: nginx-light)")
    home = _service_folder(folder, "nginx")
    port = _free_port()
    servers = "\n".join(f"    server {r.url.removeprefix('http://')};" for r in upstreams)
    conf = home / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(folder=home, cookie=REPLICA_COOKIE, servers=servers, port=port)
    )
    log = home / "nginx-error.log"
    command = _as_service_user(
        [nginx, "-p", str(home), "-c", str(conf), "-e", str(log), "-g", "daemon off;"]
    )
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, process, log)
        yield url
    finally:
        _stop(process)
