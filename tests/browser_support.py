"""The browser the browser tests drive: Debian's chromium through Playwright.

Shared by every test module (conftest.py imports the fixture). Without a browser
the tests are skipped with a message saying how to install one; when the CI
variable is set they fail instead, since CI must run them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - reported by the chromium fixture
    sync_playwright = None

DEFAULT_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def unavailable(message: str) -> None:
    """Skip, or fail where CI must run the browser tests."""
    if in_ci():
        pytest.fail(f"{message} (CI is set, so the browser tests must run)", pytrace=False)
    pytest.skip(message)


def find_chromium() -> tuple[str | None, str]:
    """The browser to drive (CHROMIUM, else Debian's), or None and why not."""
    configured = os.environ.get("CHROMIUM")
    if configured:
        path = Path(configured)
        if path.is_file() and os.access(path, os.X_OK):
            return str(path), ""
        return None, f"CHROMIUM={configured} is not an executable file"
    if DEFAULT_CHROMIUM.is_file():
        return str(DEFAULT_CHROMIUM), ""
    return None, f"no {DEFAULT_CHROMIUM} and CHROMIUM is not set"


@pytest.fixture(scope="session")
def chromium():
    """One browser for the whole session."""
    executable, why = find_chromium()
    if executable is None:
        unavailable(
            f"no browser for the browser tests ({why}): install Debian's chromium with "
            "`apt-get install chromium` (after `apt-get update`), or set CHROMIUM to a "
            "chromium executable"
        )
    if sync_playwright is None:
        unavailable("the browser tests need Playwright: `pip install playwright`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


