"""Writes of the pipeline: board moves, the calendar token, CSV import, account deletion."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User, new_calendar_token
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
    """Every row of the upload read through its mapping and validated."""
    user = upload.owner
    now = now or timezone.now()
    parsed = csvio.parse_csv(upload.content)
    return csvio.validate_rows(
        parsed, upload.mapping, today=now.astimezone(user.zone).date(), zone=user.zone
    )


class ImportRejected(Exception):
    """The upload has rows with errors: nothing was imported."""

    def __init__(self, results: list[csvio.RowResult]):
        self.results = results
        super().__init__(f"{sum(not r.ok for r in results)} rows have errors")


def import_commit(*, upload: ImportUpload, now: dt.datetime | None = None) -> int:
    """Create every application of the upload, or none if any row has an error.

    One transaction and a few bulk inserts: 10,000 rows take seconds, not minutes
    (bench/import_csv.py). Each application gets a first status-history entry.
    """
    now = now or timezone.now()
    results = import_validate(upload=upload, now=now)
    if not all(r.ok for r in results):
        raise ImportRejected(results)
    owner = upload.owner
    with transaction.atomic():
        applications = JobApplication.objects.bulk_create(
            [JobApplication(owner=owner, **r.values) for r in results],
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
        upload.delete()
    return len(applications)


def account_delete(*, user: User) -> None:
    """Remove the user and, through the cascades, every record they own."""
    with transaction.atomic():
        _forget_login_attempts(user.email)
        user.delete()


def _forget_login_attempts(email: str) -> None:
    # django-axes keeps failed/successful login records keyed by the e-mail address; they
    # are personal data too.
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=email).delete()
