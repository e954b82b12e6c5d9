"""Browser tests: Playwright drives Debian's Chromium against Django's live server, and every
page visited is checked with axe-core for serious or critical accessibility failures."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make to set
# up their data are still synchronous, so Django's async-safety guard is relaxed for them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("HEARTH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
AXE_SOURCE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server) -> Page:
    context = chromium.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page as it stands and fail on serious or critical violations."""
    page.add_script_tag(content=AXE_SOURCE.read_text())
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == [], f"Accessibility failures on {page.url}:\n" + "\n".join(serious)
