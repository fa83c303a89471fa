"""Random cells through the whole import (upload, preview, commit): never a 500, and a commit
adds every row, only the valid rows when asked, or nothing — never part of a file."""

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviews.models import JobApplication, StatusChange
from pipeline.models import ImportUpload

pytestmark = pytest.mark.django_db

HEADER = [
    "Company",
    "Job Title",
    "Stage",
    "Date Applied",
    "URL",
    "Salary",
    "Notes",
    "last_activity_at",
]
DATE_FORMATS = ["%Y-%m-%d", "%m/%d/%Y", "%d.%m.%Y", "%b %d, %Y", "%d %B %Y", "%m/%d/%y", "%b %d"]

unicode_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=40,
)
typed_dates = st.builds(
    lambda day, fmt: day.strftime(fmt),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.sampled_from(DATE_FORMATS),
)
stamps = st.one_of(
    st.datetimes(timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=-12))])).map(
        dt.datetime.isoformat
    ),
    st.sampled_from(
        [
            "9999-12-31T23:59:59Z",
            "9999-12-31T23:59:59-12:00",
            "0001-01-01T00:00:00+12:00",
            "2026-11-04T09:30",
            "Nov 4",
        ]
    ),
)
edge_cells = st.sampled_from(
    [
        "",
        "=1+1",
        "'=SUM(A1)",
        "+49 30 1234",
        "Nov 31",
        "Feb 29",
        "13/13/13",
        "00/00/0000",
        "https://",
        "acme.com/jobs/1",
        "javascript:alert(1)",
        "1e309",
        "NaN",
        "-0",
        "Phone screen",
        "Wishlist",
        "x" * 300,
        "<script>alert(1)</script>",
        "Ünïcødé GmbH ✓",
        "line\nbreak",
    ]
)
cell = st.one_of(
    edge_cells,
    unicode_text,
    typed_dates,
    stamps,
    st.integers().map(str),
    st.floats().map(str),
)
plausible = {
    "Company": st.one_of(st.sampled_from(["Acme", "Globex", "Initech"]), cell),
    "Job Title": st.one_of(st.sampled_from(["Engineer", "Analyst"]), cell),
    "Stage": st.one_of(st.sampled_from(["Applied", "Interview", "Rejected", "Offer"]), cell),
}
row = st.fixed_dictionaries({name: plausible.get(name, cell) for name in HEADER})


def _csv(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for values in rows:
        writer.writerow([values[name] for name in HEADER])
    return out.getvalue()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=st.lists(row, min_size=1, max_size=6), valid_only=st.booleans())
def test_random_cells_never_crash_and_never_import_part_of_a_file(
    user_client, user, rows, valid_only
):
    JobApplication.objects.owned_by(user).delete()
    before = StatusChange.objects.count()
    upload_response = user_client.post(
        reverse("pipeline:import_upload"),
        {"file": SimpleUploadedFile("fuzz.csv", _csv(rows).encode(), content_type="text/csv")},
    )
    assert upload_response.status_code in (302, 400)
    if upload_response.status_code == 400:  # the file as a whole was refused, with a message
        assert not ImportUpload.objects.owned_by(user).exists()
        return
    upload = ImportUpload.objects.owned_by(user).get()
    preview = user_client.get(reverse("pipeline:import_preview", args=[upload.pk]))
    assert preview.status_code == 200
    total, good = preview.context["total"], preview.context["good_count"]

    commit = user_client.post(
        reverse("pipeline:import_commit", args=[upload.pk]),
        {"rows": "valid"} if valid_only else {},
    )

    imported = JobApplication.objects.owned_by(user).count()
    if valid_only:
        assert commit.status_code == 302
        assert imported == good
    elif good == total:
        assert (commit.status_code, imported) == (302, total)
    else:
        assert (commit.status_code, imported) == (400, 0)
    assert StatusChange.objects.count() - before == imported
    # Whatever was stored shows on the pages that list it.
    assert user_client.get(reverse("pipeline:board")).status_code == 200
    assert user_client.get(reverse("interviews:application_list")).status_code == 200
