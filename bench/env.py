"""The benchmark's surroundings: its own database, the machine's description, gunicorn."""

from __future__ import annotations

import os
import platform
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DB", "newsannot_bench")
DATABASE_URL = f"{PG}/{DB_NAME}"


def django_env(database_url: str = DATABASE_URL) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=database_url,
        SECURE_COOKIES="0",
        LOG_LEVEL="WARNING",
    )
    return env


def recreate_database() -> None:
    """Drop and create the benchmark's own database (never any other)."""
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=django_env(),
        check=True,
    )


def _first(path: str, prefix: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"


def machine() -> dict[str, str]:
    mem_kb = _first("/proc/meminfo", "MemTotal")
    mem = f"{int(mem_kb.split()[0]) / 1024 / 1024:.1f} GiB" if mem_kb != "?" else "?"
    with psycopg.connect(DATABASE_URL) as conn:
        pg = conn.execute("SHOW server_version").fetchone()[0]
    commit = os.environ.get("BENCH_COMMIT", "")
    if not commit:
        try:
            commit = subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
            ).stdout.strip()
        except OSError:
            commit = "?"
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout
        if status.strip():
            commit += " + uncommitted changes in the working tree"
    return {
        "CPU": _first("/proc/cpuinfo", "model name"),
        "Cores": str(os.cpu_count()),
        "Memory": mem,
        "OS": f"{platform.system()} {platform.release()}",
        "PostgreSQL": pg,
        "Python": platform.python_version(),
        "Commit": commit,
    }


def pg_started(wait: float = 120) -> str:
    """When PostgreSQL last started (waiting for it if it is down): a restart mid-run shows."""
    deadline = time.monotonic() + wait
    while True:
        try:
            with psycopg.connect(f"{PG}/postgres", connect_timeout=5) as conn:
                return str(conn.execute("SELECT pg_postmaster_start_time()").fetchone()[0])
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(2)


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """A gunicorn we started, on loopback; stopped by its own pid."""

    def __init__(
        self, *, workers: int = 1, threads: int = 4, database_url: str = DATABASE_URL
    ) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        OUT.mkdir(parents=True, exist_ok=True)
        self.log = open(OUT / "gunicorn.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "newsannot.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--worker-class",
                "gthread",
                "--timeout",
                "600",
                "--backlog",
                "512",
            ],
            cwd=ROOT,
            env=django_env(database_url),
            stdout=self.log,
            stderr=self.log,
        )
        self.workers = workers
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {OUT / 'gunicorn.log'}")
            try:
                with urllib.request.urlopen(self.base + "/login/", timeout=5) as response:
                    if response.status == 200 and len(self.worker_pids()) >= self.workers:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def worker_pids(self) -> list[int]:
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        try:
            return [int(p) for p in path.read_text().split()]
        except OSError:
            return []

    def peak_rss_mb(self) -> float:
        """The largest VmHWM (peak resident set) over the workers, in MB."""
        peak = 0.0
        for pid in self.worker_pids():
            value = _first(f"/proc/{pid}/status", "VmHWM")
            if value != "?":
                peak = max(peak, int(value.split()[0]) / 1024)
        return peak

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()

    def __enter__(self) -> Gunicorn:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class Worker:
    """A background worker we started (`manage.py worker`), stopped by its own pid."""

    def __init__(self, name: str = "worker") -> None:
        OUT.mkdir(parents=True, exist_ok=True)
        self.log = open(OUT / f"{name}.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--interval", "0.2", "--no-reload"],
            cwd=ROOT,
            env=django_env(),
            stdout=self.log,
            stderr=self.log,
        )

    def kill(self) -> None:
        """SIGKILL: no chance to finish or clean up, as when a machine dies."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
