from django.core.management.base import BaseCommand, CommandError

from demo import seeding


class Command(BaseCommand):
    help = (
        "Create (or reset) a demo user with realistic applications, rounds and interviewers. "
        "--users/--applications scale it up for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=1, help="demo users to create (1)")
        parser.add_argument(
            "--applications", type=int, default=12, help="applications per user (12)"
        )
        parser.add_argument(
            "--interviews-per-application",
            type=float,
            default=3.0,
            help="interview rounds per application on average (3)",
        )
        parser.add_argument("--seed", type=int, default=2026, help="random seed (2026)")

    def handle(self, *args, users, applications, interviews_per_application, seed, **options):
        if users < 1 or applications < 0 or interviews_per_application < 0:
            raise CommandError("--users must be at least 1; the other sizes cannot be negative.")
        result = seeding.seed_demo(
            users=users,
            applications=applications,
            interviews_per_application=interviews_per_application,
            seed=seed,
        )
        self.stdout.write(
            f"Seeded {len(result.users)} user(s): {result.applications} applications, "
            f"{result.interviews} interviews, {result.interviewers} interviewers, "
            f"{result.status_changes} status changes, {result.references} references, "
            f"{result.evaluations} self-evaluations; plans computed for {result.plans_synced} "
            f"recent rounds, {result.steps_settled} long-due steps done "
            f"({result.seconds:.1f} s)."
        )
        emails = ", ".join(user.email for user in result.users[:3])
        more = f" (+{len(result.users) - 3} more)" if len(result.users) > 3 else ""
        self.stdout.write(self.style.SUCCESS(f"Log in as {emails}{more}"))
        self.stdout.write(self.style.SUCCESS(f"Password: {seeding.DEMO_PASSWORD}"))
