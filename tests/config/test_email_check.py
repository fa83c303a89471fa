"""Issue 14, item 7: with DJANGO_DEBUG=0 and no EMAIL_URL, mail went to var/mail/ unseen.
Production now refuses to start (system check afterview.E001, also run by config.wsgi for
gunicorn) unless AFTERVIEW_ALLOW_MAILBOX=1 says it is on purpose."""

import subprocess
import sys

import pytest

from .test_settings import CLEAN, PRODUCTION, ROOT


def run(tmp_path, *args, timeout=60, **env):
    environment = {
        **CLEAN,
        **PRODUCTION,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "AFTERVIEW_VAR_DIR": str(tmp_path),
        **env,
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_production_without_email_url_fails_the_system_check(tmp_path):
    result = run(tmp_path, "manage.py", "check", EMAIL_URL="")
    assert result.returncode != 0
    assert "afterview.E001" in result.stderr
    assert "EMAIL_URL" in result.stderr


def test_production_with_a_mailbox_email_url_fails_too(tmp_path):
    result = run(tmp_path, "manage.py", "check", EMAIL_URL="mailbox://")
    assert result.returncode != 0
    assert "afterview.E001" in result.stderr


def test_gunicorns_wsgi_module_refuses_to_load(tmp_path):
    result = run(tmp_path, "-c", "import config.wsgi", EMAIL_URL="")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "afterview.E001" in result.stderr


def test_production_with_smtp_passes(tmp_path):
    result = run(tmp_path, "manage.py", "check", EMAIL_URL="smtp://mail.example.org:587")
    assert result.returncode == 0, result.stderr
    assert "afterview." not in result.stdout + result.stderr
    assert run(tmp_path, "-c", "import config.wsgi", EMAIL_URL="smtp://m:25").returncode == 0


def test_an_explicit_opt_in_keeps_the_mailbox_with_a_loud_warning(tmp_path):
    result = run(tmp_path, "manage.py", "check", EMAIL_URL="", AFTERVIEW_ALLOW_MAILBOX="1")
    assert result.returncode == 0, result.stderr
    assert "afterview.W001" in result.stdout + result.stderr
    opted_in = run(tmp_path, "-c", "import config.wsgi", EMAIL_URL="", AFTERVIEW_ALLOW_MAILBOX="1")
    assert opted_in.returncode == 0, opted_in.stderr


def test_development_keeps_the_mailbox_quietly(tmp_path):
    result = run(tmp_path, "manage.py", "check", DJANGO_DEBUG="1", EMAIL_URL="")
    assert result.returncode == 0, result.stderr
    assert "afterview." not in result.stdout + result.stderr


@pytest.mark.slow
def test_the_celery_worker_refuses_to_start_too(tmp_path):
    result = run(
        tmp_path,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "-Q",
        "nowhere",
        EMAIL_URL="",
        timeout=120,
    )
    assert result.returncode != 0
    assert "afterview.E001" in result.stdout + result.stderr


def test_production_with_a_cache_of_its_own_per_process_is_warned(tmp_path):
    """Several gunicorn processes and a worker: the page cache and rate limits need a shared
    cache (core/checks.py, afterview.W002)."""
    result = run(
        tmp_path, "manage.py", "check", "--deploy", "--fail-level", "WARNING", CACHE_URL=""
    )

    assert result.returncode != 0
    assert "afterview.W002" in result.stderr
    assert "CACHE_URL" in result.stderr


def test_production_with_a_shared_cache_is_not_warned(tmp_path):
    result = run(tmp_path, "manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
