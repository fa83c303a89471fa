from django.core.management.base import BaseCommand, CommandError

from reminders import services


class Command(BaseCommand):
    help = "Run one reminder dispatch pass (what the beat tick does every minute)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would go out; send nothing."
        )
        parser.add_argument(
            "--batch-size", type=int, default=services.BATCH_SIZE, help="Steps claimed at a time."
        )

    def handle(self, *args, dry_run=False, batch_size=services.BATCH_SIZE, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        result = services.dispatch_pass(dry_run=dry_run, batch_size=batch_size)
        if dry_run:
            for line in result.planned:
                self.stdout.write(line)
            self.stdout.write(
                f"Would send {len(result.planned)} reminder(s); {result.deferred} held back."
            )
            return
        self.stdout.write(
            f"Sent {result.emails} email(s) with {result.reminders} reminder(s); "
            f"{result.failed} failed, {result.deferred} held back."
        )
        if result.transport_error:
            raise CommandError(f"Mail server unavailable: {result.transport_error}")
