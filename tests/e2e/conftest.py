"""End-to-end tests in a real browser: Debian's chromium driven by Playwright, against pytest-django's live server.

Skipped, with the reason, where no Chromium is installed (the browser download of Playwright does not work here).
"""

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SKIP_REASON = "Chromium not installed: apt-get install chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    for item in items:
        if HERE in Path(item.fspath).resolve().parents:
            item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


@pytest.fixture
def browser(monkeypatch):
    """A headless Chromium for one test. Playwright's sync API runs an event loop in this thread, so Django's
    async-safety check has to be lifted for the test's own ORM calls (fixtures, assertions)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # Connections opened while Playwright's loop ran belong to its context: close them here, or one would be
        # left open and block dropping the test database.
        from django.db import connections

        connections.close_all()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(accept_downloads=True, locale="zh-CN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def log_in(page, username, password, next_path="/"):
    """Log in through the login form, as a user would."""
    page.goto(f"/accounts/login/?next={next_path}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{next_path.split('?')[0]}**")
