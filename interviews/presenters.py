"""The rows of the applications list, built once in Python.

The list shows 25 rows. Rendered by the template engine, each row cost some 300 Python calls
(every `{{ value }}` is looked up, localized and escaped on its own), plus a URL resolved and
a badge template rendered per row: most of the page's time. Here each row's values are
computed once (one reverse() per page, the badges as ready markup) and escaped into the row's
markup; the page template prints the rows inside its table.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from config.links import url_maker
from core import dates
from followups.models import FollowUpStep
from followups.templatetags.followups_tags import next_step_badge

from .templatetags.interviews_tags import status_badge

# One row of the table; the page template has the table around it (caption, headings).
ROW_HTML = """
        <tr class="application-row position-relative">
          <td>
            <a class="fw-semibold text-decoration-none stretched-link" href="{url}">{role_title}</a>
            <div class="small text-body-secondary">{company}</div>
          </td>
          <td>{status_badge}</td>
          <td class="d-none d-md-table-cell">{rounds}</td>
          <td>{next_step_badge}</td>
          <td class="d-none d-lg-table-cell small text-body-secondary"><time datetime="{last_activity_iso}">{last_activity_ago}</time></td>
        </tr>"""  # noqa: E501 (the markup reads better unwrapped)


@dataclass(frozen=True, slots=True)
class ApplicationRow:
    """One row of the applications list: what it shows, and its markup."""

    pk: int
    role_title: str
    company_name: str
    location: str
    status: str
    rounds: int
    last_activity_at: dt.datetime
    next_step: FollowUpStep | None
    url: str
    html: SafeString


def _escape(text: str) -> str:
    """What the templates' autoescaping and `format_html` do to a plain string (Django's
    `escape` is `html.escape`), without their lazy-string checks: a row escapes nine values."""
    return html.escape(str(text))


def application_rows(
    applications: Iterable, next_steps: dict[int, FollowUpStep]
) -> list[ApplicationRow]:
    """Rows for `applications` (rows of `selectors.application_list`) and their next steps
    ({application_id: step}), with times in the active time zone as the templates show them."""
    detail_url = url_maker("interviews:application_detail")
    zone = timezone.get_current_timezone()
    badges: dict[str, SafeString] = {}
    rows = []
    for application in applications:
        pk, status, location = application.pk, application.status, application.location
        if status not in badges:
            badges[status] = status_badge(status)
        step = next_steps.get(pk)
        url = detail_url(pk)
        last_activity_at = application.last_activity_at
        markup = ROW_HTML.format(
            url=_escape(url),
            role_title=_escape(application.role_title),
            company=(
                format_html("{} · {}", application.company_name, location)
                if location
                else _escape(application.company_name)
            ),
            status_badge=badges[status],
            rounds=application.rounds,
            next_step_badge=next_step_badge(step),
            # As `|date:"c"` and `|naturaltime` write them (the ISO form needs no escaping).
            last_activity_iso=dates.in_zone(last_activity_at, zone).isoformat(),
            last_activity_ago=_escape(naturaltime(last_activity_at)),
        )
        rows.append(
            ApplicationRow(
                pk=pk,
                role_title=application.role_title,
                company_name=application.company_name,
                location=location,
                status=status,
                rounds=application.rounds,
                last_activity_at=last_activity_at,
                next_step=step,
                url=url,
                html=mark_safe(markup),  # noqa: S308 (every value above is escaped or safe)
            )
        )
    return rows
