import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import dates
from pipeline import csvio

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = dt.date(2025, 6, 30)


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("company_name,role_title\nA;B;C,D\n", ","),
        ("Firma;Stelle;Notizen\nA,B;C;x,y\n", ";"),
        ("company\trole\nA\tB\n", "\t"),
        ("company\nAcme\n", ","),
    ],
)
def test_delimiter_comes_from_the_header_line(text, delimiter):
    assert csvio.guess_delimiter(text) == delimiter


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+49 30 1234", "'+49 30 1234"),
        ("-minus", "'-minus"),
        ("@handle", "'@handle"),
        ("Acme", "Acme"),
        ("", ""),
        ("'quoted", "'quoted"),
    ],
)
def test_formula_escaping_round_trips(value, escaped):
    assert csvio.escape_cell(value) == escaped
    assert csvio.unescape_cell(escaped) == value


# Today is 2025-06-30 for every case; US = month first, EU = day first.
@pytest.mark.parametrize(
    ("text", "day_first", "expected", "noted"),
    [
        ("2025-03-31", True, dt.date(2025, 3, 31), False),
        ("2025/03/31", False, dt.date(2025, 3, 31), False),
        ("2026/11/04", True, dt.date(2026, 11, 4), False),
        ("2025-03-31T10:00:00Z", True, dt.date(2025, 3, 31), False),
        ("2025-03-31 10:00", True, dt.date(2025, 3, 31), False),
        ("31.03.2025", True, dt.date(2025, 3, 31), False),
        ("31.03.2025", False, dt.date(2025, 3, 31), False),  # 31 cannot be a month
        ("11/3/2026", False, dt.date(2026, 11, 3), True),
        ("11/3/2026", True, dt.date(2026, 3, 11), True),
        ("11-06-2026", False, dt.date(2026, 11, 6), True),
        ("11-06-2026", True, dt.date(2026, 6, 11), True),
        ("10.11.2026", False, dt.date(2026, 10, 11), True),  # a US user's dots: month first
        ("9/22/26", False, dt.date(2026, 9, 22), False),
        ("9/22/26", True, dt.date(2026, 9, 22), False),
        ("5/5/25", True, dt.date(2025, 5, 5), False),  # same either way: nothing to say
        ("1/2/98", True, dt.date(1998, 2, 1), True),
        ("Nov 5, 2026", False, dt.date(2026, 11, 5), False),
        ("November 5 2026", True, dt.date(2026, 11, 5), False),
        ("3 Nov 2026", False, dt.date(2026, 11, 3), False),
        ("3rd November 2026", False, dt.date(2026, 11, 3), False),
        ("Thu, 5 Jun 2025", True, dt.date(2025, 6, 5), False),
        ("Nov 21", False, dt.date(2024, 11, 21), True),  # no year: the most recent past one
        ("Jun 30", False, dt.date(2025, 6, 30), True),
        ("1 Jul", True, dt.date(2024, 7, 1), True),
        ("Feb 29", True, dt.date(2024, 2, 29), True),
    ],
)
def test_dates_are_read_as_people_type_them(text, day_first, expected, noted):
    read = csvio.read_date(text, day_first=day_first, today=TODAY)
    assert read.day == expected
    assert bool(read.note) == noted, read.note


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-02-30", "not a date on the calendar"),
        ("13/13/2025", "not a date on the calendar"),
        ("31.13.2025", "not a date on the calendar"),
        ("yesterday", "not a date we can read"),
        ("ASAP", "not a date we can read"),
        ("12345", "not a date we can read"),
        ("Nov 2026", "no day of the month"),
        ("Monday", "no day of the month"),
        ("2025-03-31 or so", "not a date we can read"),
        ("0000-01-01", "not a date on the calendar"),
    ],
)
def test_unreadable_dates_say_why(text, message):
    with pytest.raises(csvio.DateProblem, match=message):
        csvio.read_date(text, day_first=True, today=TODAY)


def test_an_ambiguous_date_says_how_it_was_read():
    read = csvio.read_date("11/3/2026", day_first=False, today=TODAY)
    assert read.note == "“11/3/2026” read as 3 November 2026 (month first, as in your profile)"


@pytest.mark.parametrize(
    ("stage", "status"),
    [
        ("Phone screen", "interviewing"),
        ("SCREENING", "interviewing"),
        ("Interview", "interviewing"),
        ("Rejected", "rejected"),
        ("Declined", "rejected"),
        ("Offer", "offer"),
        ("Wishlist", "wishlist"),
        ("Saved", "wishlist"),
        ("Bookmarked", "wishlist"),
        ("no_response", "no_response"),
        ("No Response", "no_response"),
        ("Ghosted", "no_response"),
        ("interviewing", "interviewing"),
    ],
)
def test_stage_names_of_other_trackers_become_statuses(stage, status):
    assert csvio.read_status(stage)[0] == status


def test_translated_stages_are_noted_and_wishlists_explained():
    assert csvio.read_status("Applied") == ("applied", "")
    assert csvio.read_status("Phone screen")[1] == "“Phone screen” read as Interviewing"
    assert csvio.read_status("Saved")[1] == "“Saved” read as Wishlist"
    assert csvio.read_status("Hired?!") == (None, "")


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("acme.com/jobs/1", "https://acme.com/jobs/1"),
        ("www.acme.co.uk", "https://www.acme.co.uk"),
        ("//acme.com/x", "https://acme.com/x"),
        ("http://acme.com", "http://acme.com"),
        ("javascript:alert(1)", "javascript:alert(1)"),
        ("not a link", "not a link"),
        ("", ""),
    ],
)
def test_links_without_a_scheme_get_https(text, url):
    assert csvio.read_url(text) == url


def test_guess_mapping_understands_other_trackers():
    headers = ["Employer", "Job Title", "Stage", "Applied On", "Link", "Comments", "Extra"]
    mapping = csvio.guess_mapping(headers)
    assert mapping["company_name"] == "Employer"
    assert mapping["role_title"] == "Job Title"
    assert mapping["status"] == "Stage"
    assert mapping["date_applied"] == "Applied On"
    assert mapping["job_posting_url"] == "Link"
    assert mapping["notes"] == "Comments"
    assert mapping["salary_range"] == csvio.NOT_MAPPED


def validate(header, *rows):
    text = "\n".join([header, *rows]) + "\n"
    parsed = csvio.parse_csv(text)
    return csvio.validate_rows(
        parsed, csvio.guess_mapping(parsed.headers), today=TODAY, zone=BERLIN
    )


def test_a_valid_row_becomes_model_values():
    (row,) = validate(
        "company_name,role_title,status,date_applied,work_mode,source,last_activity_at",
        "Acme,Engineer,No Response,2025-03-01,Remote,Job board,2025-03-02T09:30:00",
    )
    assert row.ok, row.errors
    assert row.values["status"] == "no_response"
    assert row.values["work_mode"] == "remote"
    assert row.values["source"] == "job_board"
    # A time without an offset is read in the user's zone (Berlin: UTC+1 in March).
    assert row.values["last_activity_at"] == dt.datetime(2025, 3, 2, 8, 30, tzinfo=dt.UTC)


def test_missing_optional_values_get_defaults():
    (row,) = validate("company_name,role_title", "Acme,Engineer")
    assert row.ok
    assert row.values["status"] == "applied"
    assert row.values["date_applied"] == TODAY
    assert row.values["last_activity_at"] == dt.datetime(2025, 6, 30, 10, 0, tzinfo=dt.UTC)


def test_a_blank_date_is_the_upload_day_and_says_so():
    parsed = csvio.parse_csv("company_name,role_title,date_applied\nAcme,Engineer,\n")
    (row,) = csvio.validate_rows(
        parsed,
        csvio.guess_mapping(parsed.headers),
        today=TODAY,
        zone=BERLIN,
        blank_day=dt.date(2025, 6, 28),
    )
    assert row.values["date_applied"] == dt.date(2025, 6, 28)
    assert row.notes == ["No date applied: the upload date, 28 June 2025"]


@pytest.mark.parametrize(
    "stamp",
    [
        "9999-12-31T23:59:59Z",
        "9999-12-31T23:59:59-12:00",
        "0001-01-01T00:00:00+12:00",
        "0001-01-01T00:00:00",
        "2101-01-01T00:00:00Z",
        "1969-12-31T23:59:59Z",
    ],
)
def test_last_activity_outside_the_supported_years_is_refused(stamp):
    # Issue 14: these overflowed in the preview (0001+12:00) or broke the board afterwards.
    (row,) = validate("company_name,role_title,last_activity_at", f"Acme,Engineer,{stamp}")
    assert row.errors == [f"Last activity “{stamp}”: {dates.OUT_OF_RANGE}"]


def test_a_plain_date_as_last_activity_means_noon_that_day():
    (row,) = validate("company_name,role_title,last_activity_at", "Acme,Engineer,Mar 2 2025")
    assert row.values["last_activity_at"] == dt.datetime(2025, 3, 2, 11, 0, tzinfo=dt.UTC)


def test_huntr_teal_and_jobsync_headers_are_recognised():
    huntr = csvio.guess_mapping(["Company", "Job Title", "List", "URL", "Date Applied", "Salary"])
    assert (huntr["company_name"], huntr["role_title"], huntr["status"]) == (
        "Company",
        "Job Title",
        "List",
    )
    assert (huntr["job_posting_url"], huntr["date_applied"]) == ("URL", "Date Applied")
    teal = csvio.guess_mapping(["Company", "Job Position", "Status", "Job Link", "Location"])
    assert (teal["role_title"], teal["job_posting_url"]) == ("Job Position", "Job Link")
    jobsync = csvio.guess_mapping(
        ["company", "jobTitle", "status", "jobUrl", "appliedDate", "salaryRange", "jobSource"]
    )
    assert jobsync == {
        **jobsync,
        "role_title": "jobTitle",
        "job_posting_url": "jobUrl",
        "date_applied": "appliedDate",
        "salary_range": "salaryRange",
        "source": "jobSource",
    }


def test_skipped_rows_come_back_as_they_were_with_their_problems():
    text = "Company,Role,Date\nAcme,Engineer,2025-01-01\n,Analyst,=1+1\nBeta,,Nov 2026\n"
    parsed = csvio.parse_csv(text)
    results = csvio.validate_rows(
        parsed, csvio.guess_mapping(parsed.headers), today=TODAY, zone=BERLIN
    )
    out = io.StringIO()
    assert csvio.skipped_rows_csv(parsed, results, out) == 2
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["line", "Company", "Role", "Date", "problems"]
    assert rows[1][:4] == ["3", "", "Analyst", "'=1+1"]  # still safe to open in a spreadsheet
    assert "The company is missing." in rows[1][4]
    assert rows[2][:4] == ["4", "Beta", "", "Nov 2026"]
    assert "no day of the month" in rows[2][4]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (",Engineer,applied,2025-01-01,", "The company is missing."),
        ("Acme,,applied,2025-01-01,", "The role is missing."),
        ("Acme,Engineer,on hold,2025-01-01,", "Unknown status “on hold”"),
        ("Acme,Engineer,applied,soonish,", "is not a date"),
        ("Acme,Engineer,applied,2025-07-01,", "cannot be in the future"),
        ("Acme,Engineer,applied,0001-01-01,", "between 1970 and 2100"),
        ("Acme,Engineer,applied,9999-12-31,", "between 1970 and 2100"),
        ("Acme,Engineer,applied,2025-01-01,acme dot com", "is not a web address"),
        ("Acme,Engineer,applied,2025-01-01,javascript:alert(1)", "is not a web address"),
        ("A" * 201 + ",Engineer,applied,2025-01-01,", "longer than 200 characters"),
    ],
)
def test_invalid_rows_say_why(row, message):
    (result,) = validate("company_name,role_title,status,date_applied,job_posting_url", row)
    assert not result.ok
    assert any(message in error for error in result.errors), result.errors
    assert result.line == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("company_name,role_title\n", "no applications"),
        ("a,b\n" + "1,2\n" * (csvio.MAX_IMPORT_ROWS + 1), "Split it"),
    ],
)
def test_unusable_files_are_refused(text, message):
    with pytest.raises(csvio.UploadError, match=message):
        csvio.parse_csv(text)


def test_non_utf8_bytes_are_refused_and_a_bom_is_fine():
    assert csvio.decode_upload("\ufeffcompany".encode()) == "company"
    with pytest.raises(csvio.UploadError, match="not UTF-8"):
        csvio.decode_upload("Café".encode("latin-1"))


@given(text=st.one_of(st.text(max_size=60), st.from_regex(r"\d{1,4}[-/. ]\d{1,4}[-/. ]\d{1,4}")))
@settings(max_examples=300, deadline=None)
def test_any_text_is_a_date_or_a_date_problem(text):
    try:
        read = csvio.read_date(text, day_first=True, today=TODAY)
    except csvio.DateProblem as problem:
        assert str(problem)
    else:
        assert isinstance(read.day, dt.date)
