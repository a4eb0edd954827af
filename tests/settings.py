"""Settings for the test suite: production settings with a throwaway key and fast hashing."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-key-not-secret-" + "x" * 32)

from newsannot.settings import *  # noqa: F403

# Login throttling is tested on its own (tests/test_security.py); elsewhere it would only get in
# the way of tests that log in through the test client.
AXES_ENABLED = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Browser tests talk to a live server over plain http on 127.0.0.1.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Uploaded job payloads go to a temporary folder, not the checkout.
MEDIA_ROOT = os.environ.get("MEDIA_ROOT") or tempfile.mkdtemp(prefix="newsannot-test-media-")

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # The browser tests' live server answers a page's overlapping requests (a save and the
    # suggestions panel's load) from several threads. An in-memory test database is shared
    # between them with table locks SQLite never waits for ("database table is locked": a 503,
    # a lost save, the flaky boundary test); a file, as the app runs on, waits (WAL, timeout).
    _test_db = os.path.join(tempfile.mkdtemp(prefix="newsannot-test-db-"), "test.sqlite3")
    DATABASES["default"]["TEST"] = {"NAME": _test_db}  # noqa: F405

# A second alias standing in for a read replica (tests/test_replicas.py turns it on with
# DATABASE_REPLICA_URL; elsewhere the router leaves it alone).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
