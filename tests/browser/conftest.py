"""Headless Debian Chromium driven by Playwright, against pytest-django's live server."""

from __future__ import annotations

import os
import shutil
import time

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around it
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# What the page did, with times, kept in the tab (sessionStorage: it outlives the page's
# navigations) and shown beside a failure: a test that fails once in CI under load is diagnosed
# from this alone (which request settled when, where focus was at each key).
TRACE_JS = """
(() => {
  const KEY = "newsannot-trace";
  let log = [];
  try { log = JSON.parse(sessionStorage.getItem(KEY) || "[]"); } catch (e) { log = []; }
  log.push(Date.now() + " page " + location.pathname + location.search);
  const name = el => !el || !el.tagName ? String(el) : el.tagName.toLowerCase()
    + (el.id ? "#" + el.id : "")
    + (el.dataset && el.dataset.span ? "[data-span=" + el.dataset.span + "]" : "")
    + (el.className && typeof el.className === "string"
       ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const add = line => {
    log.push(Date.now() + " " + line);
    if (log.length > 600) log.splice(0, log.length - 600);
  };
  window.__trace = () => log;
  addEventListener("pagehide", () => {
    try { sessionStorage.setItem(KEY, JSON.stringify(log)); } catch (e) {}
  });
  for (const type of ["htmx:beforeRequest", "htmx:afterRequest", "htmx:beforeSwap",
                      "htmx:afterSwap", "htmx:afterSettle", "htmx:responseError",
                      "htmx:sendError", "htmx:timeout", "htmx:abort"]) {
    document.addEventListener(type, e => {
      const d = e.detail || {}, c = d.requestConfig || {};
      add(type.slice(5) + " " + name(d.elt) + " " + (c.verb || "") + " " + (c.path || "")
        + (d.xhr && type !== "htmx:beforeRequest" ? " status " + d.xhr.status : "")
        + " focus " + name(document.activeElement));
    }, true);
  }
  document.addEventListener("keydown", e => add("key " + e.key + " on " + name(e.target)), true);
  document.addEventListener("focusin", e => add("focusin " + name(e.target)), true);
  document.addEventListener("focusout", e => add("focusout " + name(e.target)), true);
  addEventListener("error", e => add("error " + e.message));
})();
"""


# BROWSER_SLOW=1: every request of the page's leaves up to 300 ms late and htmx settles 150 ms
# after a swap (20 ms in the app), in a different order each time: the races a busy CI machine
# or a slow network makes now and then, made often, to find a flaky test before CI does.
SLOW_JS = """
(() => {
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (body) {
    setTimeout(() => send.call(this, body), Math.random() * 300);
  };
  document.addEventListener("htmx:load", () => { htmx.config.defaultSettleDelay = 150; },
                            { once: true });
})();
"""


def _new_page(browser, live_server, *, bypass_csp: bool):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1400, "height": 900}, bypass_csp=bypass_csp
    )
    context.add_init_script(TRACE_JS)
    if os.environ.get("BROWSER_SLOW"):
        context.add_init_script(SLOW_JS)
    page = context.new_page()
    page.set_default_timeout(10_000)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs  # hostile-content tests assert this stays empty
    # The server's side of the same story, on the same clock as the page's lines.
    trace: list[str] = []
    now = lambda: int(time.time() * 1000)  # noqa: E731

    def request(what: str):
        def add(r) -> None:
            if "/static/" not in r.url:  # the page's own files: noise in the story
                failure = f" {r.failure}" if what == "failed" else ""
                trace.append(f"{now()} {what} {r.method} {r.url}{failure}")

        return add

    for event in ("request", "requestfinished", "requestfailed"):
        page.on(event, request(event.removeprefix("request") or "request"))
    page.on("console", lambda m: trace.append(f"{now()} console {m.type} {m.text}"))
    page.on("pageerror", lambda e: trace.append(f"{now()} pageerror {e}"))
    page.trace = trace
    return context, page


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A browser test's failure comes with the page's trace (TRACE_JS and the requests)."""
    report = yield
    if report.when == "call" and report.failed:
        for fixture in ("page", "strict_page"):
            page = item.funcargs.get(fixture)
            if page is None or not hasattr(page, "trace"):
                continue
            lines = list(page.trace)
            try:
                lines += page.evaluate("window.__trace ? window.__trace() : []")
            except Exception as error:  # the page may be gone or stuck: its trace is a bonus
                lines.append(f"(the page's own trace could not be read: {error})")
            lines.sort(key=lambda line: int(line.split(" ", 1)[0]))
            report.sections.append((f"browser trace ({fixture})", "\n".join(lines)))
    return report


@pytest.fixture
def page(browser, live_server):
    """A page with the Content Security Policy bypassed: Playwright's own helpers (e.g.
    wait_for_function) evaluate strings in the page, which our policy forbids. Escaping must
    hold without the policy's help anyway; tests/browser/test_csp.py runs with it enforced."""
    context, page = _new_page(browser, live_server, bypass_csp=True)
    yield page
    context.close()


@pytest.fixture
def strict_page(browser, live_server):
    """A page with the Content Security Policy enforced; `csp_errors` collects violations."""
    context, page = _new_page(browser, live_server, bypass_csp=False)
    errors: list[str] = []
    page.on(
        "console",
        lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.csp_errors = errors
    yield page
    context.close()


def login(page, username: str, password: str) -> None:
    """Log in through the real form, as a person would."""
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)
