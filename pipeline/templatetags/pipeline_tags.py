import datetime as dt
import functools
import html
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from followups import rules as followup_rules
from followups.models import StepKind
from interviews.models import ApplicationStatus
from pipeline import rules

register = template.Library()


@register.simple_tag
def calendar_feed_url(user, webcal=False):
    """The absolute URL of the user's private feed; `webcal` gives the subscribe link form."""
    url = settings.SITE_URL + reverse("pipeline:calendar_feed", args=[user.calendar_token])
    if webcal:
        return "webcal://" + url.split("://", 1)[1]
    return url


@register.simple_tag
def move_options(current_status):
    """The <option>s of a card's "Move to…" select, current status selected.

    Rendered once per status and reused: a board of 500 cards would otherwise spend most of
    its time in this little loop.
    """
    return _move_options(current_status)


@functools.cache
def _move_options(current_status: str) -> str:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if value == current_status else "", label)
            for value, label in ApplicationStatus.choices
        ),
    )


STATUS_LABELS = dict(ApplicationStatus.choices)


def _html(template_string: str, **values) -> SafeString:
    """`format_html` with named fields for the board's per-card and per-bar fragments.

    The same escaping (values with `__html__` as they are, everything else through
    `html.escape`, which is all `django.utils.html.escape` does) without `format_html`'s
    per-argument lazy-string checks, which made up a third of a card's cost.
    """
    return SafeString(
        template_string.format_map(
            {
                name: value.__html__() if hasattr(value, "__html__") else html.escape(str(value))
                for name, value in values.items()
            }
        )
    )


# One board card. Built in Python rather than included as a template: the board shows up to
# 55 cards and an included template cost about 0.25 ms each (variable lookups, filters,
# display methods), most of the page's time. Markup, ids and data attributes are those the
# drag and drop script (pipeline/board.js), the tests and assistive technology rely on.
_CARD = """
<article class="board-card card shadow-sm{stale_class}" id="app-{pk}" draggable="true" \
data-app="{pk}" data-status="{status}" data-move-url="{move_url}" aria-labelledby="app-{pk}-title">
  <div class="card-body p-2">
    <div class="d-flex align-items-start justify-content-between gap-2">
      <h3 class="h6 mb-0 text-break" id="app-{pk}-title"><a href="{detail_url}">{company}</a></h3>
      {badge}
    </div>
    <p class="small mb-1 text-break">{role}</p>
    <ul class="list-unstyled small text-body-secondary mb-1 board-card__meta">
      <li>Last activity <time datetime="{activity_iso}">{activity_ago}</time></li>
      {waiting}
    </ul>
    {next_step}
    {no_response_form}
    <details class="board-card__move">
      <summary class="small">Move to…</summary>
      <form method="post" action="{move_url}" class="d-flex gap-1 mt-1">\
<input type="hidden" name="csrfmiddlewaretoken" value="{csrf_token}">
        <label class="visually-hidden" for="move-{pk}">Move {company} to</label>
        <select class="form-select form-select-sm" name="status" id="move-{pk}">{options}</select>
        <button class="btn btn-sm btn-primary" type="submit">Move</button>
      </form>
    </details>
  </div>
</article>
"""

_NO_RESPONSE_FORM = """
    <form method="post" action="{move_url}" class="mb-1">\
<input type="hidden" name="csrfmiddlewaretoken" value="{csrf_token}">
      <input type="hidden" name="status" value="no_response">
      <button class="btn btn-outline-danger btn-sm w-100" type="submit">\
Mark as “no response” and move on</button>
    </form>
    """


_QUIET_BADGE = (
    f'<span class="badge text-bg-danger">Quiet {rules.NO_RESPONSE_AFTER_DAYS}+ days</span>'
)
_STALE_BADGE = '<span class="badge text-bg-warning">Stale</span>'
_CLOSED_BADGES = {
    status: f'<span class="badge text-bg-light border">{html.escape(str(label))}</span>'
    for status, label in ApplicationStatus.choices
}


_STEP_KIND_LABELS = {kind: html.escape(str(label)) for kind, label in StepKind.choices}
_STEP_BADGE_COLOURS = {
    followup_rules.OVERDUE: "text-bg-danger",
    followup_rules.DUE_TODAY: "text-bg-warning",
}


def next_step_badge_html(step, *, now: dt.datetime, zone_name: str) -> str:
    """The markup of `followups_tags.next_step_badge` for a card's next step, with the page's
    clock and zone computed once instead of once per card (kept identical by a test)."""
    urgency = followup_rules.urgency(
        opens_at=step.opens_at, due_at=step.due_at, now=now, zone=zone_name
    )
    window = followup_rules.describe_window(opens_at=step.opens_at, due_at=step.due_at, now=now)
    return (
        '<span class="badge next-step-badge border text-wrap text-start mw-100 '
        f'{_STEP_BADGE_COLOURS.get(urgency, "text-bg-light")}">'
        f"{_STEP_KIND_LABELS.get(step.kind) or html.escape(step.kind)} · {html.escape(window)}"
        "</span>"
    )


@dataclass(frozen=True, slots=True)
class _CardPage:
    """What every card of a page shares: the CSRF token (escaped), the clock and the zone."""

    csrf_token: str
    now: dt.datetime
    zone: dt.tzinfo
    zone_name: str

    @classmethod
    def current(cls, csrf_token) -> "_CardPage":
        return cls(
            csrf_token=html.escape(str(csrf_token)),
            now=timezone.now(),
            zone=timezone.get_current_timezone(),
            zone_name=timezone.get_current_timezone_name(),
        )


@register.simple_tag(takes_context=True)
def board_cards(context, cards):
    """The board cards of one column (see `board_card`), with the page's CSRF token."""
    page = _CardPage.current(context.get("csrf_token", ""))
    return mark_safe("".join([_card_html(card, page) for card in cards]))  # noqa: S308


def board_card(card, *, csrf_token: str) -> SafeString:
    """One card of the board (a `pipeline.selectors.Card`) as HTML, every value escaped."""
    return mark_safe(_card_html(card, _CardPage.current(csrf_token)))  # noqa: S308


def _card_html(card, page: _CardPage) -> str:
    """`board_card`'s HTML.

    Every text from the database goes through `html.escape` (which is all
    `django.utils.html.escape` does, minus a lazy-string check per value that made up a
    good part of a card's cost); the rest are numbers, ISO dates and fragments built here.
    """
    app = card.application
    status = app.status
    move_url = html.escape(card.move_url)
    if card.suggest_no_response:
        badge = _QUIET_BADGE
        no_response_form = _NO_RESPONSE_FORM.format(move_url=move_url, csrf_token=page.csrf_token)
    else:
        no_response_form = ""
        if card.is_stale:
            badge = _STALE_BADGE
        elif status in rules.CLOSED_STATUSES:
            badge = _CLOSED_BADGES[status]
        else:
            badge = ""
    days = card.days_waiting
    waiting = (
        ""
        if days is None
        else f"<li>Waiting for a decision: <strong>{days:d} day{'' if days == 1 else 's'}"
        "</strong></li>"
    )
    next_step = (
        ""
        if card.next_step is None
        else '<div class="mb-1"><span class="visually-hidden">Next step: </span>'
        f"{next_step_badge_html(card.next_step, now=page.now, zone_name=page.zone_name)}</div>"
    )
    return _CARD.format(
        pk=int(app.pk),
        status=html.escape(status),
        stale_class=" board-card--stale" if card.is_stale else "",
        move_url=move_url,
        detail_url=html.escape(card.detail_url),
        company=html.escape(app.company_name),
        role=html.escape(app.role_title),
        badge=badge,
        activity_iso=timezone.localtime(app.last_activity_at, page.zone).isoformat(),
        activity_ago=html.escape(str(naturaltime(app.last_activity_at))),
        waiting=waiting,
        next_step=next_step,
        no_response_form=no_response_form,
        csrf_token=page.csrf_token,
        options=_move_options(status),
    )


@register.simple_tag
def goal_chart(goal):
    """The weekly goal's bar chart (a `pipeline.selectors.WeeklyGoal`) as an accessible SVG.

    Built in Python for the same reason as the cards: twelve bars of a dozen values each made
    the chart the costliest part of the board's template after them.
    """
    chart = goal.chart
    starts = {week.start: formats.date_format(week.start, "M j") for week in goal.weeks}
    description = "".join(
        f"Week of {starts[week.start]}: {week.count}{' (goal met)' if week.met else ''}. "
        for week in goal.weeks
    )
    if goal.target:
        description += f"Goal: {goal.target} a week."
    label_y = chart.height - 4
    last = len(chart.bars) - 1
    bars = []
    for i, bar in enumerate(chart.bars):
        count = bar.week.count
        classes = "goal-chart__bar"
        if bar.week.met:
            classes += " goal-chart__bar--met"
        if i == last:
            classes += " goal-chart__bar--current"
        value = ""
        if count:
            value = _html(
                '<text class="goal-chart__value" x="{x}" y="{y}" dy="-2" text-anchor="middle">'
                "{count}</text>",
                x=bar.cx,
                y=bar.y,
                count=count,
            )
        # Every other week is labelled, counted back from this week's "This week".
        if i == last:
            label = _html(
                '<text class="goal-chart__label" x="{x}" y="{y}" text-anchor="end">'
                "This week</text>",
                x=bar.right,
                y=label_y,
            )
        elif (last - i) % 2 == 0:
            label = _html(
                '<text class="goal-chart__label" x="{x}" y="{y}" text-anchor="middle">'
                "{label}</text>",
                x=bar.cx,
                y=label_y,
                label=bar.label,
            )
        else:
            label = ""
        bars.append(
            _html(
                """
          <g>
            <title>Week of {start}: {count} application{plural}</title>
            <rect class="{classes}" x="{x}" y="{y}" width="{width}" height="{height}" rx="2"/>
            {value}{label}
          </g>""",
                start=starts[bar.week.start],
                count=count,
                plural="" if count == 1 else "s",
                classes=classes,
                x=bar.x,
                y=bar.y,
                width=bar.width,
                height=bar.height,
                value=value,
                label=label,
            )
        )
    goal_line = ""
    if chart.goal_y is not None:
        goal_line = _html(
            '\n          <line class="goal-chart__goal" x1="0" x2="{width}" y1="{y}" y2="{y}"/>',
            width=chart.width,
            y=chart.goal_y,
        )
    return _html(
        """<svg class="goal-chart" viewBox="0 0 {width} {height}" role="img" \
aria-labelledby="goal-chart-title goal-chart-desc" preserveAspectRatio="xMidYMid meet">
          <title id="goal-chart-title">New applications per week, last {weeks} weeks</title>
          <desc id="goal-chart-desc">{description}</desc>
          <line class="goal-chart__axis" x1="0" x2="{width}" y1="{baseline}" y2="{baseline}"/>\
{bars}{goal_line}
        </svg>""",
        width=chart.width,
        height=chart.height,
        weeks=len(goal.weeks),
        description=description,
        baseline=chart.baseline_y,
        bars=mark_safe("".join(bars)),  # noqa: S308 (each bar built by format_html)
        goal_line=goal_line,
    )
