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

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

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
COLUMNS: tuple[Column, ...] = (
    Column("id", "Afterview id (ignored on import)"),
    Column(
        "company_name",
        "Company",
        required=True,
        aliases=("company", "employer", "organization", "organisation", "company name"),
    ),
    Column(
        "role_title",
        "Role",
        required=True,
        aliases=("role", "position", "title", "job title", "job", "job_title", "position title"),
    ),
    Column("status", "Status", aliases=("stage", "state", "application status")),
    Column(
        "date_applied",
        "Date applied",
        aliases=("applied", "applied on", "date", "application date", "applied_date", "applied at"),
    ),
    Column("location", "Location", aliases=("city", "place")),
    Column("work_mode", "On-site / remote", aliases=("remote", "work mode", "workplace")),
    Column("salary_range", "Salary range", aliases=("salary", "compensation", "pay")),
    Column("source", "Source", aliases=("found via", "channel", "where")),
    Column("company_website", "Company website", aliases=("website", "company url")),
    Column(
        "job_posting_url",
        "Job posting",
        aliases=("url", "link", "job url", "posting", "job link", "job posting url"),
    ),
    Column("company_description", "What the company does", aliases=("description", "about")),
    Column("notes", "Notes", aliases=("note", "comments", "comment")),
    Column("last_activity_at", "Last activity", aliases=("last activity", "updated")),
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
    return re.sub(r"[\s_\-]+", " ", header.strip().lower())


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

    @property
    def ok(self) -> bool:
        return not self.errors


def _choice_lookup(choices) -> dict[str, str]:
    lookup = {}
    for value, label in choices:
        lookup[value.lower()] = value
        lookup[str(label).lower()] = value
    return lookup


_STATUS = _choice_lookup(ApplicationStatus.choices)
_STATUS.update({"no response": "no_response", "ghosted": "no_response", "declined": "rejected"})
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
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y")
_url_validator = URLValidator(schemes=["http", "https"])


def parse_date(value: str) -> dt.date:
    """An ISO date (2025-03-31), also written 2025/03/31 or 31.03.2025; raises ValueError."""
    value = value.strip()
    if "T" in value:  # an ISO datetime: keep its date
        value = value.split("T", 1)[0]
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007 (a date, no zone)
        except ValueError:
            continue
    raise ValueError(value)


def parse_datetime(value: str, zone: dt.tzinfo) -> dt.datetime:
    """An ISO 8601 datetime; without an offset it is read in the user's zone."""
    parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    return parsed.astimezone(dt.UTC)


def validate_rows(
    parsed: ParsedFile,
    mapping: Mapping[str, str],
    *,
    today: dt.date,
    zone: dt.tzinfo,
) -> list[RowResult]:
    """Read every data row through `mapping` (column name → file header) and validate it.

    Each result carries the cleaned values ready for `JobApplication(**values)` or the
    reasons, in plain words, why the row cannot be imported.
    """
    index = {h: i for i, h in reversed(list(enumerate(parsed.headers)))}
    positions = {
        name: index[header] for name, header in mapping.items() if header and header in index
    }
    results = []
    for offset, record in enumerate(parsed.rows):
        raw = {
            name: unescape_cell(record[pos].strip()) if pos < len(record) else ""
            for name, pos in positions.items()
        }
        results.append(_validate_row(offset + 2, raw, today=today, zone=zone))
    return results


def _validate_row(line: int, raw: dict[str, str], *, today: dt.date, zone) -> RowResult:
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
        status = _STATUS.get(status_text.lower())
        if status is None:
            allowed = ", ".join(label for _, label in ApplicationStatus.choices)
            errors.append(f"Unknown status “{status_text}” (use one of: {allowed}).")
        if status:
            values["status"] = status
    else:
        values["status"] = ApplicationStatus.APPLIED

    for name, lookup, what in (
        ("work_mode", _WORK_MODE, "on-site / remote value"),
        ("source", _SOURCE, "source"),
    ):
        text = raw.get(name, "")
        value = lookup.get(text.lower(), None) if text else ""
        if value is None:
            errors.append(f"Unknown {what} “{text}”.")
        values[name] = value or ""

    date_text = raw.get("date_applied", "")
    if date_text:
        try:
            values["date_applied"] = parse_date(date_text)
        except ValueError:
            errors.append(f"“{date_text}” is not a date; write it as YYYY-MM-DD, e.g. 2025-03-31.")
    else:
        values["date_applied"] = today

    for name in ("company_website", "job_posting_url"):
        url = raw.get(name, "")
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
            values["last_activity_at"] = parse_datetime(activity_text, zone)
        except ValueError:
            errors.append(f"“{activity_text}” is not a date and time (ISO 8601).")
    if "last_activity_at" not in values and "date_applied" in values:
        # Without a recorded activity, the application went quiet on the day it was sent,
        # so an old spreadsheet row shows up as stale rather than as fresh.
        values["last_activity_at"] = dt.datetime.combine(
            values["date_applied"], dt.time(12, 0), tzinfo=zone
        ).astimezone(dt.UTC)
    return result
