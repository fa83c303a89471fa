"""The Python half of bench/load.sh: prepare a database, run the clients, drop the database.

    load.py prepare --size N --workdir DIR   prints shell assignments LOAD_DATABASE_URL, LOAD_COOKIE
    load.py run --url URL --cookie C --clients N --duration S
    load.py drop --database-url URL
    load.py free-port

The clients are threads with plain http.client, one new connection per request as gunicorn's
sync workers close each one; every answer other than 200 counts as an error.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shlex
import socket
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # importable thanks to the path above
    create_user,
    percentile,
    seed_applications,
    setup_django,
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def load_database_url(base_url: str, workdir: Path) -> str:
    """A database of the load test's own next to the configured one (SQLite: in `workdir`)."""
    if base_url.startswith(("postgres", "pgsql")):
        parts = urlsplit(base_url)
        return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_load"))
    return f"sqlite:///{workdir / 'load.sqlite3'}"


def _postgres_admin(database_url: str):
    """A connection to the server's maintenance database, for CREATE/DROP DATABASE."""
    import psycopg

    parts = urlsplit(database_url)
    conninfo = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    return psycopg.connect(conninfo, autocommit=True), parts.path.lstrip("/")


def drop_database(database_url: str) -> None:
    if not database_url.startswith(("postgres", "pgsql")):
        return
    admin, name = _postgres_admin(database_url)
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def prepare(size: int, workdir: Path) -> None:
    """Create and migrate the database, seed one user, and print a logged-in session cookie."""
    url = load_database_url(os.environ.get("DATABASE_URL", ""), workdir)
    if url.startswith(("postgres", "pgsql")):
        drop_database(url)
        admin, name = _postgres_admin(url)
        with admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    setup_django("bench.settings_load")

    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    user = create_user("load@example.com")
    seed_applications(user, count=size)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    print(f"LOAD_DATABASE_URL={shlex.quote(url)}")
    print(f"LOAD_COOKIE={shlex.quote(cookie)}")


def run(url: str, cookie: str, clients: int, duration: float) -> None:
    """`clients` threads GET `url` for `duration` seconds; print one line of figures."""
    parts = urlsplit(url)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def client_loop():
        mine, my_errors = [], []
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                connection.request("GET", parts.path, headers={"Cookie": cookie})
                response = connection.getresponse()
                response.read()
                connection.close()
                if response.status != 200:
                    my_errors.append(f"HTTP {response.status}")
                    continue
            except OSError as error:
                my_errors.append(type(error).__name__)
                continue
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)
            errors.extend(my_errors)

    started = time.monotonic()
    threads = [threading.Thread(target=client_loop) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if not latencies:
        print(f"requests=0 errors={len(errors)} first_error={errors[:1]}")
        sys.exit(1)
    print(
        f"page=today clients={clients} duration_s={elapsed:.1f} requests={len(latencies)} "
        f"rps={len(latencies) / elapsed:.1f} p50_ms={statistics.median(latencies):.1f} "
        f"p99_ms={percentile(latencies, 0.99):.1f} errors={len(errors)}"
    )
    if errors:
        print(f"# errors: {sorted(set(errors))}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    prep = commands.add_parser("prepare")
    prep.add_argument("--size", type=int, required=True)
    prep.add_argument("--workdir", type=Path, required=True)
    go = commands.add_parser("run")
    go.add_argument("--url", required=True)
    go.add_argument("--cookie", required=True)
    go.add_argument("--clients", type=int, required=True)
    go.add_argument("--duration", type=float, required=True)
    drop = commands.add_parser("drop")
    drop.add_argument("--database-url", required=True)
    commands.add_parser("free-port")
    args = parser.parse_args(argv)
    if args.command == "prepare":
        prepare(args.size, args.workdir)
    elif args.command == "run":
        run(args.url, args.cookie, args.clients, args.duration)
    elif args.command == "drop":
        drop_database(args.database_url)
    else:
        print(free_port())


if __name__ == "__main__":
    main()
