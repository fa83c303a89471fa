"""Each benchmark's --quick mode runs and prints its figures in the documented format.

Timings are not checked (they depend on the machine); the format, the set of pages, the query
counts being measured and the absence of errors are.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE_LINE = re.compile(
    r"^page=(?P<page>\w+) rows=(?P<rows>\d+) queries=(?P<queries>\d+) "
    r"median_ms=\d+\.\d\d p95_ms=\d+\.\d\d ratio=\d+\.\d\d "
    r"cold_median_ms=\d+\.\d\d cold_ratio=\d+\.\d\d$"
)
LOAD_LINE = re.compile(
    r"^page=today clients=(?P<clients>\d+) duration_s=[\d.]+ requests=(?P<requests>\d+) "
    r"rps=[\d.]+ p50_ms=[\d.]+ p99_ms=[\d.]+ errors=(?P<errors>\d+)$"
)

pytestmark = pytest.mark.slow


def run(command: list[str]) -> list[str]:
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.splitlines()


LIST_PAGES = {"applications", "applications_search", "applications_filtered"}


def test_pages_benchmark_quick_prints_one_line_per_page_and_size():
    lines = run([sys.executable, "bench/pages.py", "--quick"])
    figures = [PAGE_LINE.match(line) for line in lines if line.startswith("page=")]
    assert figures and all(figures), lines

    pages_by_size: dict[str, set[str]] = {}
    for figure in figures:
        pages_by_size.setdefault(figure["rows"], set()).add(figure["page"])
        assert int(figure["queries"]) >= 1
    expected = {"baseline", "today", "board", "interview_detail", *LIST_PAGES}
    # The last size times the applications list alone (10,000 applications in a full run).
    assert pages_by_size == {"2": expected, "5": expected, "8": {"baseline", *LIST_PAGES}}
    assert all(line.startswith(("page=", "# ")) for line in lines), lines


def test_load_benchmark_quick_serves_the_today_page_without_errors():
    lines = run(["bash", "bench/load.sh", "--quick"])
    [figure] = [LOAD_LINE.match(line) for line in lines if line.startswith("page=")]
    assert figure, lines
    assert figure["clients"] == "4"
    assert int(figure["requests"]) > 0
    assert figure["errors"] == "0"
