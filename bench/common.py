"""What the benchmarks share: the --quick flag, Django on a throwaway database, seeding.

Every benchmark runs against the database server the settings point at (DATABASE_URL: CI's
PostgreSQL, or SQLite by default) but in a database of its own, created and migrated at the
start and dropped at the end, so the figures never depend on (or touch) anyone's data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_PASSWORD = "bench passphrase 1234"  # a throwaway account in a throwaway database


def parse_args(description: str, argv: list[str] | None = None, **extra) -> argparse.Namespace:
    """The benchmarks' common flags; `extra` adds name=(type, default, help) options."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--quick", action="store_true", help="tiny sizes, for the test suite (figures meaningless)"
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a target in bench/README.md is missed"
    )
    for name, (kind, default, text) in extra.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=kind, default=default, help=text)
    return parser.parse_args(argv)


def setup_django(settings_module: str = "config.settings_test") -> None:
    """Import the project from the repository root and configure Django."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()


@contextmanager
def throwaway_database(suffix: str = "bench") -> Iterator[None]:
    """A fresh, migrated database for the run: `<name>_<suffix>` on PostgreSQL, memory on SQLite.

    The suffix keeps it apart from pytest's own test database, which may exist at the same
    time when the test suite runs a benchmark's --quick mode.
    """
    from django.conf import settings
    from django.db import connection
    from django.test.utils import override_settings

    # DEBUG off, as in production, and the test client's "testserver" host allowed. Not
    # `setup_test_environment()`: it instruments every Django template render so the test
    # client can keep a copy of each context, a cost production never pays, which grows
    # with the number of templates a page includes and so skewed the pages' ratios.
    test_host = override_settings(
        DEBUG=False, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]
    )
    test_host.enable()
    if connection.vendor != "sqlite":
        connection.settings_dict.setdefault("TEST", {})["NAME"] = (
            f"{connection.settings_dict['NAME']}_{suffix}"
        )
    original_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, serialize=False
    )
    try:
        yield
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
        test_host.disable()


def create_user(email: str = "bench@example.com"):
    from accounts.models import User

    return User.objects.create_user(email, BENCH_PASSWORD, full_name="Bench Person")


def seed_applications(user, *, count: int, start: int = 0, interviews_per_application: int = 3):
    """Add `count` applications to `user`, each with its interview rounds and two interviewers
    per round, spread over the last months; then let the follow-up plan create their steps.

    Bulk inserts keep seeding fast; the plan service is called the way the pages would call it
    (and only when that service exists, so the benchmark runs on any stage of the project).
    """
    from django.utils import timezone

    from interviews.models import (
        ApplicationStatus,
        Interview,
        Interviewer,
        JobApplication,
        RoundLabel,
    )

    now = timezone.now()
    statuses = [
        ApplicationStatus.INTERVIEWING,
        ApplicationStatus.INTERVIEWING,
        ApplicationStatus.APPLIED,
        ApplicationStatus.OFFER,
        ApplicationStatus.REJECTED,
    ]
    rounds = [RoundLabel.PHONE_SCREEN, RoundLabel.TECHNICAL, RoundLabel.FINAL]
    applications = JobApplication.objects.bulk_create(
        JobApplication(
            owner=user,
            company_name=f"Company {n}",
            role_title=f"Engineer {n}",
            company_description="Makes things people need.",
            status=statuses[n % len(statuses)],
            date_applied=(now - dt.timedelta(days=n % 90 + 7)).date(),
            last_activity_at=now - dt.timedelta(hours=n),
        )
        for n in range(start, start + count)
    )
    interviews = Interview.objects.bulk_create(
        Interview(
            owner=user,
            application=application,
            round_label=rounds[r % len(rounds)],
            # Rounds from two months ago up to next week, so every page has past and future.
            starts_at=now - dt.timedelta(days=(application.pk * 7 + r * 3) % 60 - 7, hours=r),
            ends_at=now
            - dt.timedelta(days=(application.pk * 7 + r * 3) % 60 - 7, hours=r)
            + dt.timedelta(hours=1),
            topics="Systems design, team culture",
        )
        for application in applications
        for r in range(interviews_per_application)
    )
    Interviewer.objects.bulk_create(
        Interviewer(interview=interview, name=f"Interviewer {i}", title="Engineer", order=i)
        for interview in interviews
        for i in range(2)
    )
    _plan(applications, interviews, now)
    _analyze()
    return applications, interviews


def _analyze() -> None:
    """Do what autovacuum does to a live database after the bulk inserts.

    A production database has planner statistics and a current visibility map (autovacuum
    keeps both); a freshly seeded one has neither until autovacuum happens by, so without this
    the planner would guess, index-only scans would visit the table, and the figures would
    depend on when autovacuum woke up.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _plan(applications, interviews, now) -> None:
    from followups import services

    if hasattr(services, "plan_sync_interview"):
        for interview in interviews:
            services.plan_sync_interview(interview=interview, now=now)
    if hasattr(services, "plan_sync_application"):
        for application in applications:
            services.plan_sync_application(application=application, now=now)


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of `values` fall (linear interpolation)."""
    if len(values) == 1:
        return values[0]
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[round(fraction * 100) - 1]
