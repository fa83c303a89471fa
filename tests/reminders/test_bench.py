"""The benchmark runs (`--quick`) and prints its comparison line."""

import os
import re
import subprocess
import sys

import pytest
from django.db import connection

from .conftest import ROOT

LAST_LINE = re.compile(
    r"steps=(?P<steps>\d+) due=(?P<due>\d+) pass_s=[\d.]+ emails_per_s=[\d.]+ "
    r"queries_per_email=(?P<queries>[\d.]+) scaling_ratio=[\d.]+ index_scan=(?P<index>yes|no)"
)


@pytest.mark.slow
def test_quick_benchmark_sends_every_due_reminder_through_the_partial_index():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    run = subprocess.run(
        [sys.executable, "bench/reminders.py", "--quick"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    last = run.stdout.strip().splitlines()[-1]
    match = LAST_LINE.fullmatch(last)
    assert match, last
    assert (match["steps"], match["due"]) == ("5000", "200")
    assert match["index"] == "yes", run.stdout
    assert "step_reminder_due_idx" in run.stdout
    if connection.vendor == "postgresql":
        # Claim, lookups and moving the steps on are per batch; per email: the "sent" mark.
        assert float(match["queries"]) < 1.2
