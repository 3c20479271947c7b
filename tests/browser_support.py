"""The browser the browser tests drive: Debian's chromium through Playwright.

Shared by every test module (conftest.py imports the fixtures): the browser, the real
site built once and served from file:// and from 127.0.0.1, and a tab whose requests
and errors are logged. Without a browser the tests are skipped with a message saying
how to install one; when the CI variable is set they fail instead, since CI must run them.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - reported by the chromium fixture
    sync_playwright = None

ROOT = Path(__file__).resolve().parents[1]
VIEWPORT = {"width": 1280, "height": 900}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
LOCAL_SCHEMES = {"file", "data", "blob", "about"}

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


# ------------------------------------------------------- the site in the browser


def axe_script() -> Path | None:
    try:
        import axe_playwright_python
    except ImportError:
        return None
    path = Path(axe_playwright_python.__file__).with_name("axe.min.js")
    return path if path.is_file() else None


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return False
    return parts.hostname not in LOCAL_HOSTS


def build_real_site(site: Path, *options: str, env: dict | None = None,
                    timeout: float = 300) -> str:
    """The real site built into `site` in a subprocess (so no plugin state leaks), with
    this checkout's plugin first on the path whatever copy of it is installed; returns
    what the build printed."""
    path = os.pathsep.join(filter(None, [str(ROOT / "plugins"), os.environ.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *options, "-f", str(ROOT / "mkdocs.yml"),
         "-d", str(site)],
        cwd=ROOT, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "PYTHONPATH": path, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once for the browser tests."""
    site = tmp_path_factory.mktemp("browser") / "site"
    build_real_site(site, "-q")
    return site


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def http_root(built_site):
    """The built site served on 127.0.0.1, on a free port, for the whole session."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="session", params=["file", "http"])
def origin(request, chromium, built_site) -> str:
    """The site root URL (ending in /): file:// or http://127.0.0.1.

    It asks for the browser first, so that without one nothing is built.
    """
    if request.param == "file":
        return built_site.as_uri() + "/"
    return request.getfixturevalue("http_root")


@dataclass
class PageLog:
    """What one browser page did: requests, console errors, page errors."""

    page: object
    label: str = ""
    requests: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    inflight: set = field(default_factory=set)
    last_activity: float = field(default_factory=time.monotonic)

    @classmethod
    def attach(cls, page) -> PageLog:
        log = cls(page)
        page.on("request", log._request)
        page.on("requestfinished", log._done)
        page.on("requestfailed", log._done)
        page.on("console", log._console)
        page.on("pageerror", lambda error: log.errors.append((log.label, f"pageerror: {error}")))
        return log

    def _request(self, request) -> None:
        self.requests.append((self.label, request.url))
        self.inflight.add(request)
        self.last_activity = time.monotonic()

    def _done(self, request) -> None:
        self.inflight.discard(request)
        self.last_activity = time.monotonic()

    def _console(self, message) -> None:
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            self.errors.append((self.label, f"console error: {message.text} [{where}]"))

    def goto(self, url: str, label: str, settle: bool = True) -> None:
        self.label = label
        self.page.goto(url, wait_until="load")
        if settle:
            self.settle()

    def settle(self, quiet: float = 0.1, limit: float = 8.0) -> None:
        """Wait until no request has been in flight for `quiet` seconds."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            if not self.inflight and time.monotonic() - self.last_activity >= quiet:
                return
            self.page.wait_for_timeout(50)

    def external(self) -> list[tuple[str, str]]:
        return [(label, url) for label, url in self.requests if is_external(url)]

    def assert_offline(self) -> None:
        external = self.external()
        for label, url in external:
            print(f"EXTERNAL REQUEST from {label}: {url}")
        assert not external, f"{len(external)} request(s) left the machine: {external}"


@pytest.fixture
def tab(chromium):
    """A fresh browser context and page for one test, its activity logged."""
    context = chromium.new_context(viewport=VIEWPORT)
    context.set_default_timeout(15_000)
    log = PageLog.attach(context.new_page())
    yield log
    context.close()


def site_pages(site: Path) -> list[str]:
    """Every built page in both languages (no 404, search or sitemap files), from the root."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if path.name == "404.html" or path.name.startswith(("search", "sitemap")):
            continue
        if "search" in relative.split("/")[:-1]:
            continue
        pages.append(relative)
    return pages


def page_of(url: str, root: str) -> str | None:
    """The page of the site a URL shows (path from the root, no query or fragment)."""
    parts = urlsplit(url)
    bare = unquote(parts._replace(query="", fragment="").geturl())
    base = unquote(root)
    return bare[len(base):] if bare.startswith(base) else None


def relative_to_root(url: str, root: str) -> str:
    relative = page_of(url, root)
    assert relative is not None, f"{url} is not a page of the site at {root}"
    return relative
