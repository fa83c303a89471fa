"""Writes of the pipeline: board moves, the calendar token, CSV import, account deletion."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User, new_calendar_token
from core import dates
from interviews.models import ApplicationStatus, JobApplication, StatusChange
from interviews.services import application_create, application_set_status

from . import csvio, rules
from .models import ImportUpload

IMPORT_NOTE = "Imported from a spreadsheet"
IMPORT_BATCH_SIZE = 1000
UPLOADS_KEPT_FOR = dt.timedelta(days=1)


def board_move(*, application: JobApplication, status: str, at=None) -> JobApplication:
    """Move a card on the board: change the status through the interviews contract."""
    if status not in ApplicationStatus.values:
        raise ValueError(f"unknown status {status!r}")
    return application_set_status(application=application, status=status, at=at)


def quick_add(*, user: User, status: str, company_name: str, role_title: str, job_posting_url=""):
    """The board's "+": a new application in an open column's status (the interviews
    contract records its history)."""
    if status not in rules.OPEN_COLUMNS:
        raise ValueError(f"not an open column: {status!r}")
    return application_create(
        owner=user,
        status=status,
        company_name=company_name,
        role_title=role_title,
        job_posting_url=job_posting_url,
    )


def calendar_token_regenerate(*, user: User) -> str:
    """Give the user a new secret feed URL; the old one stops working at once."""
    user.calendar_token = new_calendar_token()
    user.save(update_fields=["calendar_token"])
    return user.calendar_token


def import_upload_create(*, user: User, filename: str, raw: bytes) -> ImportUpload:
    """Keep an uploaded CSV for the next steps (replacing any earlier upload of this user).

    Raises `csvio.UploadError` with a message for the user when the file is unusable.
    """
    if len(raw) > csvio.MAX_IMPORT_BYTES:
        raise csvio.UploadError(csvio.too_big_message(len(raw)))
    text = csvio.decode_upload(raw)
    parsed = csvio.parse_csv(text)
    with transaction.atomic():
        ImportUpload.objects.owned_by(user).delete()
        # Abandoned uploads of anyone are not worth keeping past a day.
        ImportUpload.objects.filter(created_at__lt=timezone.now() - UPLOADS_KEPT_FOR).delete()
        return ImportUpload.objects.create(
            owner=user,
            filename=filename[:255],
            content=text,
            headers=parsed.headers,
            row_count=len(parsed.rows),
            mapping=csvio.guess_mapping(parsed.headers),
        )


def import_set_mapping(*, upload: ImportUpload, mapping: dict[str, str]) -> ImportUpload:
    """Remember which file column feeds which application field."""
    upload.mapping = {
        name: header
        for name, header in mapping.items()
        if name in {c.name for c in csvio.IMPORTABLE} and header in upload.headers
    }
    upload.save(update_fields=["mapping"])
    return upload


def import_validate(
    *, upload: ImportUpload, now: dt.datetime | None = None
) -> list[csvio.RowResult]:
    """Every row of the upload read through its mapping and validated, numeric dates in the
    owner's order (profile setting, else their time zone's country)."""
    user = upload.owner
    now = now or timezone.now()
    parsed = csvio.parse_csv(upload.content)
    return csvio.validate_rows(
        parsed,
        upload.mapping,
        today=now.astimezone(user.zone).date(),
        zone=user.zone,
        day_first=dates.day_first_for(user.date_order, user.time_zone),
        blank_day=dates.in_zone(upload.created_at or now, user.zone).date(),
    )


class ImportRejected(Exception):
    """The upload has rows with errors: nothing was imported."""

    def __init__(self, results: list[csvio.RowResult]):
        self.results = results
        super().__init__(f"{sum(not r.ok for r in results)} rows have errors")


class ImportAlreadyCommitted(Exception):
    """The upload was imported before (a double-click, a second tab): nothing was added."""

    def __init__(self, upload: ImportUpload):
        self.upload = upload
        super().__init__(f"upload {upload.pk} was committed at {upload.committed_at}")


@dataclass(frozen=True)
class ImportOutcome:
    imported: int
    skipped: int


def import_commit(
    *, upload: ImportUpload, skip_invalid: bool = False, now: dt.datetime | None = None
) -> ImportOutcome:
    """Create the applications of the upload: all of them, or none if any row has an error
    (`ImportRejected`) — or, with `skip_invalid`, the valid rows only.

    The upload is claimed first with a conditional update, so a second commit, concurrent
    or later, waits for the first and then imports nothing (`ImportAlreadyCommitted`).
    One transaction and a few bulk inserts: 10,000 rows take seconds, not minutes
    (bench/import_csv.py). Each application gets a first status-history entry.
    """
    now = now or timezone.now()
    owner = upload.owner
    with transaction.atomic():
        # On PostgreSQL the UPDATE locks the row: a concurrent commit blocks here until this
        # transaction ends, then finds committed_at set and updates nothing.
        claimed = ImportUpload.objects.filter(pk=upload.pk, committed_at=None).update(
            committed_at=now
        )
        if not claimed:
            upload.refresh_from_db()
            raise ImportAlreadyCommitted(upload)
        results = import_validate(upload=upload, now=now)
        valid = [r for r in results if r.ok]
        if len(valid) < len(results) and not skip_invalid:
            raise ImportRejected(results)  # the claim rolls back with the transaction
        applications = JobApplication.objects.bulk_create(
            [JobApplication(owner=owner, **r.values) for r in valid],
            batch_size=IMPORT_BATCH_SIZE,
        )
        StatusChange.objects.bulk_create(
            [
                StatusChange(
                    application=application,
                    from_status="",
                    to_status=application.status,
                    changed_at=now,
                    note=IMPORT_NOTE,
                )
                for application in applications
            ],
            batch_size=IMPORT_BATCH_SIZE,
        )
        outcome = ImportOutcome(imported=len(applications), skipped=len(results) - len(valid))
        # The file itself is kept only while its skipped rows may still be downloaded.
        content = upload.content if outcome.skipped else ""
        ImportUpload.objects.filter(pk=upload.pk).update(
            imported_count=outcome.imported, skipped_count=outcome.skipped, content=content
        )
    upload.committed_at, upload.content = now, content
    upload.imported_count, upload.skipped_count = outcome.imported, outcome.skipped
    return outcome


# A reminder pass may commit a delivery row for this user between the deletion's collection of
# related rows and its commit: the deferred foreign-key check then refuses the deletion. It is
# collected again (with the new row) rather than answered with a 500.
ACCOUNT_DELETE_TRIES = 3


def account_delete(*, user: User) -> None:
    """Remove the user and, through the cascades, every record they own.

    The user's row is locked first, so two deletions (a double click) serialise; a delivery row
    that a reminder pass commits meanwhile makes the commit fail, and the deletion runs again
    over the rows as they now are (reminders/README.md, "Account deletion").
    """
    for attempt in range(1, ACCOUNT_DELETE_TRIES + 1):
        try:
            with transaction.atomic():
                if not User.objects.select_for_update().filter(pk=user.pk).exists():
                    return  # already deleted (a second tab, a double click)
                user.delete()
            return
        except IntegrityError:
            if attempt == ACCOUNT_DELETE_TRIES:
                raise
