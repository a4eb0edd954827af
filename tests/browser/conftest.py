"""Headless Debian Chromium driven by Playwright, against pytest-django's live server."""

from __future__ import annotations

import os
import shutil

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


def _new_page(browser, live_server, *, bypass_csp: bool):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1400, "height": 900}, bypass_csp=bypass_csp
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs  # hostile-content tests assert this stays empty
    return context, page


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
