"""`python -m bench [--quick]`: build a corpus in its own PostgreSQL database, measure, report.

Writes bench/RESULTS.md (and prints it). Exits non-zero if an export is incomplete, an import
stores other than what was sent, or an acknowledged write is missing afterwards.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from bench import env


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="CI-sized: a few minutes")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated: export,sqlite,formats,import,rules,annotate,actions,load,scale",
    )
    parser.add_argument("--load-seconds", type=float, default=None)
    parser.add_argument("--output", default=str(env.ROOT / "bench" / "RESULTS.md"))
    parser.add_argument(
        "--snapshot",
        action="store_true",
        help="measure the last commit (git archive HEAD into a temporary directory), not the "
        "working tree, which others may be editing",
    )
    args = parser.parse_args()
    if args.snapshot:
        return _run_snapshot()

    os.environ.update(env.django_env())
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop, sync ORM
    started = time.monotonic()
    load_before = env.loadavg()
    pg_started = env.pg_started()
    print(f"Creating database {env.DB_NAME} and migrating …", flush=True)
    env.recreate_database()

    import django

    django.setup()
    from bench import runner

    only = {s.strip() for s in args.only.split(",") if s.strip()}
    report = runner.Report(quick=args.quick, machine=env.machine(), load_before=load_before)
    try:
        runner.run_all(report, quick=args.quick, only=only, load_seconds=args.load_seconds)
    except Exception:
        report.failures.append(traceback.format_exc())
    report.load_after = env.loadavg()
    if env.pg_started() != pg_started:
        report.failures.append(
            "PostgreSQL restarted during the run (not by the benchmark): the numbers are suspect."
        )
    report.minutes = (time.monotonic() - started) / 60
    text = report.markdown()
    Path(args.output).write_text(text)
    print(text)
    if report.failures:
        print("FAILED:", *report.failures, sep="\n", file=sys.stderr)
        return 1
    return 0


def _run_snapshot() -> int:
    target = Path(tempfile.mkdtemp(prefix="newsannot-bench-"))
    archive = subprocess.run(
        ["git", "archive", "HEAD"], cwd=env.ROOT, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    (target / ".venv").symlink_to(env.ROOT / ".venv")
    argv = [a for a in sys.argv[1:] if a != "--snapshot"]
    if not any(a.startswith("--output") for a in argv):
        argv += ["--output", str(env.ROOT / "bench" / "RESULTS.md")]
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=env.ROOT, capture_output=True, text=True
    ).stdout.strip()
    print(f"Measuring the last commit ({commit}), unpacked in {target}", flush=True)
    try:
        return subprocess.run(
            [sys.executable, "-m", "bench", *argv],
            cwd=target,
            env={**os.environ, "BENCH_COMMIT": f"{commit} (snapshot of HEAD)"},
        ).returncode
    finally:
        shutil.rmtree(target, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
