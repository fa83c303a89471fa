"""The board's partials (templates/jinja2/pipeline/_board.jinja and _weekly_goal.jinja) read as
parsed HTML: every text escaped, every state of a card, a column and the goal rendered."""

import datetime as dt

import pytest
import time_machine
from django.template import engines
from django.test import RequestFactory

from pipeline import presenters, rules
from pipeline.selectors import Card, CardApplication, Column, NextStep, WeeklyGoal
from tests.html import parse

NOW = dt.datetime(2025, 6, 30, 12, 0, tzinfo=dt.UTC)  # a Monday


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def local(element) -> str:
    """An element's tag without its namespace (html5lib puts SVG's on SVG elements)."""
    return element.tag.rsplit("}", 1)[-1]


def by_class(document, tag, css_class):
    return [
        e
        for e in document.iter()
        if local(e) == tag and css_class in (e.get("class") or "").split()
    ]


def make_card(*, status="applied", company="Acme", role="Engineer", quiet_days=1, step=None):
    activity = NOW - dt.timedelta(days=quiet_days)
    return Card(
        application=CardApplication(7, company, role, status, NOW.date(), activity),
        next_step=step,
        days_waiting=None if status in rules.CLOSED_STATUSES else 3,
        staleness=rules.staleness(status=status, last_activity_at=activity, now=NOW),
    )


def columns(*, totals, cards=None):
    cards = cards or {}
    return [
        Column(key=key, title=title, cards=cards.get(key, []), total=totals.get(key, 0))
        for key, title in [
            ("wishlist", "Wishlist"),
            ("applied", "Applied"),
            ("interviewing", "Interviewing"),
            ("offer", "Offer"),
            ("closed", "Closed"),
        ]
    ]


def render_board(board_columns, *, all_closed=False):
    page = presenters.BoardPage(columns=board_columns, all_closed=all_closed, now=NOW, zone="UTC")
    request = RequestFactory().get("/pipeline/")
    partial = engines["jinja2"].get_template("pipeline/_board.jinja")
    return parse(partial.render({"page": page}, request=request))


def render_card(card):
    column = rules.column_for_status(card.application.status)
    document = render_board(columns(totals={column: 1}, cards={column: [card]}), all_closed=True)
    [article] = document.iter("article")
    return article


def test_a_card_escapes_the_users_texts():
    article = render_card(make_card(company='<script>alert("x")</script> & Co', role="R&D <lead>"))

    assert list(article.iter("script")) == []
    assert text(article.find(".//h3")) == '<script>alert("x")</script> & Co'
    assert text(article.find(".//label")) == 'Move <script>alert("x")</script> & Co to'
    assert text(article.find(".//p")) == "R&D <lead>"


def test_a_card_keeps_the_attributes_drag_and_drop_and_assistive_technology_use():
    article = render_card(make_card())

    assert article.get("id") == "app-7"
    assert article.get("draggable") == "true"
    assert article.get("data-app") == "7"
    assert article.get("data-status") == "applied"
    assert article.get("data-move-url") == "/pipeline/applications/7/move/"
    assert article.get("aria-labelledby") == "app-7-title"
    assert article.find(".//h3").get("id") == "app-7-title"
    assert article.find(".//h3/a").get("href") == "/applications/7/"
    label = article.find(".//label")
    assert label.get("for") == "move-7" and article.find(".//select").get("id") == "move-7"
    [selected] = [o for o in article.iter("option") if o.get("selected") is not None]
    assert selected.get("value") == "applied"
    assert [o.get("value") for o in article.iter("option")][:4] == [
        "wishlist",
        "applied",
        "interviewing",
        "offer",
    ]
    assert article.find(".//input[@name='csrfmiddlewaretoken']") is not None
    assert article.find(".//*[@data-waiting]") is None  # 3 days: too soon to say


def test_a_card_shows_its_avatar_chips_and_a_long_wait():
    card = make_card(company="acme corp", step=None)
    app = card.application
    card.application = type(app)(
        app.pk,
        app.company_name,
        app.role_title,
        app.status,
        app.date_applied,
        app.last_activity_at,
        location="Lyon",
        work_mode="remote",
        salary_range="€60-70k",
    )
    card.days_waiting = 12

    article = render_card(card)

    [avatar] = by_class(article, "span", "board-avatar")
    assert avatar.text == "A"
    assert f"board-avatar--{rules.company_colour('Acme Corp')}" in avatar.get("class").split()
    chips = [text(li) for li in by_class(article, "li", "board-chip")]
    assert chips == ["Location: Lyon", "Remote", "Salary: €60-70k", "Waiting 12 days"]


@pytest.mark.parametrize(
    ("status", "quiet_days", "badge", "stale", "suggests_no_response"),
    [
        ("applied", 1, None, False, False),
        ("applied", 14, "Stale", True, False),
        ("interviewing", 30, "Quiet 30+ days", True, True),
        ("offer", 40, None, False, False),  # an offer waits on the candidate
        ("rejected", 40, "Rejected", False, False),
    ],
)
def test_a_cards_badges_follow_its_status_and_silence(
    status, quiet_days, badge, stale, suggests_no_response
):
    article = render_card(make_card(status=status, quiet_days=quiet_days))

    badges = [text(span) for span in article.iter("span") if span.get("data-badge")]
    assert badges == ([] if badge is None else [badge])
    assert ("board-card--stale" in article.get("class").split()) is stale
    buttons = [text(button) for button in article.iter("button")]
    assert ("Mark as “no response” and move on" in buttons) is suggests_no_response


def test_a_cards_next_step_badge_says_what_and_when():
    step = NextStep("thank_you", NOW - dt.timedelta(hours=3), NOW + dt.timedelta(hours=5))

    article = render_card(make_card(step=step))

    [badge] = by_class(article, "span", "next-step-badge")
    assert text(badge) == "Send a thank-you note · due in 5 h"
    assert "text-bg-warning" in badge.get("class").split()


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


def render_goal(weekly_goal):
    partial = engines["jinja2"].get_template("pipeline/_weekly_goal.jinja")
    return parse(partial.render({"goal": weekly_goal}))


def test_the_weekly_goal_card_without_a_goal():
    document = render_goal(goal(target=0, counts=[1]))

    card = text(document.find(".//section"))
    assert "1 new application this week." in card
    assert "No weekly goal set. Set one on your profile" in card
    assert "/profile/" in [a.get("href") for a in document.iter("a")]
    assert by_class(document, "line", "goal-chart__goal") == []  # no goal line


def test_the_weekly_goal_card_counts_down_to_the_goal_and_the_streak():
    document = render_goal(goal(target=3, counts=[3, 3, 1]))

    card = text(document.find(".//section"))
    [count] = [p for p in document.iter("p") if p.get("data-goal-count") is not None]
    assert text(count) == "1 / 3"
    assert "2 to go — keep applying until an offer is signed." in card
    assert "(since Monday Jun 30)" in card
    [progress] = by_class(document, "svg", "goal-progress")
    assert progress.get("aria-label") == "33% of this week's goal"
    assert "Streak: 2 weeks at goal." in card
    assert len(by_class(document, "rect", "goal-chart__bar")) == 12
    assert len(by_class(document, "line", "goal-chart__goal")) == 1
    [description] = [e for e in document.iter() if local(e) == "desc"]
    assert text(description).endswith(
        "Week of Jun 16: 3 (goal met). Week of Jun 23: 3 (goal met). "
        "Week of Jun 30: 1. Goal: 3 a week."
    )


def test_the_weekly_goal_card_when_the_goal_is_met():
    document = render_goal(goal(target=1, counts=[2]))

    card = text(document.find(".//section"))
    assert "Goal met. Nice work." in card
    assert by_class(document, "rect", "goal-progress__fill--met")
    assert "Streak: 1 week at goal." in card


def test_empty_columns_say_so_and_point_to_the_import():
    document = render_board(columns(totals={}))

    empty = [text(p) for p in by_class(document, "p", "board-empty")]
    assert empty == [
        "Save postings you mean to apply to.",
        "No open applications. Import a spreadsheet or log an interview.",
        "No interviews in progress.",
        "No offers yet — keep going.",
    ]
    assert "/pipeline/import/" in [a.get("href") for a in document.iter("a")]
    # An empty closed column says so, without a disclosure triangle that opens on nothing.
    assert [d for d in document.iter("details") if "board-closed" in d.get("class")] == []
    assert "Nothing closed yet." in [
        text(p) for p in by_class(document, "p", "board-closed__summary")
    ]
    zones = [d.get("data-drop-status") for d in by_class(document, "div", "board-dropzone")]
    assert sorted(zones) == sorted(rules.CLOSED_STATUSES)


def test_long_columns_link_to_all_their_cards():
    document = render_board(
        columns(
            totals={"interviewing": 1234, "closed": 2},
            cards={"interviewing": [make_card(status="interviewing")], "closed": []},
        ),
        all_closed=True,
    )

    counts = {
        column.get("data-column"): text(column.find(".//span[@data-count]"))
        for column in by_class(document, "div", "board-column")
    }
    assert counts == {
        "wishlist": "0",
        "applied": "0",
        "interviewing": "1,234",
        "offer": "0",
        "closed": "2",
    }
    links = {text(a): a.get("href") for a in document.iter("a")}
    assert links["Show all 1,234 interviewing (1,233 more)"] == (
        "?all=interviewing#col-interviewing-title"
    )
    assert links["Show all 2 closed (2 more)"] == "?closed=all#col-closed-title"
    [closed] = [d for d in document.iter("details") if "board-closed" in d.get("class")]
    assert closed.get("open") is not None
    assert text(closed.find("summary")) == "Show 2 closed applications"
    drop = {
        c.get("data-column"): c.get("data-drop-status")
        for c in by_class(document, "div", "board-column")
    }
    assert drop == {
        "wishlist": "wishlist",
        "applied": "applied",
        "interviewing": "interviewing",
        "offer": "offer",
        "closed": None,
    }
