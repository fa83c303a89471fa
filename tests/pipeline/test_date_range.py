"""Issue 14, item 1: dates out of the supported range neither 500 the import nor, once stored
(before this rule existed), the board and the applications list."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import dates
from interviews.factories import JobApplicationFactory
from interviews.models import JobApplication
from pipeline.models import ImportUpload

pytestmark = pytest.mark.django_db


@pytest.fixture
def tokyo_user(user):
    user.time_zone = "Asia/Tokyo"
    user.save(update_fields=["time_zone"])
    return user


@pytest.mark.parametrize(
    "stored",
    [
        dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC),
        dt.datetime(1, 1, 1, 0, 0, tzinfo=dt.UTC),
    ],
)
@pytest.mark.parametrize("page", ["pipeline:board", "interviews:application_list"])
def test_a_stored_date_out_of_range_does_not_break_the_lists(user_client, tokyo_user, stored, page):
    JobApplicationFactory(owner=tokyo_user, company_name="Overflow Inc", last_activity_at=stored)
    response = user_client.get(reverse(page))
    assert response.status_code == 200
    assert "Overflow Inc" in response.text


def _upload(client, text):
    client.post(
        reverse("pipeline:import_upload"),
        {"file": SimpleUploadedFile("dates.csv", text.encode(), content_type="text/csv")},
    )
    return ImportUpload.objects.get()


@pytest.mark.parametrize(
    "stamp",
    ["9999-12-31T23:59:59Z", "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+12:00"],
)
def test_the_import_refuses_last_activity_out_of_range(user_client, tokyo_user, stamp):
    upload = _upload(
        user_client, f"company_name,role_title,last_activity_at\nAcme,Engineer,{stamp}\n"
    )
    preview = user_client.get(reverse("pipeline:import_preview", args=[upload.pk]))
    assert preview.status_code == 200
    assert dates.OUT_OF_RANGE in preview.text
    commit = user_client.post(reverse("pipeline:import_commit", args=[upload.pk]))
    assert commit.status_code == 400
    assert not JobApplication.objects.exists()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1969-12-31"])
def test_the_import_refuses_what_the_form_refuses_as_date_applied(user_client, tokyo_user, day):
    upload = _upload(user_client, f"company_name,role_title,date_applied\nAcme,Engineer,{day}\n")
    commit = user_client.post(reverse("pipeline:import_commit", args=[upload.pk]))
    assert commit.status_code == 400
    assert "check the year" in commit.text
    assert not JobApplication.objects.exists()
