"""Fixtures shared by the whole suite.

Tests run on SQLite unless DATABASE_URL points at PostgreSQL (CI). Tests that need
PostgreSQL behaviour carry `@pytest.mark.postgres` and are skipped with a reason on
SQLite; `@pytest.mark.redis` likewise needs CELERY_BROKER_URL=redis://…
"""

import os
import shutil
from pathlib import Path

import pytest
from django.db import connection

from accounts.factories import UserFactory

# The browser tests' Chromium and `page`, for every folder (one browser per worker).
pytest_plugins = ["tests.browser"]

PASSWORD = "correct horse battery staple"
# Where the browser tests save their screenshots (tests/browser.py, save_screenshot).
SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "e2e"


def pytest_configure(config):
    # Screenshots of an earlier run would be mistaken for this one's. Cleared once, by the
    # main process: under pytest-xdist a worker clearing them would delete the others'.
    if not hasattr(config, "workerinput"):
        shutil.rmtree(SCREENSHOTS, ignore_errors=True)


def pytest_collection_modifyitems(config, items):
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql"))
    on_redis = os.environ.get("CELERY_BROKER_URL", "").startswith("redis")
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://…")
    skip_redis = pytest.mark.skip(reason="needs Redis: set CELERY_BROKER_URL=redis://…")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)
        if "redis" in item.keywords and not on_redis:
            item.add_marker(skip_redis)
    # The longest tests first (benchmarks, real workers, then the browser): under pytest-xdist
    # they start on every worker at once instead of leaving one worker busy at the end. The
    # sort is stable, so each module's tests stay together (module fixtures are built once).
    items.sort(key=_run_order)


def _run_order(item) -> int:
    if item.get_closest_marker("slow") or item.get_closest_marker("worker"):
        return 0
    return 1 if item.get_closest_marker("e2e") else 2


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def user(db):
    return UserFactory(email="casey@example.com", full_name="Casey Jordan", time_zone="UTC")


@pytest.fixture
def other_user(db):
    return UserFactory(email="mallory@example.com", full_name="Mallory Other")


@pytest.fixture
def user_client(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def other_client(client, other_user):
    client.force_login(other_user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"
