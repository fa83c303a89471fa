#!/usr/bin/env python
"""Benchmark one reminder dispatch pass: does its cost grow with due work, not table size?

    .venv/bin/python bench/reminders.py            # PostgreSQL: 1,000,000 steps, 10,000 due
    .venv/bin/python bench/reminders.py --quick    # a few thousand steps, for the test suite

Uses DATABASE_URL (PostgreSQL in CI; SQLite otherwise, with smaller defaults) but never its
data: it creates a scratch database `<name>_bench_<pid>`, migrates it, and drops it at the end.
Seeds the steps (COPY on PostgreSQL), runs one pass with the same due steps at the small
size (20,000 steps) and at the full size into a local SMTP sink (aiosmtpd in its own
process, one connection for the pass), and prints the pass times, emails/s, SQL queries per
email, the EXPLAIN of the due-steps query and, last, one line for comparing runs:

    steps=<N> due=<M> pass_s=<X> emails_per_s=<Y> queries_per_email=<Q>
        scaling_ratio=<R> index_scan=<yes|no>      (all on one line)
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.mail.backends.smtp import EmailBackend  # noqa: E402
from django.db import DatabaseError, connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.services import addresses_confirmed  # noqa: E402
from followups.models import FollowUpStep  # noqa: E402
from interviews.models import Interview, JobApplication  # noqa: E402
from reminders import selectors, services  # noqa: E402
from reminders.models import ReminderDelivery  # noqa: E402

INDEX = "step_reminder_due_idx"
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC", "America/Sao_Paulo"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for the test suite")
    parser.add_argument("--steps", type=int, help="total steps (default 1,000,000 on PostgreSQL)")
    parser.add_argument("--due", type=int, help="due steps (default 10,000)")
    parser.add_argument("--baseline", type=int, help="steps of the small run (default 20,000)")
    args = parser.parse_args()
    postgres = connection.vendor == "postgresql"
    if args.quick:
        defaults = (5_000, 200, 400)
    elif postgres:
        defaults = (1_000_000, 10_000, 20_000)
    else:
        defaults = (100_000, 1_000, 2_000)
    args.steps = args.steps or defaults[0]
    args.due = args.due or defaults[1]
    args.baseline = args.baseline or defaults[2]
    if not args.due < args.baseline <= args.steps:
        parser.error("need due < baseline <= steps")
    return args


@contextlib.contextmanager
def scratch_database():
    """A migrated, empty database of its own, dropped afterwards."""
    db = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        # Unique per run: two benchmarks (or the suite's --quick run) never share one.
        db.setdefault("TEST", {})["NAME"] = f"{db['NAME']}_bench_{os.getpid()}"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield settings.DATABASES["default"]["NAME"]
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


@contextlib.contextmanager
def smtp_sink():
    """aiosmtpd's Sink handler in its own process on a free loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Sink",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("the SMTP sink did not start")
            time.sleep(0.05)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


# --- Seeding ----------------------------------------------------------------------------


def seed_people(count: int, now) -> list[tuple[int, int, int]]:
    """`count` users with one application and one interview each: [(user, app, interview)]."""
    users = User.objects.bulk_create(
        (
            User(
                email=f"bench{n}@example.com",
                full_name=f"Bench User {n}",
                password="!",
                time_zone=ZONES[n % len(ZONES)],
                quiet_hours_start=dt.time(0),  # no quiet hours: the bench sends everything
                quiet_hours_end=dt.time(0),
            )
            for n in range(count)
        ),
        batch_size=2_000,
    )
    addresses_confirmed(users=users)  # reminders go only to confirmed addresses
    ended = now - dt.timedelta(hours=2)
    applications = JobApplication.objects.bulk_create(
        (
            JobApplication(owner=user, company_name=f"Company {user.pk}", role_title="Engineer")
            for user in users
        ),
        batch_size=2_000,
    )
    interviews = Interview.objects.bulk_create(
        (
            Interview(
                owner=a.owner,
                application=a,
                starts_at=ended - dt.timedelta(hours=1),
                ends_at=ended,
            )
            for a in applications
        ),
        batch_size=2_000,
    )
    return [(i.owner_id, i.application_id, i.pk) for i in interviews]


def step_rows(start: int, count: int, *, due: bool, people, now, rng):
    """Plain rows for FollowUpStep: due thank-you steps, or a realistic mix of the rest."""
    ended = now - dt.timedelta(hours=2)
    for n in range(start, start + count):
        owner, application, interview = people[n % len(people)]
        status, next_at = "pending", None
        if due:
            next_at = now - dt.timedelta(minutes=rng.randint(0, 90))
        else:
            roll = rng.random()
            if roll < 0.85:
                status = "done"  # most of a long-running table is history
            elif roll < 0.95:
                next_at = None  # open, no reminder left
            else:
                next_at = now + dt.timedelta(minutes=rng.randint(1, 60 * 24 * 30))
        yield (
            owner, application, interview, "thank_you", f"bench:{n}", 1, ended,
            ended + dt.timedelta(hours=24), status, next_at, "", "", "", now, now,
        )  # fmt: skip


COLUMNS = (
    "owner_id", "application_id", "interview_id", "kind", "key", "sequence", "opens_at",
    "due_at", "status", "next_reminder_at", "channel", "notes", "draft", "created_at",
    "updated_at",
)  # fmt: skip


def insert_steps(rows) -> None:
    if connection.vendor == "postgresql":
        table = FollowUpStep._meta.db_table
        with connection.cursor() as cursor:
            copy_sql = f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
        return
    batch = []
    for row in rows:
        batch.append(FollowUpStep(**dict(zip(COLUMNS, row, strict=True))))
        if len(batch) == 5_000:
            FollowUpStep.objects.bulk_create(batch)
            batch = []
    FollowUpStep.objects.bulk_create(batch)


def analyze() -> None:
    """Fresh planner statistics, and (PostgreSQL) the seeding's dirty pages written out now:
    otherwise the checkpointer flushes them during the timed pass and every commit waits."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("ANALYZE")
            return
        cursor.execute("VACUUM ANALYZE")
        try:
            with transaction.atomic():
                cursor.execute("CHECKPOINT")  # needs superuser or pg_checkpoint
        except DatabaseError as error:
            print(f"(no CHECKPOINT before the pass: {error})")


# --- Measuring --------------------------------------------------------------------------


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class PhaseTimer:
    """Wall time spent in the main phases of a pass, by wrapping the functions doing them."""

    PHASES = {
        "claim": (services, "claim_due_steps"),
        "render": (services.emails, "reminder_email"),
        "smtp": (services.sending.Mailer, "send"),
        "mark sent": (services, "_mark_sent"),
        "move steps": (services, "_reschedule"),
    }

    def __init__(self):
        self.seconds = dict.fromkeys(self.PHASES, 0.0)
        self.originals = {}

    def __enter__(self):
        for phase, (owner, name) in self.PHASES.items():
            original = getattr(owner, name)
            self.originals[phase] = original
            setattr(owner, name, self._timed(phase, original))
        return self

    def _timed(self, phase, original):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[phase] += time.perf_counter() - started

        return wrapper

    def __exit__(self, *exc):
        for phase, (owner, name) in self.PHASES.items():
            setattr(owner, name, self.originals[phase])
        return False

    def summary(self) -> str:
        return ", ".join(f"{phase} {seconds:.1f} s" for phase, seconds in self.seconds.items())


def timed_pass(*, now, port: int):
    counter = QueryCounter()
    mailer = EmailBackend(host="127.0.0.1", port=port, use_tls=False, timeout=30, alias="bench")
    with PhaseTimer() as phases, connection.execute_wrapper(counter):
        started = time.perf_counter()
        result = services.dispatch_pass(now=now, connection=mailer)
        elapsed = time.perf_counter() - started
    if result.transport_error:
        raise RuntimeError(result.transport_error)
    print(f"  where the time went: {phases.summary()}")
    return elapsed, result, counter.count


def reset_due(now) -> None:
    """Make the same steps due again, as if nothing had been sent."""
    ReminderDelivery.objects.all().delete()
    FollowUpStep.objects.filter(key__startswith="due:").update(next_reminder_at=now)


def explain_due_query(now) -> str:
    query = selectors.due_steps(now=now).values_list("pk", "next_reminder_at")
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            query = query.select_for_update(skip_locked=True, of=("self",))
        return query[: services.BATCH_SIZE].explain()


def main() -> int:
    settings.DEBUG = False  # no query log: it would cost memory and time
    args = parse_args()
    rng = random.Random(6)
    now = timezone.now()
    with scratch_database() as name, smtp_sink() as port:
        print(f"database: {connection.vendor} ({name}, scratch)")
        started = time.perf_counter()
        people = seed_people(args.due, now)
        insert_steps(
            (*r[:4], f"due:{n}", *r[5:])
            for n, r in enumerate(step_rows(0, args.due, due=True, people=people, now=now, rng=rng))
        )
        insert_steps(step_rows(args.due, args.baseline - args.due, due=False, people=people,
                               now=now, rng=rng))  # fmt: skip
        analyze()
        seconds = time.perf_counter() - started
        print(f"seeded {args.baseline:,} steps ({args.due:,} due) in {seconds:.1f} s")
        small_s, small, _ = timed_pass(now=now, port=port)
        print(f"pass at {args.baseline:,} steps: {small_s:.2f} s, {small.emails:,} emails")

        started = time.perf_counter()
        reset_due(now)
        insert_steps(step_rows(args.baseline, args.steps - args.baseline, due=False,
                               people=people, now=now, rng=rng))  # fmt: skip
        analyze()
        print(f"seeded up to {args.steps:,} steps in {time.perf_counter() - started:.1f} s")
        plan = explain_due_query(now)
        print("EXPLAIN of the due-steps claim query:")
        print(io.StringIO(plan).read())
        pass_s, result, queries = timed_pass(now=now, port=port)
        emails = result.emails
        print(f"pass at {args.steps:,} steps: {pass_s:.2f} s, {emails:,} emails")

    table = FollowUpStep._meta.db_table
    index_scan = (
        INDEX in plan and f"Seq Scan on {table}" not in plan and f"SCAN {table}" not in plan
    )
    emails_per_s = emails / pass_s if pass_s else 0.0
    ratio = pass_s / small_s if small_s else 0.0
    print(
        f"steps={args.steps} due={args.due} pass_s={pass_s:.2f} emails_per_s={emails_per_s:.1f} "
        f"queries_per_email={queries / max(emails, 1):.2f} scaling_ratio={ratio:.2f} "
        f"index_scan={'yes' if index_scan else 'no'}"
    )
    return 0 if emails == args.due and small.emails == args.due else 1


if __name__ == "__main__":
    sys.exit(main())
