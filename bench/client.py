"""A small HTTP client over http.client: a browser-like session (cookies, CSRF, htmx) and tokens.

One connection per request (`Connection: close`) keeps it simple and thread-safe; on loopback a
connect costs tens of microseconds.
"""

from __future__ import annotations

import http.client
import itertools
import json
import re
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float
    cookies: dict[str, str] = field(default_factory=dict)


def _cookies(raw: list[tuple[str, str]]) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in raw:
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            key, _, val = pair.partition("=")
            found[key.strip()] = val.strip().strip('"')
    return found


def request(
    base: str,
    method: str,
    path: str,
    *,
    body: bytes | BinaryIO | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 600,
    sink: Callable[[bytes], None] | None = None,
) -> Response:
    """One request. With `sink`, the body is handed over in chunks as it arrives, not kept."""
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    sent = {"Connection": "close", **(headers or {})}
    started = time.perf_counter()
    try:
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        if sink is None:
            data = response.read()
        else:
            data = b""
            while chunk := response.read(1 << 16):
                sink(chunk)
        seconds = time.perf_counter() - started
        raw_headers = response.getheaders()
        return Response(
            response.status,
            {k.lower(): v for k, v in raw_headers},
            data,
            seconds,
            _cookies(raw_headers),
        )
    finally:
        conn.close()


def token(base: str, username: str, password: str) -> str:
    r = request(
        base,
        "POST",
        "/api/v1/auth/token/",
        body=json.dumps({"username": username, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
    )
    if r.status != 200:
        raise RuntimeError(f"token for {username}: HTTP {r.status} {r.body[:200]!r}")
    return json.loads(r.body)["token"]


_CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class RoundRobin:
    """Several web instances behind one address, as a load balancer spreads requests: each
    request goes to the next instance. Sessions live in the database, so any instance serves
    any session."""

    def __init__(self, bases: list[str]) -> None:
        self.bases = list(bases)
        self._next = itertools.cycle(self.bases)
        self._lock = threading.Lock()

    def pick(self) -> str:
        with self._lock:
            return next(self._next)


class Session:
    """Logged in through the login form, as a browser is; sends CSRF and HX-Request like htmx.
    `base` is one server, or a RoundRobin over several."""

    def __init__(self, base: str | RoundRobin, username: str, password: str) -> None:
        self._base = base
        self.cookies: dict[str, str] = {}
        page = self.get("/login/")
        match = _CSRF_INPUT.search(page.body)
        if match is None:
            raise RuntimeError("no CSRF token on the login page")
        form = {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": match[1].decode(),
        }
        r = self.post("/login/", form, htmx=False)
        if r.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login as {username} failed: HTTP {r.status}")

    @property
    def base(self) -> str:
        return self._base.pick() if isinstance(self._base, RoundRobin) else self._base

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = dict(extra or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def _keep(self, r: Response) -> Response:
        self.cookies.update(r.cookies)
        return r

    def get(self, path: str, *, htmx: bool = False) -> Response:
        headers = {"HX-Request": "true"} if htmx else {}
        return self._keep(request(self.base, "GET", path, headers=self._headers(headers)))

    def post(self, path: str, data: dict[str, object], *, htmx: bool = True) -> Response:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if "csrftoken" in self.cookies:
            headers["X-CSRFToken"] = self.cookies["csrftoken"]
        if htmx:
            headers["HX-Request"] = "true"
        body = urllib.parse.urlencode({k: str(v) for k, v in data.items()}).encode()
        return self._keep(
            request(self.base, "POST", path, body=body, headers=self._headers(headers))
        )
