"""Applications as CSV: the column set, writing, and reading back with per-row validation.

Everything here is pure (text in, values out); the services do the database work. The
columns are documented in docs/data-format.md — renaming one breaks users' spreadsheets.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from dateutil import parser as date_parser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from core import dates
from interviews import rules as interview_rules
from interviews.models import ApplicationSource, ApplicationStatus, JobApplication, WorkMode

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 20_000
NOT_MAPPED = ""


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    required: bool = False
    # Header spellings seen in other trackers' exports, lower-case, for the mapping guess.
    aliases: tuple[str, ...] = ()


# The stable CSV columns, in export order. `id` and `created_at` are written for reference
# and ignored on import (an import always creates new applications).
# Aliases cover hand-made sheets and the exports of Huntr (Company, Job Title, List, URL,
# Date Applied…), Teal (Company, Job Position, Status, Job Link, Date Applied…) and jobsync
# (company, jobTitle, status, jobUrl, appliedDate, salaryRange, jobSource…); headers are
# compared lower-case with camelCase, "_" and "-" turned into spaces.
COLUMNS: tuple[Column, ...] = (
    Column("id", "Afterview id (ignored on import)"),
    Column(
        "company_name",
        "Company",
        required=True,
        aliases=(
            "company",
            "employer",
            "organization",
            "organisation",
            "company name",
            "employer name",
            "organization name",
        ),
    ),
    Column(
        "role_title",
        "Role",
        required=True,
        aliases=(
            "role",
            "position",
            "title",
            "job title",
            "job",
            "position title",
            "job position",
            "job name",
            "role title",
        ),
    ),
    Column(
        "status",
        "Status",
        aliases=("stage", "state", "application status", "list", "list name", "job status"),
    ),
    Column(
        "date_applied",
        "Date applied",
        aliases=(
            "applied",
            "applied on",
            "date",
            "application date",
            "applied date",
            "applied at",
            "date submitted",
        ),
    ),
    Column("location", "Location", aliases=("city", "place", "job location")),
    Column(
        "work_mode",
        "On-site / remote",
        aliases=("remote", "work mode", "workplace", "workplace type", "work type", "remote type"),
    ),
    Column(
        "salary_range",
        "Salary range",
        aliases=("salary", "compensation", "pay", "salary expectation"),
    ),
    Column(
        "source",
        "Source",
        aliases=("found via", "channel", "where", "job source", "found on", "platform"),
    ),
    Column(
        "company_website",
        "Company website",
        aliases=("website", "company url", "company link", "company site"),
    ),
    Column(
        "job_posting_url",
        "Job posting",
        aliases=(
            "url",
            "link",
            "job url",
            "posting",
            "job link",
            "job posting url",
            "posting url",
            "application url",
            "job post url",
        ),
    ),
    Column(
        "company_description",
        "What the company does",
        aliases=("description", "about", "company description"),
    ),
    Column("notes", "Notes", aliases=("note", "comments", "comment")),
    Column(
        "last_activity_at",
        "Last activity",
        aliases=("last activity", "updated", "last updated", "updated at", "last modified"),
    ),
    Column("created_at", "Created (ignored on import)"),
)
EXPORT_HEADERS: tuple[str, ...] = tuple(c.name for c in COLUMNS)
IMPORTABLE: tuple[Column, ...] = tuple(c for c in COLUMNS if c.name not in ("id", "created_at"))
REQUIRED: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.required)

# A cell starting with one of these is run as a formula by spreadsheet programs; the export
# prefixes it with an apostrophe (which spreadsheets hide) and the import strips it again.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: str) -> str:
    """Neutralise spreadsheet formula injection in an exported cell."""
    if value and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    """Undo `escape_cell` on import."""
    if len(value) > 1 and value[0] == "'" and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


def write_applications_csv(rows: Iterable[Mapping], out: io.TextIOBase) -> None:
    """Write application rows (dicts keyed by `EXPORT_HEADERS`) as CSV to `out`."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_HEADERS)
    for row in rows:
        writer.writerow([_export_value(row.get(name)) for name in EXPORT_HEADERS])


def _export_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    return escape_cell(str(value))


def too_big_message(size: int | None) -> str:
    """What to tell someone whose file is over the import limit (`size` in bytes if known)."""
    limit_mb = MAX_IMPORT_BYTES // (1024 * 1024)
    size_text = f" This one is {size / (1024 * 1024):.1f} MB." if size else ""
    return (
        f"This file is too large: an import takes files up to {limit_mb} MB "
        f"(about {MAX_IMPORT_ROWS:,} applications).{size_text} "
        "Split it into smaller files, or remove columns you don't need."
    )


class UploadError(ValueError):
    """The file as a whole cannot be read; the message is shown to the user."""


def decode_upload(raw: bytes) -> str:
    """The text of an uploaded CSV, which must be UTF-8 (a byte-order mark is fine)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UploadError(
            "This file is not UTF-8 text. In your spreadsheet program choose "
            "“Save as… CSV UTF-8” (Excel) or “Text CSV, character set Unicode (UTF-8)” "
            f"(LibreOffice), then upload it again. (Unreadable byte at position {exc.start}.)"
        ) from exc
    if "\x00" in text:
        raise UploadError("This looks like a binary file, not CSV text. Export it as CSV first.")
    return text


@dataclass(frozen=True)
class ParsedFile:
    headers: list[str]
    rows: list[list[str]]


def parse_csv(text: str) -> ParsedFile:
    """Split CSV text into a header row and data rows (blank lines dropped)."""
    try:
        records = [
            r
            for r in csv.reader(io.StringIO(text, newline=""), delimiter=guess_delimiter(text))
            if any(r)
        ]
    except csv.Error as exc:
        raise UploadError(f"This file is not valid CSV: {exc}.") from exc
    if not records:
        raise UploadError("This file is empty: it needs a header row and at least one row.")
    headers = [h.strip() for h in records[0]]
    if len(records) == 1:
        raise UploadError("This file has a header row but no applications under it.")
    if len(records) - 1 > MAX_IMPORT_ROWS:
        raise UploadError(
            f"This file has {len(records) - 1:,} rows; one import takes at most "
            f"{MAX_IMPORT_ROWS:,}. Split it into smaller files."
        )
    return ParsedFile(headers=headers, rows=records[1:])


def guess_delimiter(text: str) -> str:
    """Comma, semicolon (European Excel) or tab: whichever the header line uses most."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _normalise_header(header: str) -> str:
    # "Date Applied", "date_applied", "dateApplied" and "date-applied" are one name.
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", header.strip())
    return re.sub(r"[\s_\-:]+", " ", spaced.lower()).strip()


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """For each importable column, the file header that most likely holds it ("" if none)."""
    by_norm: dict[str, str] = {}
    for header in headers:
        by_norm.setdefault(_normalise_header(header), header)
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for column in IMPORTABLE:
        candidates = (column.name, column.label, *column.aliases)
        for candidate in candidates:
            header = by_norm.get(_normalise_header(candidate))
            if header is not None and header not in taken:
                mapping[column.name] = header
                taken.add(header)
                break
        else:
            mapping[column.name] = NOT_MAPPED
    return mapping


def headers_match_export(headers: list[str]) -> bool:
    """True when the file uses our own column names for every required column."""
    names = {h.strip() for h in headers}
    return all(name in names for name in REQUIRED)


@dataclass
class RowResult:
    line: int  # line number in the file (the header is line 1), for messages
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how ambiguous values were read

    @property
    def ok(self) -> bool:
        return not self.errors


def _choice_lookup(choices) -> dict[str, str]:
    lookup = {}
    for value, label in choices:
        lookup[value.lower()] = value
        lookup[str(label).lower()] = value
    return lookup


_STATUS = {
    _normalise_header(key): value
    for key, value in _choice_lookup(ApplicationStatus.choices).items()
}
_WORK_MODE = _choice_lookup(WorkMode.choices)
_WORK_MODE.update({"on site": "onsite", "on-site": "onsite", "office": "onsite"})
_SOURCE = _choice_lookup(ApplicationSource.choices)
_SOURCE.update(
    {"job board": "job_board", "company website": "company_site", "website": "company_site"}
)
_MAX_LENGTHS = {
    f.name: f.max_length
    for f in JobApplication._meta.get_fields()
    if getattr(f, "max_length", None) is not None
}
_url_validator = URLValidator(schemes=["http", "https"])


# --- Dates as people type them ----------------------------------------------------------

_YEAR_FIRST = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d.*)?")  # a time may follow
_NUMERIC = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})")
_MONTHS = "January February March April May June July August September October November December"
# Two placeholder dates whose every part differs: a part the text leaves out comes out of
# dateutil differently in the two readings, so we know what was missing.
_DEFAULTS = (dt.datetime(2000, 1, 1), dt.datetime(2004, 2, 2))  # noqa: DTZ001 (placeholders)


class DateProblem(ValueError):
    """A date cell that cannot be read; the message says why, in words."""


@dataclass(frozen=True)
class ReadDate:
    day: dt.date
    # How an ambiguous or incomplete date was read, for the preview ("" when plain).
    note: str = ""


def _long(day: dt.date) -> str:
    return f"{day.day} {_MONTHS.split()[day.month - 1]} {day.year}"


def _full_year(two_digits: int, today: dt.date) -> int:
    # '26 is 2026, '98 is 1998: the century that puts the year nearest before next year.
    year = 2000 + two_digits
    return year if year <= today.year + 1 else year - 100


def _most_recent(month: int, day: int, today: dt.date) -> dt.date:
    for year in range(today.year, today.year - 9, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:  # 29 February in a common year
            continue
        if candidate <= today:
            return candidate
    raise DateProblem("That day does not exist.")


def read_date(text: str, *, day_first: bool, today: dt.date) -> ReadDate:
    """A date as people type it: ISO, 2026/11/04, 11-06-2026, 9/22/26, Nov 5, 2026, 3 Nov
    2026, Nov 21 (no year: the most recent past occurrence). Numeric dates with the year
    last are read in the user's order (`day_first`); raises `DateProblem` in words."""
    text = text.strip()
    try:
        if match := _YEAR_FIRST.fullmatch(text):
            year, month, day = (int(g) for g in match.groups())
            return ReadDate(dt.date(year, month, day))
        if match := _NUMERIC.fullmatch(text):
            first, second, year_text = match.groups()
            first, second, year = int(first), int(second), int(year_text)
            if len(year_text) == 2:
                year = _full_year(year, today)
            if first > 12 or second > 12:
                day, month = (first, second) if first > 12 else (second, first)
                return ReadDate(dt.date(year, month, day))
            day, month = (first, second) if day_first else (second, first)
            read = dt.date(year, month, day)
            if first == second:
                return ReadDate(read)
            order = "day first" if day_first else "month first"
            return ReadDate(read, f"“{text}” read as {_long(read)} ({order}, as in your profile)")
        return _read_words(text, day_first=day_first, today=today)
    except DateProblem:
        raise
    except (ValueError, OverflowError) as exc:
        raise DateProblem(f"“{text[:40]}” is not a date on the calendar.") from exc


def _read_words(text: str, *, day_first: bool, today: dt.date) -> ReadDate:
    # Month names and the rest: dateutil, strictly (no fuzzy guessing inside sentences).
    if not re.search(r"[A-Za-z]", text) or len(text) > 40:
        raise DateProblem(
            f"“{text[:40]}” is not a date we can read; write it like 2026-11-04 or Nov 4, 2026."
        )
    try:
        readings = [
            date_parser.parse(text, default=default, dayfirst=day_first) for default in _DEFAULTS
        ]
    except (ValueError, OverflowError) as exc:
        raise DateProblem(
            f"“{text[:40]}” is not a date we can read; write it like 2026-11-04 or Nov 4, 2026."
        ) from exc
    first, second = readings
    if first.month != second.month or first.day != second.day:
        raise DateProblem(f"“{text[:40]}” has no day of the month; add one, e.g. Nov 4, 2026.")
    if first.year != second.year:
        read = _most_recent(first.month, first.day, today)
        return ReadDate(read, f"“{text}” has no year: read as {_long(read)}, the most recent")
    return ReadDate(first.date())


def parse_datetime(value: str, zone: dt.tzinfo) -> dt.datetime:
    """An ISO 8601 datetime; without an offset it is read in the user's zone. Raises
    ValueError for text that is not one or lies outside the supported range."""
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=zone)
        if not dates.instant_in_range(parsed):
            raise ValueError(dates.OUT_OF_RANGE)
        return parsed.astimezone(dt.UTC)
    except OverflowError as exc:  # 0001-01-01T00:00+12:00 is before year 1 in UTC
        raise ValueError(dates.OUT_OF_RANGE) from exc


def validate_rows(
    parsed: ParsedFile,
    mapping: Mapping[str, str],
    *,
    today: dt.date,
    zone: dt.tzinfo,
    day_first: bool = True,
    blank_day: dt.date | None = None,
) -> list[RowResult]:
    """Read every data row through `mapping` (column name → file header) and validate it.

    Each result carries the cleaned values ready for `JobApplication(**values)` or the
    reasons, in plain words, why the row cannot be imported, and notes on how ambiguous
    values were read. Numeric dates follow `day_first`; a blank date applied becomes
    `blank_day` (the upload's day, said so in the notes), never silently today.
    """
    index = {h: i for i, h in reversed(list(enumerate(parsed.headers)))}
    positions = {
        name: index[header] for name, header in mapping.items() if header and header in index
    }
    context = _RowContext(today=today, zone=zone, day_first=day_first, blank_day=blank_day or today)
    results = []
    for offset, record in enumerate(parsed.rows):
        raw = {
            name: unescape_cell(record[pos].strip()) if pos < len(record) else ""
            for name, pos in positions.items()
        }
        results.append(_validate_row(offset + 2, raw, context))
    return results


@dataclass(frozen=True)
class _RowContext:
    today: dt.date
    zone: dt.tzinfo
    day_first: bool
    blank_day: dt.date


# What other trackers call their stages (Huntr's lists, Teal's and jobsync's statuses,
# hand-made sheets), lower-case with single spaces. A posting not applied to yet goes to the
# board's Wishlist.
_NOT_YET_APPLIED = ("wishlist", "wish list", "saved", "bookmarked", "draft", "applying")
_SYNONYMS_BY_STATUS = (
    (
        ApplicationStatus.INTERVIEWING,
        (
            "phone screen",
            "phone screening",
            "phone interview",
            "screen",
            "screening",
            "recruiter screen",
            "interview",
            "interviews",
            "interviewed",
            "technical interview",
            "onsite",
            "on site",
            "final round",
            "assessment",
            "take home",
        ),
    ),
    (ApplicationStatus.REJECTED, ("rejected", "rejection", "declined", "not selected", "no offer")),
    (ApplicationStatus.OFFER, ("offer", "offered", "negotiating")),
    (ApplicationStatus.ACCEPTED, ("accepted", "hired", "offer accepted")),
    (ApplicationStatus.WITHDRAWN, ("withdrawn", "withdrew")),
    (ApplicationStatus.NO_RESPONSE, ("no response", "ghosted", "no reply")),
    (ApplicationStatus.WISHLIST, _NOT_YET_APPLIED),
)
STATUS_SYNONYMS: dict[str, str] = {
    word: status for status, words in _SYNONYMS_BY_STATUS for word in words
}


def read_status(text: str) -> tuple[str | None, str]:
    """The status a stage name means (None if unknown) and a note when it was translated."""
    norm = _normalise_header(text)
    if norm in _STATUS:
        return _STATUS[norm], ""
    status = STATUS_SYNONYMS.get(norm)
    if status is None:
        return None, ""
    return status, f"“{text}” read as {ApplicationStatus(status).label}"


_HAS_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*:")
_BARE_HOST = re.compile(r"(?:[\w\-]+\.)+[a-zA-Z]{2,}(?:[:/?#]\S*)?")


def read_url(text: str) -> str:
    """A web address; one typed without a scheme (acme.com/jobs/1) gets https://."""
    if not _HAS_SCHEME.match(text) and _BARE_HOST.fullmatch(text.removeprefix("//")):
        return "https://" + text.removeprefix("//")
    return text


def _validate_row(line: int, raw: dict[str, str], context: _RowContext) -> RowResult:
    result = RowResult(line=line)
    values = result.values
    errors = result.errors
    for name in REQUIRED:
        if not raw.get(name):
            label = next(c.label for c in COLUMNS if c.name == name).lower()
            errors.append(f"The {label} is missing.")
    for name in (
        "company_name",
        "role_title",
        "location",
        "salary_range",
        "company_description",
        "notes",
    ):
        text = raw.get(name, "")
        limit = _MAX_LENGTHS[name]
        if len(text) > limit:
            errors.append(
                f"{name.replace('_', ' ').capitalize()} is longer than {limit} characters."
            )
        values[name] = text[:limit]

    status_text = raw.get("status", "")
    if status_text:
        status, note = read_status(status_text)
        if status is None:
            allowed = ", ".join(label for _, label in ApplicationStatus.choices)
            errors.append(f"Unknown status “{status_text[:80]}” (use one of: {allowed}).")
        else:
            values["status"] = status
            if note:
                result.notes.append(note)
    else:
        values["status"] = ApplicationStatus.APPLIED

    for name, lookup, what in (
        ("work_mode", _WORK_MODE, "on-site / remote value"),
        ("source", _SOURCE, "source"),
    ):
        text = raw.get(name, "")
        value = lookup.get(text.lower(), None) if text else ""
        if value is None:
            errors.append(f"Unknown {what} “{text[:80]}”.")
        values[name] = value or ""

    _read_date_applied(raw.get("date_applied", ""), result, context)

    for name in ("company_website", "job_posting_url"):
        url = read_url(raw.get(name, ""))
        if url:
            try:
                _url_validator(url)
            except ValidationError:
                errors.append(f"“{url[:80]}” is not a web address (http:// or https://).")
            if len(url) > _MAX_LENGTHS[name]:
                errors.append(f"The web address is longer than {_MAX_LENGTHS[name]} characters.")
        values[name] = url

    activity_text = raw.get("last_activity_at", "")
    if activity_text:
        try:
            values["last_activity_at"] = parse_datetime(activity_text, context.zone)
        except ValueError as exc:
            try:  # a plain date (as other trackers write it) means noon that day
                day = read_date(activity_text, day_first=context.day_first, today=context.today)
            except DateProblem:
                problem = (
                    dates.OUT_OF_RANGE
                    if str(exc) == dates.OUT_OF_RANGE
                    else "not a date and time (write it like 2025-03-31T14:05)."
                )
                errors.append(f"Last activity “{activity_text[:40]}”: {problem}")
            else:
                if dates.day_in_range(day.day):
                    values["last_activity_at"] = _noon(day.day, context.zone)
                else:
                    errors.append(f"Last activity “{activity_text[:40]}”: {dates.OUT_OF_RANGE}")
    if "last_activity_at" not in values and "date_applied" in values:
        # Without a recorded activity, the application went quiet on the day it was sent,
        # so an old spreadsheet row shows up as stale rather than as fresh.
        values["last_activity_at"] = _noon(values["date_applied"], context.zone)
    return result


def _noon(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12, 0), tzinfo=zone).astimezone(dt.UTC)


def _read_date_applied(text: str, result: RowResult, context: _RowContext) -> None:
    if not text:
        result.values["date_applied"] = context.blank_day
        result.notes.append(f"No date applied: the upload date, {_long(context.blank_day)}")
        return
    try:
        read = read_date(text, day_first=context.day_first, today=context.today)
    except DateProblem as problem:
        result.errors.append(f"Date applied: {problem}")
        return
    problem = (
        dates.OUT_OF_RANGE
        if not dates.day_in_range(read.day)
        else interview_rules.date_applied_problem(read.day, context.today)
    )
    if problem:
        result.errors.append(f"Date applied “{text[:40]}” ({_long(read.day)}): {problem}")
        return
    result.values["date_applied"] = read.day
    if read.note:
        result.notes.append(read.note)


def skipped_rows_csv(parsed: ParsedFile, results: Iterable[RowResult], out) -> int:
    """Write the rows that cannot be imported, as they were, plus their line and problems,
    so they can be fixed in a spreadsheet and uploaded again. Returns how many."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["line", *parsed.headers, "problems"])
    count = 0
    for result in results:
        if result.ok:
            continue
        record = parsed.rows[result.line - 2]
        cells = [escape_cell(cell) for cell in record]
        cells += [""] * (len(parsed.headers) - len(cells))
        writer.writerow([result.line, *cells, escape_cell(" ".join(result.errors))])
        count += 1
    return count
