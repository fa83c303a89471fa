"""The board's HTML, built in Python: its cards, columns and weekly goal card.

The board lists up to 55 cards; as included templates each cost about 0.25 ms (variable
lookups, filters, display methods), and the columns and the goal chart around them much of
the rest: the page was several times slower than its data. The markup, ids, data
attributes and texts are the templates' own (the drag and drop script, the tests and
assistive technology rely on them), and every text from the database or a translation
goes through `html.escape`, which is all `django.utils.html.escape` does; the rest are
numbers, ISO dates and constant fragments. The template tags in `pipeline_tags` call these.
"""

import datetime as dt
import functools
import html
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.humanize.templatetags.humanize import NaturalTimeFormatter, intcomma
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from core import dates
from followups.presenters import next_step_badge
from interviews.models import ApplicationStatus

from . import rules


@functools.cache
def _move_options(current_status: str) -> str:
    """The <option>s of a card's "Move to…" select, the current status selected (built once
    per status)."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if value == current_status else "", label)
            for value, label in ApplicationStatus.choices
        ),
    )


_QUIET_BADGE = (
    f'<span class="badge text-bg-danger">Quiet {rules.NO_RESPONSE_AFTER_DAYS}+ days</span>'
)
_STALE_BADGE = '<span class="badge text-bg-warning">Stale</span>'
_CLOSED_BADGES = {
    status: f'<span class="badge text-bg-light border">{html.escape(str(label))}</span>'
    for status, label in ApplicationStatus.choices
}


class _PhraseOnce:
    """One of `naturaltime`'s translatable phrases, translated once per number it is given
    (or once, for a phrase without a number) instead of at every use."""

    __slots__ = ("number_key", "phrase", "texts")

    def __init__(self, phrase, number_key: str | None):
        self.phrase = phrase
        self.number_key = number_key
        self.texts: dict = {}

    def __mod__(self, values):
        if self.number_key is None:
            return str(self) % values
        number = values[self.number_key]
        text = self.texts.get(number)
        if text is None:
            text = self.texts[number] = self.phrase % values
        return text

    def __str__(self):
        text = self.texts.get(None)
        if text is None:
            text = self.texts[None] = str(self.phrase)
        return text


# The number each phrase of `NaturalTimeFormatter.time_strings` takes (none for "%(delta)s
# ago" and "now"); its "past/future_substrings" ("%(num)d days"…) take "num".
_NATURAL_TIME_NUMBERS = {"past-day": None, "future-day": None, "now": None}


def natural_time_formatter():
    """`naturaltime` for one page: Django's own `NaturalTimeFormatter.string_for`, with its
    phrases translated once per page instead of once per card (a board asks for 55
    relative times, and the translation lookups were most of their cost). Same text, in
    any language: a test compares it with `naturaltime`."""
    numbered = {
        name: _PhraseOnce(phrase, _NATURAL_TIME_NUMBERS.get(name, "count"))
        for name, phrase in NaturalTimeFormatter.time_strings.items()
    }
    formatter = type(
        "PageNaturalTimeFormatter",
        (NaturalTimeFormatter,),
        {
            "time_strings": numbered,
            "past_substrings": {
                name: _PhraseOnce(phrase, "num")
                for name, phrase in NaturalTimeFormatter.past_substrings.items()
            },
            "future_substrings": {
                name: _PhraseOnce(phrase, "num")
                for name, phrase in NaturalTimeFormatter.future_substrings.items()
            },
        },
    )
    return lambda value: str(formatter.string_for(value))


@dataclass(frozen=True, slots=True)
class _CardPage:
    """What every card of a page shares: the CSRF token (escaped), the clock, the zone, the
    import page's URL (for an empty column) and the relative time formatter."""

    csrf_token: str
    now: dt.datetime
    zone: dt.tzinfo
    zone_name: str
    import_url: str
    natural_time: Callable[[dt.datetime], str]

    @classmethod
    def current(cls, csrf_token) -> "_CardPage":
        return cls(
            csrf_token=html.escape(str(csrf_token)),
            now=timezone.now(),
            zone=timezone.get_current_timezone(),
            zone_name=timezone.get_current_timezone_name(),
            import_url=html.escape(reverse("pipeline:import_upload")),
            natural_time=natural_time_formatter(),
        )


def board_columns(columns, *, csrf_token, all_closed: bool) -> SafeString:
    """The board's columns (`pipeline.selectors.Column`s) with their cards, as HTML;
    `all_closed` says the closed column lists all its cards (it opens)."""
    page = _CardPage.current(csrf_token)
    return mark_safe(  # noqa: S308 (built by _column_html)
        "".join([_column_html(column, page, all_closed=all_closed) for column in columns])
    )


_CLOSED_DROPZONES = "".join(
    f'<div class="board-dropzone" data-drop-status="{html.escape(value)}">'
    f"{html.escape(str(label))}</div>"
    for value, label in ApplicationStatus.choices
    if value in rules.CLOSED_STATUSES
)
_EMPTY_COLUMN_TEXTS = {
    rules.APPLIED: "No open applications. "
    '<a href="{import_url}">Import a spreadsheet</a> or log an interview.',
    rules.INTERVIEWING: "No interviews in progress.",
    rules.OFFER: "No offers yet — keep going.",
}


def _column_html(column, page: "_CardPage", *, all_closed: bool) -> str:
    key = html.escape(column.key)
    title = html.escape(column.title)
    total = intcomma(column.total)
    cards = "".join([_card_html(card, page) for card in column.cards])
    if column.is_closed:
        summary = (
            f"Show {total} closed application{'' if column.total == 1 else 's'}"
            if column.total
            else "Nothing closed yet"
        )
        show_all = (
            '\n          <p class="small text-center my-2"><a href="?closed=all#col-closed-title">'
            f"Show all {total} closed ({intcomma(column.hidden)} more)</a></p>"
            if column.hidden
            else ""
        )
        body = f"""
      <div class="board-dropzones" aria-hidden="true">
        {_CLOSED_DROPZONES}
      </div>
      <details class="board-closed"{" open" if all_closed else ""}>
        <summary class="board-closed__summary">
          {summary}
        </summary>
        <div class="board-column__cards" data-cards>
          {cards}{show_all}
        </div>
      </details>"""
    else:
        empty = (
            ""
            if column.cards
            else '\n        <p class="board-empty small text-body-secondary">'
            f"{_EMPTY_COLUMN_TEXTS[column.key].format(import_url=page.import_url)}</p>"
        )
        show_all = (
            f'\n        <p class="small text-center my-2"><a href="?all={key}#col-{key}-title">'
            f"Show all {total} {html.escape(column.title.lower())} ({intcomma(column.hidden)} more)"
            "</a></p>"
            if column.hidden > 0
            else ""
        )
        body = f"""
      <div class="board-column__cards" data-cards>
        {cards}{empty}{show_all}
      </div>"""
    closed_class = " board-column--closed" if column.is_closed else ""
    drop_status = "" if column.is_closed else f' data-drop-status="{key}"'
    return f"""
  <section class="col-12 col-md-6 col-xl-3" aria-labelledby="col-{key}-title">
    <div class="board-column h-100{closed_class}" data-column="{key}"{drop_status}>
      <div class="board-column__header">
        <h2 class="h6 mb-0" id="col-{key}-title">{title}</h2>
        <span class="badge rounded-pill text-bg-secondary" data-count>{total}</span>
      </div>{body}
    </div>
  </section>"""


def board_card(card, *, csrf_token: str) -> SafeString:
    """One card of the board (a `pipeline.selectors.Card`) as HTML, every value escaped."""
    return mark_safe(_card_html(card, _CardPage.current(csrf_token)))  # noqa: S308


def _card_html(card, page: _CardPage) -> str:
    """`board_card`'s HTML (`html.escape` rather than `format_html`: the latter's lazy-string
    check per value made up a good part of a card's cost)."""
    app = card.application
    pk = int(app.pk)
    status = app.status
    move_url = html.escape(card.move_url)
    company = html.escape(app.company_name)
    csrf_token = page.csrf_token
    stale_class = ""
    no_response_form = ""
    if card.suggest_no_response:
        stale_class = " board-card--stale"
        badge = _QUIET_BADGE
        no_response_form = f"""
    <form method="post" action="{move_url}" class="mb-1">\
<input type="hidden" name="csrfmiddlewaretoken" value="{csrf_token}">
      <input type="hidden" name="status" value="no_response">
      <button class="btn btn-outline-danger btn-sm w-100" type="submit">\
Mark as “no response” and move on</button>
    </form>
    """
    elif card.is_stale:
        stale_class = " board-card--stale"
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
        f"{next_step_badge(card.next_step, now=page.now, zone=page.zone_name)}</div>"
    )
    activity = app.last_activity_at
    return f"""
<article class="board-card card shadow-sm{stale_class}" id="app-{pk}" draggable="true" \
data-app="{pk}" data-status="{html.escape(status)}" data-move-url="{move_url}" \
aria-labelledby="app-{pk}-title">
  <div class="card-body p-2">
    <div class="d-flex align-items-start justify-content-between gap-2">
      <h3 class="h6 mb-0 text-break" id="app-{pk}-title">\
<a href="{html.escape(card.detail_url)}">{company}</a></h3>
      {badge}
    </div>
    <p class="small mb-1 text-break">{html.escape(app.role_title)}</p>
    <ul class="list-unstyled small text-body-secondary mb-1 board-card__meta">
      <li>Last activity <time datetime="{dates.in_zone(activity, page.zone).isoformat()}">\
{html.escape(page.natural_time(activity))}</time></li>
      {waiting}
    </ul>
    {next_step}
    {no_response_form}
    <details class="board-card__move">
      <summary class="small">Move to…</summary>
      <form method="post" action="{move_url}" class="d-flex gap-1 mt-1">\
<input type="hidden" name="csrfmiddlewaretoken" value="{csrf_token}">
        <label class="visually-hidden" for="move-{pk}">Move {company} to</label>
        <select class="form-select form-select-sm" name="status" id="move-{pk}">\
{_move_options(status)}</select>
        <button class="btn btn-sm btn-primary" type="submit">Move</button>
      </form>
    </details>
  </div>
</article>
"""


def weekly_goal(goal) -> SafeString:
    """The board's weekly goal card (a `pipeline.selectors.WeeklyGoal`): this week's count
    against the goal, the streak and the chart of the last weeks."""
    this_week = goal.this_week
    profile_url = html.escape(reverse("profile"))
    if goal.target:
        left = (
            "Goal met. Nice work."
            if not goal.remaining
            else (f"{goal.remaining:d} to go — keep applying until an offer is signed.")
        )
        streak = (
            f"Streak: <strong>{goal.streak:d} week{'' if goal.streak == 1 else 's'}</strong>"
            " at goal."
            if goal.streak
            else "No streak yet: meet the goal this week to start one."
        )
        summary = f"""
        <p class="display-6 fw-semibold mb-1" data-goal-count>{this_week.count:d}\
<span class="fs-5 text-body-secondary"> / {goal.target:d}</span></p>
        <p class="small mb-2">new application{"" if goal.target == 1 else "s"} this week \
(since Monday {html.escape(formats.date_format(this_week.start, "M j"))}).
          {left}</p>
        <svg class="goal-progress mb-2" viewBox="0 0 100 6" preserveAspectRatio="none" \
role="img" aria-label="{goal.percent:d}% of this week's goal">
          <rect class="goal-progress__track" width="100" height="6" rx="3"/>
          <rect class="goal-progress__fill{"" if goal.remaining else " goal-progress__fill--met"}" \
width="{goal.percent:d}" height="6" rx="3"/>
        </svg>
        <p class="small text-body-secondary mb-0">{streak}
          <a href="{profile_url}">Change the goal</a></p>"""
    else:
        summary = f"""
        <p class="mb-1"><strong>{this_week.count:d}</strong> new \
application{"" if this_week.count == 1 else "s"} this week.</p>
        <p class="small text-body-secondary mb-0">No weekly goal set. \
<a href="{profile_url}">Set one on your profile</a> — a steady pace keeps options open.</p>"""
    return mark_safe(  # noqa: S308 (texts escaped, the rest numbers)
        f"""<section class="card shadow-sm mb-4" aria-labelledby="goal-title">
  <div class="card-body">
    <div class="row g-3 align-items-center">
      <div class="col-md-5 col-xl-4">
        <h2 class="h6 mb-1" id="goal-title">Weekly goal</h2>{summary}
      </div>
      <div class="col-md-7 col-xl-8">
        {goal_chart(goal)}
      </div>
    </div>
  </div>
</section>"""
    )


def goal_chart(goal) -> str:
    """The weekly goal's bar chart (a `pipeline.selectors.WeeklyGoal`) as an accessible SVG:
    twelve bars of a dozen values each, numbers from `rules.streak_chart_geometry`."""
    chart = goal.chart
    starts = {
        week.start: html.escape(formats.date_format(week.start, "M j")) for week in goal.weeks
    }
    description = "".join(
        f"Week of {starts[week.start]}: {week.count:d}{' (goal met)' if week.met else ''}. "
        for week in goal.weeks
    )
    if goal.target:
        description += f"Goal: {goal.target:d} a week."
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
        value = (
            f'<text class="goal-chart__value" x="{bar.cx}" y="{bar.y}" dy="-2" '
            f'text-anchor="middle">{count:d}</text>'
            if count
            else ""
        )
        # Every other week is labelled, counted back from this week's "This week".
        if i == last:
            label = (
                f'<text class="goal-chart__label" x="{bar.right}" y="{label_y}" '
                'text-anchor="end">This week</text>'
            )
        elif (last - i) % 2 == 0:
            label = (
                f'<text class="goal-chart__label" x="{bar.cx}" y="{label_y}" '
                f'text-anchor="middle">{html.escape(bar.label)}</text>'
            )
        else:
            label = ""
        bars.append(
            f"""
          <g>
            <title>Week of {starts[bar.week.start]}: {count:d} \
application{"" if count == 1 else "s"}</title>
            <rect class="{classes}" x="{bar.x}" y="{bar.y}" width="{bar.width}" \
height="{bar.height}" rx="2"/>
            {value}{label}
          </g>"""
        )
    goal_line = (
        ""
        if chart.goal_y is None
        else f'\n          <line class="goal-chart__goal" x1="0" x2="{chart.width}" '
        f'y1="{chart.goal_y}" y2="{chart.goal_y}"/>'
    )
    return f"""<svg class="goal-chart" viewBox="0 0 {chart.width} {chart.height}" role="img" \
aria-labelledby="goal-chart-title goal-chart-desc" preserveAspectRatio="xMidYMid meet">
          <title id="goal-chart-title">New applications per week, \
last {len(goal.weeks)} weeks</title>
          <desc id="goal-chart-desc">{description}</desc>
          <line class="goal-chart__axis" x1="0" x2="{chart.width}" y1="{chart.baseline_y}" \
y2="{chart.baseline_y}"/>{"".join(bars)}{goal_line}
        </svg>"""
