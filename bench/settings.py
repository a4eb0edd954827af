"""Production settings as deployed, with what a loopback benchmark needs on top.

Plain http on 127.0.0.1 (no secure cookies), static files served from the source tree by
WhiteNoise's finders (no collectstatic into the repository), quiet logs, the test client's host.
"""

import os
import warnings

os.environ.setdefault("SECRET_KEY", "bench-only-key-not-secret-" + "x" * 32)
os.environ.setdefault("LOG_LEVEL", "WARNING")

from newsannot.settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False
AXES_ENABLED = False  # login throttling would count 55 simulated users as one attacker

# Static files come from the finders; the missing STATIC_ROOT is expected here.
warnings.filterwarnings("ignore", message="No directory at")
