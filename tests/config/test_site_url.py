"""Absolute links follow the port the app is served on (issue 15)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.site_url import default_site_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("argv", "port", "debug", "expected"),
    [
        (["manage.py", "check"], "", True, "http://127.0.0.1:8000"),
        (["manage.py", "check"], "46781", True, "http://127.0.0.1:46781"),
        (["manage.py", "runserver"], "", True, "http://127.0.0.1:8000"),
        (["manage.py", "runserver", "8123"], "", True, "http://127.0.0.1:8123"),
        (
            ["manage.py", "runserver", "127.0.0.1:8123", "--noreload"],
            "",
            True,
            "http://127.0.0.1:8123",
        ),
        (
            ["manage.py", "runserver", "--noreload", "localhost:8124"],
            "",
            True,
            "http://localhost:8124",
        ),
        (["manage.py", "runserver", "0.0.0.0:8125"], "", True, "http://127.0.0.1:8125"),
        # The runserver address wins over PORT: it is what the browser talks to.
        (["manage.py", "runserver", "127.0.0.1:8126"], "9000", True, "http://127.0.0.1:8126"),
        # Outside debug runserver is not how the site is reached; PORT (or 8000) stays.
        (["manage.py", "runserver", "8127"], "", False, "http://127.0.0.1:8000"),
        (["celery", "-A", "config", "worker"], "46782", True, "http://127.0.0.1:46782"),
    ],
)
def test_default_site_url(argv, port, debug, expected):
    assert default_site_url(argv=argv, port=port, debug=debug) == expected


PROBE = """
import django, json
django.setup()
from django.conf import settings
from django.urls import reverse
from reminders.tokens import absolute
print(json.dumps({"site_url": settings.SITE_URL, "link": absolute("today")}))
"""


def _run_env(*make_args):
    out = subprocess.run(
        ["make", "-s", "--no-print-directory", "run-env", *make_args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(pair.split("=", 1) for pair in out.stdout.split())


def _settings_under(run_env, tmp_path):
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_URL", "CELERY_", "EMAIL_", "DJANGO_", "SITE_URL", "PORT"))
    }
    environment.update(
        run_env, DJANGO_SETTINGS_MODULE="config.settings", AFTERVIEW_VAR_DIR=str(tmp_path)
    )
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_make_run_port_gives_links_on_that_port(tmp_path):
    run_env = _run_env("PORT=46781")
    assert run_env["PORT"] == "46781"
    probe = _settings_under(run_env, tmp_path)
    assert probe["site_url"] == "http://127.0.0.1:46781"
    assert probe["link"] == "http://127.0.0.1:46781/today/"


@pytest.mark.slow
def test_make_run_keeps_a_given_site_url(tmp_path):
    probe = _settings_under(_run_env("PORT=46781", "SITE_URL=https://jobs.example.org"), tmp_path)
    assert probe["link"] == "https://jobs.example.org/today/"
