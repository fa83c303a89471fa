import datetime as dt
from zoneinfo import ZoneInfo

import pytest

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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-31", dt.date(2025, 3, 31)),
        ("2025/03/31", dt.date(2025, 3, 31)),
        ("31.03.2025", dt.date(2025, 3, 31)),
        ("2025-03-31T10:00:00Z", dt.date(2025, 3, 31)),
    ],
)
def test_parse_date_accepts_iso_and_common_forms(text, expected):
    assert csvio.parse_date(text) == expected


@pytest.mark.parametrize("text", ["2025-02-30", "03/31/2025", "yesterday", "31.13.2025"])
def test_parse_date_rejects_ambiguous_or_impossible_dates(text):
    with pytest.raises(ValueError):
        csvio.parse_date(text)


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


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (",Engineer,applied,2025-01-01,", "The company is missing."),
        ("Acme,,applied,2025-01-01,", "The role is missing."),
        ("Acme,Engineer,hired,2025-01-01,", "Unknown status “hired”"),
        ("Acme,Engineer,applied,01/02/2025,", "is not a date"),
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
