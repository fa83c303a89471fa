import datetime as dt
import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.factories import UserFactory
from evaluations.factories import EvaluationFactory
from followups.factories import FollowUpStepFactory
from interviews.factories import InterviewerFactory, InterviewFactory, JobApplicationFactory
from interviews.models import JobApplication, StatusChange
from pipeline import csvio
from pipeline.models import ImportUpload
from references.factories import ApplicationReferenceFactory

UPLOAD = reverse("pipeline:import_upload")
ROOT = Path(__file__).resolve().parents[2]
COMPARED = (
    "company_name",
    "role_title",
    "status",
    "date_applied",
    "location",
    "work_mode",
    "salary_range",
    "source",
    "company_website",
    "job_posting_url",
    "company_description",
    "notes",
    "last_activity_at",
)


def csv_file(text, name="applications.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def upload(client, text, **kwargs):
    return client.post(UPLOAD, {"file": csv_file(text, **kwargs)})


def commit(client):
    pending = ImportUpload.objects.get()
    return client.post(reverse("pipeline:import_commit", args=[pending.pk]))


def test_json_export_holds_everything_the_user_owns(user_client, user, other_user):
    application = JobApplicationFactory(owner=user, company_name="Umbrella")
    StatusChange.objects.create(application=application, from_status="applied", to_status="offer")
    interview = InterviewFactory(application=application)
    InterviewerFactory(interview=interview, name="Ada")
    FollowUpStepFactory(interview=interview)
    ApplicationReferenceFactory(reference__owner=user, application=application)
    EvaluationFactory(interview=interview)
    JobApplicationFactory(owner=other_user, company_name="Not mine")

    response = user_client.get(reverse("pipeline:export_json"))

    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["format"] == "afterview-export" and data["version"] == 1
    assert data["profile"]["email"] == user.email
    assert [a["company_name"] for a in data["applications"]] == ["Umbrella"]
    for key in (
        "status_changes",
        "interviews",
        "interviewers",
        "follow_up_steps",
        "references",
        "application_references",
        "evaluations",
    ):
        assert len(data[key]) == 1, key
    assert "Not mine" not in response.text


def test_csv_export_uses_the_documented_columns(user_client, user):
    JobApplicationFactory(owner=user, company_name="=HYPERLINK(1)", notes="line 1\nline 2")
    response = user_client.get(reverse("pipeline:export_csv"))
    text = response.content.decode("utf-8-sig")
    header, *rows = csvio.parse_csv(text).headers, *csvio.parse_csv(text).rows
    assert tuple(header) == csvio.EXPORT_HEADERS
    assert rows[0][1] == "'=HYPERLINK(1)"  # a formula would run in a spreadsheet
    documented = (ROOT / "docs" / "data-format.md").read_text()
    for name in csvio.EXPORT_HEADERS:
        assert f"`{name}`" in documented


def test_export_then_import_reproduces_the_applications(user_client, user, client):
    JobApplicationFactory.create_batch(4, owner=user)
    JobApplicationFactory(
        owner=user,
        status="no_response",
        company_name="-Minus & Co, “quoted”",
        notes="multi\nline; with, commas",
        last_activity_at=dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
    )
    exported = user_client.get(reverse("pipeline:export_csv")).content

    newcomer = UserFactory(email="new@example.com")
    client.force_login(newcomer, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        UPLOAD, {"file": SimpleUploadedFile("export.csv", exported, content_type="text/csv")}
    )
    pending = ImportUpload.objects.get(owner=newcomer)
    assert response.url == reverse("pipeline:import_preview", args=[pending.pk])  # no mapping
    assert client.get(response.url).context["bad_count"] == 0
    assert commit(client).status_code == 302

    def rows(owner):
        return sorted(JobApplication.objects.owned_by(owner).values_list(*COMPARED))

    assert rows(newcomer) == rows(user)
    assert StatusChange.objects.filter(application__owner=newcomer).count() == 5
    # The upload stays as a receipt of what was imported, without the file itself.
    receipt = ImportUpload.objects.get()
    assert (receipt.content, receipt.imported_count, receipt.skipped_count) == ("", 5, 0)


def test_other_trackers_headers_go_through_the_mapping_step(user_client, user):
    text = "Employer,Position,Stage,Applied on,Comments\nAcme,Engineer,Interviewing,2025-03-01,hi\n"
    response = upload(user_client, text)
    pending = ImportUpload.objects.get()
    assert response.url == reverse("pipeline:import_mapping", args=[pending.pk])

    page = user_client.get(response.url)
    assert page.context["form"].initial["company_name"] == "Employer"
    assert page.context["form"].initial["role_title"] == "Position"

    response = user_client.post(
        response.url,
        {
            "company_name": "Employer",
            "role_title": "Position",
            "status": "Stage",
            "date_applied": "Applied on",
            "notes": "Comments",
        },
    )
    assert response.status_code == 302
    commit(user_client)
    application = JobApplication.objects.get(owner=user)
    assert (application.company_name, application.status, application.notes) == (
        "Acme",
        "interviewing",
        "hi",
    )
    assert application.date_applied == dt.date(2025, 3, 1)


def test_mapping_requires_company_and_role_once_each(user_client, user):
    upload(user_client, "A,B\nx,y\n")
    pending = ImportUpload.objects.get()
    guessed = pending.mapping
    url = reverse("pipeline:import_mapping", args=[pending.pk])
    response = user_client.post(url, {"company_name": "A", "role_title": "A"})
    assert response.status_code == 200
    assert "already used" in response.text
    response = user_client.post(url, {"role_title": "B"})
    assert "required" in response.text
    pending.refresh_from_db()
    assert pending.mapping == guessed


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Acme,Engineer,applied,2025-02-30", "is not a date"),
        ("Acme,Engineer,applied,yesterday", "is not a date"),
        ("Acme,Engineer,on hold,2025-02-03", "Unknown status “on hold”"),
        (",Engineer,applied,2025-02-03", "The company is missing."),
    ],
)
def test_a_bad_row_blocks_the_whole_import(user_client, user, row, message):
    text = (
        "company_name,role_title,status,date_applied\n"
        "Good Co,Analyst,applied,2025-02-01\n" + row + "\n"
    )
    upload(user_client, text)
    pending = ImportUpload.objects.get()
    preview = user_client.get(reverse("pipeline:import_preview", args=[pending.pk]))
    assert preview.context["bad_count"] == 1
    assert "Line 3" in preview.text and message in preview.text
    assert "Import 2 applications" not in preview.text

    response = commit(user_client)

    assert response.status_code == 400
    assert "Nothing was imported" in response.text
    assert not JobApplication.objects.exists()
    assert not StatusChange.objects.exists()


def test_non_utf8_file_is_refused_with_a_message(user_client, user):
    text = "company_name,role_title\nCafé Müller,Barista\n"
    response = upload(user_client, text, encoding="cp1252")
    assert response.status_code == 400
    assert "not UTF-8" in response.text
    assert not ImportUpload.objects.exists()
    assert not JobApplication.objects.exists()


def test_a_50_mb_file_is_refused_politely(user_client, user):
    big = "company_name,role_title\n" + "Acme,Engineer\n" * (50 * 1024 * 1024 // 14)
    response = upload(user_client, big)
    assert response.status_code == 413
    assert "This file is too large" in response.text
    assert "5 MB" in response.text
    assert not ImportUpload.objects.exists()
    assert not JobApplication.objects.exists()


def test_a_file_just_over_the_limit_is_refused_by_the_upload_handler(user_client, user):
    text = "company_name,role_title\n" + "A" * (csvio.MAX_IMPORT_BYTES + 10)
    response = upload(user_client, text)
    assert response.status_code == 413
    assert "too large" in response.text
    assert not ImportUpload.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The submitted file is empty"),
        ("company_name,role_title\n", "no applications under it"),
    ],
)
def test_empty_files_are_refused(user_client, user, text, message):
    response = upload(user_client, text)
    assert response.status_code == 400
    assert message in response.text
    assert not ImportUpload.objects.exists()


def test_import_pages_of_another_user_are_404(user_client, other_user):
    theirs = ImportUpload.objects.create(
        owner=other_user,
        filename="theirs.csv",
        content="company_name,role_title\nA,B\n",
        headers=["company_name", "role_title"],
        mapping={"company_name": "company_name", "role_title": "role_title"},
    )
    for name in ("import_mapping", "import_preview"):
        assert user_client.get(reverse(f"pipeline:{name}", args=[theirs.pk])).status_code == 404
    mapping_post = user_client.post(
        reverse("pipeline:import_mapping", args=[theirs.pk]), {"company_name": "role_title"}
    )
    assert mapping_post.status_code == 404
    commit_post = user_client.post(reverse("pipeline:import_commit", args=[theirs.pk]))
    assert commit_post.status_code == 404
    theirs.refresh_from_db()
    assert theirs.mapping["company_name"] == "company_name"
    assert not JobApplication.objects.exists()


def test_a_new_upload_replaces_the_previous_one(user_client, user):
    upload(user_client, "company_name,role_title\nA,B\n")
    upload(user_client, "company_name,role_title\nC,D\n")
    assert list(ImportUpload.objects.values_list("content", flat=True)) == [
        "company_name,role_title\nC,D\n"
    ]


def test_upload_checks_csrf_after_the_size_check(user, db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(UPLOAD, {"file": csv_file("company_name,role_title\nA,B\n")})
    assert response.status_code == 403
    assert not ImportUpload.objects.exists()


def test_the_json_export_leaves_out_no_field_a_user_owns():
    """A field added to a model the user owns is in the export unless it is listed as the
    app's own bookkeeping (pipeline.selectors.NOT_EXPORTED_*)."""
    from django.apps import apps

    from core.querysets import OwnedQuerySet
    from pipeline.selectors import (
        EXPORT_FIELDS,
        NOT_EXPORTED_FIELDS,
        NOT_EXPORTED_MODELS,
        PROFILE_FIELDS,
    )

    exported = dict(EXPORT_FIELDS.values())
    owned = [
        model
        for model in apps.get_models()
        if isinstance(model._default_manager.get_queryset(), OwnedQuerySet)
        and model.__name__ not in NOT_EXPORTED_MODELS
    ]
    missing = {
        model.__name__: [
            f.attname
            for f in model._meta.concrete_fields
            if f.attname not in exported.get(model, ()) and f.attname not in NOT_EXPORTED_FIELDS
        ]
        for model in owned
    }
    assert {name: fields for name, fields in missing.items() if fields} == {}
    from accounts.models import User

    settings_fields = {f.attname for f in User._meta.concrete_fields} - {
        # The login itself and Django's own flags, not the person's data or settings.
        *("id", "password", "last_login", "is_superuser", "is_staff", "is_active"),
        *("first_name", "last_name", "calendar_token", "unsubscribe_key"),
    }
    assert sorted(settings_fields - set(PROFILE_FIELDS)) == []


def test_the_data_format_document_lists_every_exported_field():
    from pathlib import Path

    from pipeline.selectors import EXPORT_FIELDS, PROFILE_FIELDS

    document = (Path(__file__).resolve().parents[2] / "docs" / "data-format.md").read_text()
    rows = dict(re.findall(r"^\| `(\w+)` \| (.+) \|$", document, flags=re.MULTILINE))
    listed = {key: re.findall(r"`(\w+)`", fields) for key, fields in rows.items()}
    exported = {key: list(fields) for key, (_, fields) in EXPORT_FIELDS.items()}

    assert {key: listed.get(key) for key in exported} == exported
    assert listed["profile"] == list(PROFILE_FIELDS)
