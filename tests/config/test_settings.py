"""Settings come from the environment; each variable is parsed in a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
# Reading `settings` loads the settings module alone: no django.setup(), whose loading of
# every app is most of a probe's time and tells nothing about the settings.
PROBE = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "host": db.get("HOST", ""),
    "broker": settings.CELERY_BROKER_URL, "email_backend": settings.EMAIL_BACKEND,
    "email_host": getattr(settings, "EMAIL_HOST", ""),
    "email_port": getattr(settings, "EMAIL_PORT", 0),
    "site_url": settings.SITE_URL, "debug": settings.DEBUG, "hosts": settings.ALLOWED_HOSTS,
    "from": settings.DEFAULT_FROM_EMAIL, "tz": settings.TIME_ZONE, "use_tz": settings.USE_TZ,
    "secret": settings.SECRET_KEY, "ssl_redirect": getattr(settings, "SECURE_SSL_REDIRECT", False),
    "visibility_timeout": settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout"),
}))
"""
CLEAN = {
    k: v
    for k, v in os.environ.items()
    if not k.startswith(("DATABASE_URL", "CELERY_", "EMAIL_", "DJANGO_", "SITE_URL"))
    and k not in {"ALLOWED_HOSTS", "TIME_ZONE", "DEFAULT_FROM_EMAIL", "SECURE_SSL_REDIRECT"}
}
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "prod-3f9c1b7e2d4a6c8e0f1a3b5d7e9c2a4f6b8d0e1c3a5f7b9d-secret",
    "ALLOWED_HOSTS": "afterview.example.org",
    "SITE_URL": "https://afterview.example.org",
    # Production must deliver mail (core/checks.py refuses the local mailbox).
    "EMAIL_URL": "smtp+tls://afterview:mail-secret@mail.example.org:587",
    # A cache every process shares (core/checks.py warns of a process-local one).
    "CACHE_URL": "redis://127.0.0.1:6379/1",
}


def settings_with(tmp_path, **env):
    environment = {**CLEAN, "DJANGO_SETTINGS_MODULE": "config.settings"}
    environment["AFTERVIEW_VAR_DIR"] = str(tmp_path)
    environment.update(env)
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_defaults_need_no_server(tmp_path):
    s = settings_with(tmp_path)
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["name"] == str(tmp_path / "afterview.sqlite3")
    assert s["broker"] == "filesystem://"
    assert s["email_backend"] == "devmail.backends.MailboxBackend"
    assert s["debug"] is True
    assert s["tz"] == "UTC"
    assert s["use_tz"] is True


def test_empty_variables_mean_the_defaults(tmp_path):
    s = settings_with(tmp_path, DATABASE_URL="", CELERY_BROKER_URL="", EMAIL_URL="")
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["broker"] == "filesystem://"
    assert s["email_backend"] == "devmail.backends.MailboxBackend"


def test_database_url_selects_postgresql(tmp_path):
    s = settings_with(tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:5432/afterview")
    assert s["engine"] == "django.db.backends.postgresql"
    assert s["name"] == "afterview"
    assert s["host"] == "127.0.0.1"


def test_broker_url_selects_redis_with_a_visibility_timeout(tmp_path):
    s = settings_with(tmp_path, CELERY_BROKER_URL="redis://127.0.0.1:6379/0")
    assert s["broker"] == "redis://127.0.0.1:6379/0"
    assert s["visibility_timeout"] == 3600


def test_email_url_selects_smtp(tmp_path):
    s = settings_with(tmp_path, EMAIL_URL="smtp://mailpit:1025")
    assert s["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert s["email_host"] == "mailpit"
    assert s["email_port"] == 1025


def test_site_hosts_sender_and_zone(tmp_path):
    s = settings_with(
        tmp_path,
        SITE_URL="https://jobs.example.org/",
        ALLOWED_HOSTS="jobs.example.org,www.jobs.example.org",
        DEFAULT_FROM_EMAIL="Afterview <hello@jobs.example.org>",
        TIME_ZONE="Europe/Paris",
    )
    assert s["site_url"] == "https://jobs.example.org"
    assert s["hosts"] == ["jobs.example.org", "www.jobs.example.org"]
    assert s["from"] == "Afterview <hello@jobs.example.org>"
    assert s["tz"] == "Europe/Paris"


def test_production_needs_a_secret_key(tmp_path):
    environment = {**CLEAN, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "0"}
    environment["AFTERVIEW_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_settings(tmp_path):
    s = settings_with(tmp_path, **PRODUCTION)
    assert s["debug"] is False
    assert s["ssl_redirect"] is True
    assert s["secret"] == PRODUCTION["DJANGO_SECRET_KEY"]


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    environment = {**CLEAN, **PRODUCTION, "DJANGO_SETTINGS_MODULE": "config.settings"}
    environment["AFTERVIEW_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_describes_the_production_shape(compose):
    services = compose["services"]
    assert {"postgres", "redis", "web", "worker", "beat", "mailpit"} <= set(services)
    assert "gunicorn" in " ".join(services["web"]["command"])
    assert "migrate" in " ".join(services["web"]["command"])
    for name in ("postgres", "redis"):
        assert "healthcheck" in services[name]
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["CELERY_BROKER_URL"].startswith("redis://redis:6379")
        assert env["EMAIL_URL"] == "smtp://mailpit:1025"
    assert (ROOT / "Dockerfile").is_file()
