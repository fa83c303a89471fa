"""The board's HTML built in Python (`pipeline.presenters`): cards, columns, weekly goal.

They replace templates for speed, so these tests pin what the templates guaranteed: every
text escaped, the same texts as Django's and followups' own helpers, every state rendered.
"""

import datetime as dt

import pytest
import time_machine
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.utils import timezone, translation

from followups import presenters as followup_presenters
from followups.models import FollowUpStep
from followups.templatetags.followups_tags import next_step_badge
from pipeline import presenters, rules
from pipeline.selectors import Card, CardApplication, Column, NextStep, WeeklyGoal

NOW = dt.datetime(2025, 6, 30, 12, 0, tzinfo=dt.UTC)  # a Monday
STALE = '<span class="badge text-bg-warning">Stale</span>'
QUIET = '<span class="badge text-bg-danger">Quiet 30+ days</span>'
REJECTED = '<span class="badge text-bg-light border">Rejected</span>'


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def make_card(*, status="applied", company="Acme", role="Engineer", quiet_days=1, step=None):
    activity = NOW - dt.timedelta(days=quiet_days)
    return Card(
        application=CardApplication(7, company, role, status, NOW.date(), activity),
        next_step=step,
        days_waiting=None if status in rules.CLOSED_STATUSES else 3,
        staleness=rules.staleness(status=status, last_activity_at=activity, now=NOW),
        detail_url="/applications/7/",
        move_url="/pipeline/applications/7/move/",
    )


def test_a_card_escapes_the_users_texts():
    card = make_card(company='<script>alert("x")</script> & Co', role="R&D <lead>")

    html = presenters.board_card(card, csrf_token="tok")

    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co</a></h3>" in html
    assert "Move &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co to</label>" in html
    assert "R&amp;D &lt;lead&gt;</p>" in html


def test_a_card_keeps_the_attributes_drag_and_drop_and_assistive_technology_use():
    html = presenters.board_card(make_card(), csrf_token="tok")

    assert (
        '<article class="board-card card shadow-sm" id="app-7" draggable="true" data-app="7" '
        'data-status="applied" data-move-url="/pipeline/applications/7/move/" '
        'aria-labelledby="app-7-title">'
    ) in html
    assert '<label class="visually-hidden" for="move-7">Move Acme to</label>' in html
    assert '<option value="applied" selected>Applied</option>' in html
    assert 'name="csrfmiddlewaretoken" value="tok"' in html
    assert "Waiting for a decision: <strong>3 days</strong>" in html


@pytest.mark.parametrize(
    ("status", "quiet_days", "badge", "stale", "suggests_no_response"),
    [
        ("applied", 1, "", False, False),
        ("applied", 14, '<span class="badge text-bg-warning">Stale</span>', True, False),
        (
            "interviewing",
            30,
            '<span class="badge text-bg-danger">Quiet 30+ days</span>',
            True,
            True,
        ),
        ("offer", 40, "", False, False),  # an offer waits on the candidate
        ("rejected", 40, '<span class="badge text-bg-light border">Rejected</span>', False, False),
    ],
)
def test_a_cards_badges_follow_its_status_and_silence(
    status, quiet_days, badge, stale, suggests_no_response
):
    html = presenters.board_card(make_card(status=status, quiet_days=quiet_days), csrf_token="tok")

    title_line = html.split("</h3>")[1].split("</div>")[0]
    assert title_line.strip() == badge
    assert ("board-card--stale" in html) is stale
    assert ("Mark as “no response” and move on" in html) is suggests_no_response


@pytest.mark.parametrize(
    ("opens", "due"),
    [
        (-dt.timedelta(days=3), -dt.timedelta(days=1)),  # overdue
        (-dt.timedelta(hours=3), dt.timedelta(hours=5)),  # due today
        (-dt.timedelta(hours=3), dt.timedelta(days=3)),  # up next
        (dt.timedelta(days=2), dt.timedelta(days=4)),  # opening soon
        (dt.timedelta(days=20), dt.timedelta(days=22)),  # later
    ],
)
@pytest.mark.parametrize("zone", ["UTC", "Pacific/Auckland", "America/New_York"])
def test_the_next_step_badge_is_followups_badge(opens, due, zone):
    step = FollowUpStep(kind="thank_you", opens_at=NOW + opens, due_at=NOW + due)
    with timezone.override(zone):
        expected = next_step_badge(step)
        html = followup_presenters.next_step_badge(
            NextStep(step.kind, step.opens_at, step.due_at), now=NOW, zone=zone
        )
    assert html == expected


@pytest.mark.parametrize("language", ["en-us", "fr", "de"])
def test_the_pages_relative_times_are_naturaltimes(language):
    offsets = [
        dt.timedelta(seconds=0),
        dt.timedelta(seconds=1),
        dt.timedelta(seconds=59),
        dt.timedelta(minutes=1),
        dt.timedelta(minutes=59, seconds=30),
        dt.timedelta(hours=1),
        dt.timedelta(hours=23, minutes=59),
        dt.timedelta(days=1),
        dt.timedelta(days=1, hours=5),
        dt.timedelta(days=13, minutes=3),
        dt.timedelta(days=31),
        dt.timedelta(days=400),
        dt.timedelta(days=3000),
    ]
    values = [NOW - offset for offset in offsets] + [NOW + offset for offset in offsets[1:]]
    with translation.override(language):
        natural_time = presenters.natural_time_formatter()
        for _ in range(2):  # the second time from the page's translations
            assert [natural_time(value) for value in values] == [
                str(naturaltime(value)) for value in values
            ]


def goal(*, target, counts):
    weeks = rules.weekly_counts_by_day(
        [(NOW.date() - dt.timedelta(weeks=len(counts) - 1 - i), n) for i, n in enumerate(counts)],
        today=NOW.date(),
        target=target,
    )
    return WeeklyGoal(
        target=target,
        this_week=weeks[-1],
        weeks=weeks,
        streak=rules.streak(weeks),
        chart=rules.streak_chart_geometry(weeks, target=target),
    )


def test_the_weekly_goal_card_without_a_goal():
    html = presenters.weekly_goal(goal(target=0, counts=[1]))

    assert "<strong>1</strong> new application this week." in html
    assert 'No weekly goal set. <a href="/profile/">Set one on your profile</a>' in html
    assert "goal-chart__goal" not in html  # no goal line


def test_the_weekly_goal_card_counts_down_to_the_goal_and_the_streak():
    html = presenters.weekly_goal(goal(target=3, counts=[3, 3, 1]))

    assert "1<span" in html and "> / 3</span>" in html
    assert "2 to go — keep applying until an offer is signed." in html
    assert 'aria-label="33% of this week\'s goal"' in html
    assert "Streak: <strong>2 weeks</strong> at goal." in html
    assert html.count('class="goal-chart__bar') == 12
    assert '<line class="goal-chart__goal"' in html


def test_the_weekly_goal_card_when_the_goal_is_met():
    html = presenters.weekly_goal(goal(target=1, counts=[2]))

    assert "Goal met. Nice work." in html
    assert "goal-progress__fill goal-progress__fill--met" in html
    assert "Streak: <strong>1 week</strong> at goal." in html


def columns(*, totals, cards=None):
    cards = cards or {}
    return [
        Column(key=key, title=title, cards=cards.get(key, []), total=totals.get(key, 0))
        for key, title in [
            ("applied", "Applied"),
            ("interviewing", "Interviewing"),
            ("offer", "Offer"),
            ("closed", "Closed"),
        ]
    ]


def test_empty_columns_say_so_and_point_to_the_import():
    html = presenters.board_columns(columns(totals={}), csrf_token="tok", all_closed=False)

    assert 'No open applications. <a href="/pipeline/import/">Import a spreadsheet</a>' in html
    assert "No interviews in progress." in html
    assert "No offers yet — keep going." in html
    assert "Nothing closed yet" in html
    assert '<details class="board-closed">' in html
    for status in ["accepted", "rejected", "withdrawn", "no_response"]:
        assert f'<div class="board-dropzone" data-drop-status="{status}">' in html


def test_long_columns_link_to_all_their_cards():
    html = presenters.board_columns(
        columns(
            totals={"interviewing": 1234, "closed": 2},
            cards={"interviewing": [make_card(status="interviewing")], "closed": []},
        ),
        csrf_token="tok",
        all_closed=True,
    )

    assert '<span class="badge rounded-pill text-bg-secondary" data-count>1,234</span>' in html
    assert (
        '<a href="?all=interviewing#col-interviewing-title">Show all 1,234 interviewing '
        "(1,233 more)</a>"
    ) in html
    assert "Show 2 closed applications" in html
    assert '<a href="?closed=all#col-closed-title">Show all 2 closed (2 more)</a>' in html
    assert '<details class="board-closed" open>' in html
    assert 'data-column="applied" data-drop-status="applied"' in html
    assert 'data-column="closed">' in html  # no drop status on the closed column itself
