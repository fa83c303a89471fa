"""Benchmark: import a CSV of applications, the way the import page does it.

    .venv/bin/python bench/import_csv.py            # 10,000 rows, must finish in under 30 s
    .venv/bin/python bench/import_csv.py --quick    # 500 rows (run by the test suite)

It works in a throwaway test database (never your data) on the configured backend: SQLite
by default, PostgreSQL when DATABASE_URL says so. Prints the time of each phase and exits
non-zero when the whole import takes longer than the budget.
"""

import argparse
import csv
import datetime as dt
import io
import os
import random
import sys
import time
from pathlib import Path

BUDGET_SECONDS = 30.0
ROOT = Path(__file__).resolve().parent.parent


def make_csv(rows: int, *, seed: int = 7) -> bytes:
    """A realistic export-format CSV with `rows` applications."""
    rng = random.Random(seed)
    statuses = ["Applied", "interviewing", "offer", "Rejected", "no_response", "withdrawn"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "company_name",
            "role_title",
            "status",
            "date_applied",
            "location",
            "work_mode",
            "source",
            "job_posting_url",
            "notes",
        ]
    )
    start = dt.date(2024, 1, 1)
    for i in range(rows):
        writer.writerow(
            [
                f"Company {i} GmbH",
                rng.choice(["Data analyst", "Backend engineer", "Product manager", "Designer"]),
                rng.choice(statuses),
                (start + dt.timedelta(days=rng.randrange(500))).isoformat(),
                rng.choice(["Berlin", "Remote", "Lisbon", "Toronto"]),
                rng.choice(["remote", "hybrid", "onsite", ""]),
                rng.choice(["referral", "job_board", "Company website", ""]),
                f"https://jobs.example.com/{i}",
                "Spoke to the recruiter; promising." if i % 3 else "",
            ]
        )
    return out.getvalue().encode()


def run(rows: int) -> dict[str, float]:
    """Upload, validate and commit `rows` applications for a fresh user; phase timings."""
    from accounts.models import User
    from interviews.models import JobApplication
    from pipeline import services

    raw = make_csv(rows)
    user = User.objects.create_user(email=f"bench-{time.time_ns()}@example.com", password=None)
    try:
        timings = {}
        began = time.perf_counter()
        upload = services.import_upload_create(user=user, filename="bench.csv", raw=raw)
        timings["upload"] = time.perf_counter() - began
        mark = time.perf_counter()
        results = services.import_validate(upload=upload)
        assert all(r.ok for r in results), [r.errors for r in results if not r.ok][:3]
        timings["preview"] = time.perf_counter() - mark
        mark = time.perf_counter()
        created = services.import_commit(upload=upload).imported
        timings["commit"] = time.perf_counter() - mark
        timings["total"] = time.perf_counter() - began
        assert created == rows == JobApplication.objects.owned_by(user).count()
        return timings
    finally:
        user.delete()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="500 rows, for the test suite")
    args = parser.parse_args(argv)
    rows = 500 if args.quick else args.rows

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django
    from django.conf import settings

    django.setup()
    from django.db import connection

    # Its own test database, so the benchmark never touches real data nor a test run's.
    test_settings = settings.DATABASES["default"].setdefault("TEST", {})
    if connection.vendor != "sqlite":
        test_settings["NAME"] = f"test_{settings.DATABASES['default']['NAME']}_bench"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        timings = run(rows)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    phases = ", ".join(f"{k} {v:.2f} s" for k, v in timings.items() if k != "total")
    print(
        f"import_csv: {rows:,} rows in {timings['total']:.2f} s on {connection.vendor} "
        f"({phases}); budget {BUDGET_SECONDS:.0f} s"
    )
    if timings["total"] > BUDGET_SECONDS:
        print("import_csv: too slow", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
