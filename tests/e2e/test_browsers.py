"""Finding a Chromium for the browser tests, and skipping with the reason when there is none."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e import browsers

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fresh(monkeypatch):
    browsers.find_chromium.cache_clear()
    monkeypatch.delenv("AFTERVIEW_CHROMIUM", raising=False)
    yield monkeypatch
    browsers.find_chromium.cache_clear()


@pytest.mark.parametrize(
    ("system", "own", "expected_executable", "available"),
    [
        (True, False, "system", True),
        (True, True, "system", True),  # Debian's first: CI and this machine use it
        (False, True, None, True),  # Playwright's own: it finds its executable itself
        (False, False, None, False),
    ],
)
def test_which_chromium(fresh, tmp_path, system, own, expected_executable, available):
    system_path = tmp_path / "chromium"
    if system:
        system_path.touch()
    fresh.setattr(browsers, "SYSTEM_CHROMIUM", system_path)
    fresh.setattr(browsers, "_playwright_own", lambda: own)
    chromium = browsers.find_chromium()
    assert chromium.available is available
    assert chromium.executable == (system_path if expected_executable == "system" else None)
    if not available:
        assert "apt-get install chromium" in chromium.why_missing
        assert "playwright install chromium" in chromium.why_missing
    options = chromium.launch_options()
    assert ("executable_path" in options) is (expected_executable == "system")


def test_a_missing_override_says_so(fresh):
    fresh.setenv("AFTERVIEW_CHROMIUM", "/nowhere/chromium")
    assert browsers.find_chromium().why_missing == "AFTERVIEW_CHROMIUM=/nowhere/chromium is missing"


@pytest.mark.slow
def test_without_a_browser_the_browser_tests_skip_with_the_reason():
    env = {**os.environ, "AFTERVIEW_CHROMIUM": "/nowhere/chromium"}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:xdist",
            "-q",
            "-rs",
            "--no-header",
            "tests/e2e/test_mailbox.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "1 skipped" in out.stdout
    assert "AFTERVIEW_CHROMIUM=/nowhere/chromium is missing" in out.stdout
