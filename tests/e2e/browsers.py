"""Which Chromium the browser tests drive: Debian's, else Playwright's own, else none (skip).

`make test` tries `playwright install chromium` first when /usr/bin/chromium is missing (it may
fail quietly offline); whatever is found here decides whether the browser tests run.
"""

import functools
import os
from dataclasses import dataclass
from pathlib import Path

SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@dataclass(frozen=True)
class Chromium:
    executable: Path | None  # None: Playwright's own browser, which it finds itself
    why_missing: str = ""

    @property
    def available(self) -> bool:
        return not self.why_missing

    def launch_options(self) -> dict:
        """Keyword arguments of `playwright.chromium.launch`."""
        options: dict = {"args": LAUNCH_ARGS}
        if self.executable is not None:
            options["executable_path"] = str(self.executable)
        return options


def _playwright_own() -> bool:
    """Whether Playwright's bundled Chromium is installed (`playwright install chromium`)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return False
    try:
        with sync_playwright() as playwright:
            return Path(playwright.chromium.executable_path).exists()
    except Exception:  # no driver, or a half-installed browser: treat as absent
        return False


@functools.cache
def find_chromium() -> Chromium:
    """AFTERVIEW_CHROMIUM if set, else Debian's Chromium, else Playwright's own."""
    override = os.environ.get("AFTERVIEW_CHROMIUM", "")
    if override:
        path = Path(override)
        return Chromium(path, "" if path.exists() else f"AFTERVIEW_CHROMIUM={override} is missing")
    if SYSTEM_CHROMIUM.exists():
        return Chromium(SYSTEM_CHROMIUM)
    if _playwright_own():
        return Chromium(None)
    return Chromium(
        None,
        f"needs Chromium: {SYSTEM_CHROMIUM} (apt-get install chromium) or Playwright's own "
        "(.venv/bin/playwright install chromium, which `make test` tries; it needs the network)",
    )
