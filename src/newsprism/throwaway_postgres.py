"""A throwaway PostgreSQL server for tests and benchmarks: Debian's postgresql package
(or any PostgreSQL on PATH) started on a free local port in a temporary folder, with
trusted local logins and no fsync, removed afterwards.

    with throwaway_server() as base_url:      # "postgresql://newsprism@127.0.0.1:PORT"
        url = new_database(base_url)          # base_url + "/np_<hex>"

Raises :class:`Unavailable` (with the reason) where no server can be started: no
binaries, or root without a ``postgres`` user to run it as (initdb refuses root).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["Unavailable", "new_database", "throwaway_server"]

USER = "newsprism"


class Unavailable(RuntimeError):
    """No PostgreSQL server can be started here; the message says why."""


def _binaries() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return versions[-1].parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def throwaway_server() -> Iterator[str]:
    """A running server's base URL (no database part), stopped and deleted on exit."""
    binaries = _binaries()
    if binaries is None:
        raise Unavailable("PostgreSQL is not installed (Debian: apt-get install postgresql)")
    # not under a folder closed to other users (pytest's is): the server may run as postgres
    root = Path(tempfile.mkdtemp(prefix="newsprism-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: run the server as the package's own user
        if shutil.which("runuser") is None:
            raise Unavailable("running as root without runuser to start the server as postgres")
        try:
            shutil.chown(root, "postgres")
        except LookupError as exc:
            raise Unavailable("running as root and there is no postgres user to run the server as") from exc
        as_user = ["runuser", "-u", "postgres", "--"]
    data = root / "data"
    try:
        init = subprocess.run([*as_user, str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", USER,
                               "-E", "UTF8", "--locale=C.UTF-8"], capture_output=True, text=True)
        if init.returncode != 0:
            raise Unavailable(f"initdb failed ({init.stderr.strip()[-300:]})")
        port = _free_port()
        start = subprocess.run([*as_user, str(binaries / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"),
                                "-w", "-o", f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
                                            "-c synchronous_commit=off -c full_page_writes=off", "start"],
                               capture_output=True, text=True)
        if start.returncode != 0:
            raise Unavailable(f"the server did not start ({start.stderr.strip()[-300:]})")
        try:
            yield f"postgresql://{USER}@127.0.0.1:{port}"
        finally:
            subprocess.run([*as_user, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                           capture_output=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def new_database(base_url: str) -> str:
    """A new empty database on the server at ``base_url``; its URL."""
    import psycopg

    name = f"np_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{base_url}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"{base_url}/{name}"


def drop_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
