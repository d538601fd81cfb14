"""Lighthouse on the map page, first visit and repeat visit: python scripts/lighthouse_bench.py URL.

Lighthouse comes from the npm registry, outside the project (`npm install lighthouse` in a
temporary folder; pass its `node_modules/.bin/lighthouse` as --lighthouse). A first run, not
reported, warms the server's caches. One headless Chromium profile serves the two measured
runs: the first clears the browser's cache for the site (a
first visit), the second keeps it (a repeat visit). Lighthouse's defaults apply: a phone on
simulated slow 4G. Prints as JSON, per visit, the bytes transferred, the number of requests,
first contentful paint (ms, simulated) and the performance score. It asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_devtools(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit("Chromium's DevTools port did not open in 30 s")


def _run_lighthouse(lighthouse: str, url: str, port: int, keep_cache: bool, out: Path) -> dict:
    command = [
        lighthouse,
        url,
        f"--port={port}",
        "--only-categories=performance",
        "--output=json",
        f"--output-path={out}",
        "--quiet",
        "--max-wait-for-load=60000",
    ]
    if keep_cache:
        command.append("--disable-storage-reset")
    subprocess.run(command, check=True)
    report = json.loads(out.read_text())
    audits = report["audits"]
    requests = audits["network-requests"]["details"]["items"]
    return {
        "transfer_bytes": int(audits["total-byte-weight"]["numericValue"]),
        "requests": len(requests),
        "first_contentful_paint_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "performance_score": round(100 * (report["categories"]["performance"]["score"] or 0)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the page to measure, e.g. http://127.0.0.1:8080/")
    parser.add_argument("--lighthouse", required=True, help="path of the lighthouse command")
    parser.add_argument("--chromium", default=CHROMIUM, help=f"browser (default {CHROMIUM})")
    args = parser.parse_args(argv)

    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as folder:
        chromium = subprocess.Popen(
            [
                args.chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                f"--remote-debugging-port={port}",
                f"--user-data-dir={folder}/profile",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for_devtools(port)
            # The server's first load of the atlas would count as the page's own time.
            _run_lighthouse(args.lighthouse, args.url, port, False, Path(folder) / "warm.json")
            result = {
                "url": args.url,
                "first_visit": _run_lighthouse(
                    args.lighthouse, args.url, port, False, Path(folder) / "first.json"
                ),
                "repeat_visit": _run_lighthouse(
                    args.lighthouse, args.url, port, True, Path(folder) / "repeat.json"
                ),
            }
        finally:
            chromium.terminate()
            chromium.wait(timeout=10)
    json.dump(result, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
