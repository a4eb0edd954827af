"""What every web and worker process loads: heavy libraries only a few requests use are
imported by those requests, not with the app (pyarrow and numpy took ~65 MB, trafilatura and
lxml ~28 MB, in every process that never wrote parquet or read an HTML file)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LOADED = """
import sys
import django
django.setup()
from django.core.handlers.wsgi import WSGIHandler
from django.urls import get_resolver
WSGIHandler()
get_resolver().url_patterns
print(" ".join(sorted(m for m in ("pyarrow", "numpy", "trafilatura", "lxml") if m in sys.modules)))
"""


def test_the_app_loads_no_parquet_or_html_library():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsannot.settings",
        "DEBUG": "1",
        "SQLITE_PATH": "/tmp/newsannot-imports-check.sqlite3",
    }
    env.pop("DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", LOADED], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
