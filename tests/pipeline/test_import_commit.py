"""Committing an import: once only (issue 14, item 2), the valid rows alone on request, the
skipped rows as CSV, and how ambiguous values were read."""

import csv
import io
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from interviews.models import JobApplication, StatusChange
from pipeline import services
from pipeline.models import ImportUpload


def _upload(client, text, name="applications.csv"):
    response = client.post(
        reverse("pipeline:import_upload"),
        {"file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")},
    )
    assert response.status_code == 302
    return ImportUpload.objects.get()


def _commit(client, upload, **data):
    return client.post(reverse("pipeline:import_commit", args=[upload.pk]), data)


MIXED = (
    "company_name,role_title,status,date_applied\n"
    "Acme,Engineer,Phone screen,2026-01-05\n"
    ",Analyst,applied,2026-01-06\n"
    "Globex,Designer,applied,someday\n"
    "Initech,Tester,Offer,2026-01-07\n"
)


@pytest.mark.django_db
def test_a_second_commit_imports_nothing_and_says_what_the_first_did(user_client, user):
    upload = _upload(user_client, "company_name,role_title\nAcme,Engineer\nGlobex,Designer\n")
    assert _commit(user_client, upload).status_code == 302

    again = _commit(user_client, upload)

    assert again.status_code == 302
    assert JobApplication.objects.owned_by(user).count() == 2
    assert StatusChange.objects.count() == 2
    message = str(list(user_client.get(again.url).context["messages"])[-1])
    assert "already imported" in message and "2 applications added" in message
    assert "Nothing was added twice" in message


@pytest.mark.django_db
def test_the_preview_of_an_imported_file_offers_no_second_import(user_client, user):
    upload = _upload(user_client, "company_name,role_title\nAcme,Engineer\n")
    _commit(user_client, upload)
    preview = user_client.get(reverse("pipeline:import_preview", args=[upload.pk]))
    assert preview.status_code == 200
    assert "This file is imported" in preview.text
    assert reverse("pipeline:import_commit", args=[upload.pk]) not in preview.text
    mapping = user_client.get(reverse("pipeline:import_mapping", args=[upload.pk]))
    assert mapping.url == reverse("pipeline:import_preview", args=[upload.pk])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_commits_import_once(user):
    # Issue 14: two POSTs at once (a double-click) both imported a 3,000-row file. Each
    # thread has its own PostgreSQL connection; the barrier sends both commits together.
    rows = 3000
    text = "company_name,role_title\n" + "".join(f"Co {i},Role {i}\n" for i in range(rows))
    upload = services.import_upload_create(user=user, filename="big.csv", raw=text.encode())
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def commit():
        try:
            barrier.wait(timeout=10)
            own = ImportUpload.objects.get(pk=upload.pk)
            outcomes.append(services.import_commit(upload=own))
        except services.ImportAlreadyCommitted as already:
            outcomes.append(already)
        finally:
            connection.close()

    threads = [threading.Thread(target=commit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(type(o).__name__ for o in outcomes) == [
        "ImportAlreadyCommitted",
        "ImportOutcome",
    ]
    assert JobApplication.objects.owned_by(user).count() == rows
    assert StatusChange.objects.count() == rows
    already = next(o for o in outcomes if isinstance(o, services.ImportAlreadyCommitted))
    assert already.upload.imported_count == rows  # what the first commit did


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_of_the_commit_button_import_once(user):
    text = "company_name,role_title\n" + "".join(f"Co {i},Role {i}\n" for i in range(500))
    upload = services.import_upload_create(user=user, filename="big.csv", raw=text.encode())
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def post():
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        try:
            barrier.wait(timeout=10)
            statuses.append(_commit(client, upload).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert statuses == [302, 302]  # the second lands on the board with "already imported"
    assert JobApplication.objects.owned_by(user).count() == 500


@pytest.mark.django_db
def test_all_or_nothing_stays_the_default(user_client, user):
    upload = _upload(user_client, MIXED)
    response = _commit(user_client, upload)
    assert response.status_code == 400
    assert not JobApplication.objects.exists()
    upload.refresh_from_db()
    assert upload.committed_at is None  # the refused commit released its claim


@pytest.mark.django_db
def test_the_valid_rows_can_be_imported_and_the_others_skipped(user_client, user):
    upload = _upload(user_client, MIXED)
    preview = user_client.get(reverse("pipeline:import_preview", args=[upload.pk]))
    assert "Import the 2 valid rows and skip the 2 others" in preview.text

    response = _commit(user_client, upload, rows="valid")

    assert response.status_code == 302
    imported = JobApplication.objects.owned_by(user).order_by("company_name")
    assert [(a.company_name, a.status) for a in imported] == [
        ("Acme", "interviewing"),
        ("Initech", "offer"),
    ]
    message = str(next(iter(user_client.get(response.url).context["messages"])))
    assert "Imported 2 applications" in message and "2 rows were skipped" in message
    upload.refresh_from_db()
    assert (upload.imported_count, upload.skipped_count) == (2, 2)


@pytest.mark.django_db
def test_the_skipped_rows_download_with_their_problems_in_words(user_client, user):
    upload = _upload(user_client, MIXED, name="My Tracker.csv")
    _commit(user_client, upload, rows="valid")

    response = user_client.get(reverse("pipeline:import_skipped_csv", args=[upload.pk]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="my-tracker-skipped-rows.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["line", "company_name", "role_title", "status", "date_applied", "problems"]
    assert [row[:5] for row in rows[1:]] == [
        ["3", "", "Analyst", "applied", "2026-01-06"],
        ["4", "Globex", "Designer", "applied", "someday"],
    ]
    assert rows[1][5] == "The company is missing."
    assert "“someday” is not a date we can read" in rows[2][5]


@pytest.mark.django_db
def test_a_fully_imported_file_is_not_kept(user_client, user):
    upload = _upload(user_client, "company_name,role_title\nAcme,Engineer\n")
    _commit(user_client, upload)
    upload.refresh_from_db()
    assert upload.content == ""
    url = reverse("pipeline:import_skipped_csv", args=[upload.pk])
    assert user_client.get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "date_order", "read_as"),
    [
        ("America/New_York", "", "2026-11-03"),
        ("Europe/Berlin", "", "2026-03-11"),
        ("America/New_York", "dmy", "2026-03-11"),
    ],
)
def test_the_preview_shows_how_an_ambiguous_date_was_read(
    user_client, user, zone, date_order, read_as
):
    user.time_zone, user.date_order = zone, date_order
    user.save(update_fields=["time_zone", "date_order"])
    upload = _upload(user_client, "Company,Position,Date Applied\nAcme,Engineer,11/3/2026\n")
    user_client.post(
        reverse("pipeline:import_mapping", args=[upload.pk]),
        {"company_name": "Company", "role_title": "Position", "date_applied": "Date Applied"},
    )
    preview = user_client.get(reverse("pipeline:import_preview", args=[upload.pk]))
    (row,) = preview.context["preview"]
    assert row.values["date_applied"].isoformat() == read_as
    assert "“11/3/2026” read as" in preview.text


@pytest.mark.django_db
def test_the_profile_sets_how_dates_in_files_are_read(user_client, user):
    page = user_client.get(reverse("profile"))
    assert 'name="date_order"' in page.text
