"""Time `seed_demo` at benchmark size on a throwaway test database.

    .venv/bin/python bench/seed_demo.py            # 1 user x 1,000 applications x 3,000 rounds
    .venv/bin/python bench/seed_demo.py --quick    # 1 user x 100 applications x 300 rounds
    DATABASE_URL=postgres://… .venv/bin/python bench/seed_demo.py

The issue's budget is under a minute on SQLite and on PostgreSQL; the script exits 1 past it.
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

BUDGET_SECONDS = 60.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the size")
    parser.add_argument("--users", type=int, default=1)
    parser.add_argument("--applications", type=int, default=None)
    args = parser.parse_args()
    applications = args.applications or (100 if args.quick else 1000)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    from interviews.models import Interview, JobApplication

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        call_command("seed_demo", users=args.users, applications=applications, stdout=io.StringIO())
        elapsed = time.perf_counter() - started
        print(
            f"seed_demo on {connection.vendor}: {args.users} user(s) x {applications} applications"
            f" → {JobApplication.objects.count()} applications,"
            f" {Interview.objects.count()} interviews in {elapsed:.1f} s"
            f" (budget {BUDGET_SECONDS:.0f} s)"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0 if elapsed < BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
