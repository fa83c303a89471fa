import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from followups.factories import FollowUpStepFactory
from interviews.factories import InterviewFactory, JobApplicationFactory
from interviews.models import JobApplication, StatusChange
from tests.html import parse

BOARD = reverse("pipeline:board")
NOW = dt.datetime(2025, 6, 30, 12, 0, tzinfo=dt.UTC)  # a Monday


def move_url(application):
    return reverse("pipeline:move", args=[application.pk])


def cards_in(response, column):
    return {
        card.application.pk
        for col in response.context["columns"]
        if col.key == column
        for card in col.cards
    }


def test_board_groups_applications_by_column(user_client, user, other_user):
    applied = JobApplicationFactory(owner=user, status="applied")
    interviewing = JobApplicationFactory(owner=user, status="interviewing")
    offer = JobApplicationFactory(owner=user, status="offer")
    rejected = JobApplicationFactory(owner=user, status="rejected")
    ghosted = JobApplicationFactory(owner=user, status="no_response")
    theirs = JobApplicationFactory(owner=other_user, status="applied")

    response = user_client.get(BOARD)

    assert response.status_code == 200
    assert cards_in(response, "applied") == {applied.pk}
    assert cards_in(response, "interviewing") == {interviewing.pk}
    assert cards_in(response, "offer") == {offer.pk}
    assert cards_in(response, "closed") == {rejected.pk, ghosted.pk}
    assert theirs.company_name not in response.text


def test_closed_column_is_collapsed_with_a_count(user_client, user):
    JobApplicationFactory.create_batch(3, owner=user, status="rejected")
    html = user_client.get(BOARD).text
    assert '<details class="board-closed">' in html  # no "open" attribute
    assert "Show 3 closed applications" in html


@pytest.mark.parametrize(("days_since_round", "waiting"), [(9, "Waiting 9 days"), (4, None)])
def test_card_shows_company_role_waiting_days_and_next_step(
    user_client, user, days_since_round, waiting
):
    with time_machine.travel(NOW, tick=False):
        application = JobApplicationFactory(
            owner=user,
            status="interviewing",
            company_name="Globex",
            role_title="Platform engineer",
            date_applied=dt.date(2025, 6, 1),
        )
        interview = InterviewFactory(
            application=application,
            starts_at=NOW - dt.timedelta(days=days_since_round, hours=2),
            ends_at=NOW - dt.timedelta(days=days_since_round, hours=1),
        )
        FollowUpStepFactory(
            interview=interview, kind="follow_up", due_at=NOW + dt.timedelta(days=2)
        )
        response = user_client.get(BOARD)
    html = response.text
    assert "Globex" in html and "Platform engineer" in html
    # Days waiting only once they mean something (a week and more).
    chips = [
        " ".join("".join(li.itertext()).split())
        for li in parse(html).iter("li")
        if li.get("data-waiting") is not None
    ]
    assert chips == ([] if waiting is None else [waiting])
    assert "Follow up with the employer" in html  # the next step badge


def test_board_query_count_is_constant(user_client, user, django_assert_num_queries):
    def seed(n):
        for i in range(n):
            status = ["applied", "interviewing", "offer", "rejected"][i % 4]
            application = JobApplicationFactory(owner=user, status=status)
            if status == "interviewing":
                interview = InterviewFactory(application=application)
                FollowUpStepFactory(interview=interview)

    seed(10)
    with CaptureQueriesContext(connection) as small:
        assert user_client.get(BOARD).status_code == 200
    seed(90)
    with CaptureQueriesContext(connection) as large:
        response = user_client.get(BOARD)
    assert response.context["total"] == 100
    assert len(large) == len(small)
    with django_assert_num_queries(len(small)):
        user_client.get(BOARD)


def test_move_changes_status_and_records_history(user_client, user):
    application = JobApplicationFactory(owner=user, status="applied")

    response = user_client.post(move_url(application), {"status": "interviewing"})

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "interviewing"
    change = StatusChange.objects.get(application=application)
    assert (change.from_status, change.to_status) == ("applied", "interviewing")


def test_move_from_drag_and_drop_answers_json(user_client, user):
    application = JobApplicationFactory(owner=user, status="interviewing")
    response = user_client.post(
        move_url(application), {"status": "rejected"}, headers={"Accept": "application/json"}
    )
    assert response.json() == {"status": "rejected", "label": "Rejected", "column": "closed"}
    application.refresh_from_db()
    assert application.status == "rejected"


def test_move_to_an_unknown_status_changes_nothing(user_client, user):
    application = JobApplicationFactory(owner=user, status="applied")
    response = user_client.post(
        move_url(application), {"status": "hired"}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == "applied"
    assert not StatusChange.objects.exists()


def test_a_move_the_status_rules_forbid_is_refused_not_a_crash(user_client, user):
    application = JobApplicationFactory(owner=user, status="interviewing")
    url = move_url(application)

    as_json = user_client.post(url, {"status": "applied"}, headers={"Accept": "application/json"})
    as_form = user_client.post(url, {"status": "applied"})

    assert as_json.status_code == 400
    assert "cannot move from Interviewing to Applied" in as_json.json()["error"]
    assert as_form.status_code == 302
    application.refresh_from_db()
    assert application.status == "interviewing"
    assert not StatusChange.objects.exists()


def test_move_is_post_only(user_client, user):
    application = JobApplicationFactory(owner=user, status="applied")
    assert user_client.get(move_url(application)).status_code == 405


def test_moving_another_users_application_is_404(user_client, other_user):
    theirs = JobApplicationFactory(owner=other_user, status="applied")
    response = user_client.post(move_url(theirs), {"status": "rejected"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "applied"
    assert not StatusChange.objects.exists()


@pytest.mark.parametrize(
    ("quiet_days", "stale", "suggest"),
    [(13, False, False), (14, True, False), (30, True, True)],
)
def test_stale_badges_follow_the_clock(user_client, user, quiet_days, stale, suggest):
    with time_machine.travel(NOW, tick=False):
        JobApplicationFactory(
            owner=user, status="applied", last_activity_at=NOW - dt.timedelta(days=quiet_days)
        )
        html = user_client.get(BOARD).text
    assert ("board-card--stale" in html) is stale
    assert ("Mark as “no response” and move on" in html) is suggest


def test_one_click_no_response(user_client, user):
    with time_machine.travel(NOW, tick=False):
        application = JobApplicationFactory(
            owner=user, status="applied", last_activity_at=NOW - dt.timedelta(days=31)
        )
        user_client.post(move_url(application), {"status": "no_response"})
    application.refresh_from_db()
    assert application.status == "no_response"
    assert application.last_activity_at == NOW
    assert StatusChange.objects.filter(application=application, to_status="no_response").exists()


def _goal(client):
    return client.get(BOARD).context["goal"]


def test_weekly_goal_counts_this_weeks_applications(user_client, user):
    user.weekly_application_target = 2
    user.save()
    with time_machine.travel(NOW + dt.timedelta(days=2), tick=False):  # Wednesday
        JobApplicationFactory(owner=user, date_applied=dt.date(2025, 6, 30))  # Monday
        JobApplicationFactory(owner=user, date_applied=dt.date(2025, 7, 2))
        JobApplicationFactory(owner=user, date_applied=dt.date(2025, 6, 29))  # last Sunday
        goal = _goal(user_client)
    assert goal.this_week.count == 2
    assert goal.this_week.met
    assert goal.weeks[-2].count == 1
    assert goal.remaining == 0


@pytest.mark.parametrize(
    ("zone", "this_week_start", "count"),
    [
        # Sunday 20:00 UTC is already Monday morning in Auckland: a new week with nothing yet.
        ("Pacific/Auckland", dt.date(2025, 6, 30), 0),
        # …and still Sunday in New York: Sunday's application counts for this week.
        ("America/New_York", dt.date(2025, 6, 23), 1),
    ],
)
def test_weekly_goal_weeks_follow_the_users_zone(user_client, user, zone, this_week_start, count):
    user.time_zone = zone
    user.save()
    JobApplicationFactory(owner=user, date_applied=dt.date(2025, 6, 29))  # a Sunday
    with time_machine.travel(dt.datetime(2025, 6, 29, 20, 0, tzinfo=dt.UTC), tick=False):
        goal = _goal(user_client)
    assert goal.this_week.start == this_week_start
    assert goal.this_week.count == count


def test_weekly_goal_chart_is_an_accessible_svg(user_client, user):
    JobApplicationFactory(owner=user, date_applied=timezone.localdate())
    html = user_client.get(BOARD).text
    assert 'role="img" aria-labelledby="goal-chart-title goal-chart-desc"' in html
    assert '<title id="goal-chart-title">' in html
    assert html.count('class="goal-chart__bar') == 12


def test_board_has_no_inline_script(user_client, user):
    JobApplicationFactory(owner=user)
    html = user_client.get(BOARD).text
    assert "pipeline/board.js" in html
    assert "<script>" not in html and " style=" not in html


def test_board_needs_login(client, db):
    response = client.get(BOARD)
    assert response.status_code == 302
    assert JobApplication.objects.count() == 0


def test_long_closed_column_shows_the_latest_and_links_to_all(user_client, user, monkeypatch):
    monkeypatch.setattr("pipeline.selectors.CLOSED_SHOWN", 2)
    JobApplicationFactory.create_batch(3, owner=user, status="rejected")

    response = user_client.get(BOARD)
    closed = response.context["columns"][-1]
    assert (closed.total, len(closed.cards)) == (3, 2)
    assert "Show all 3 closed (1 more)" in response.text

    response = user_client.get(BOARD, {"closed": "all"})
    assert len(response.context["columns"][-1].cards) == 3
    assert '<details class="board-closed" open>' in response.text


def test_long_open_column_shows_the_most_active_and_links_to_all(user_client, user, monkeypatch):
    monkeypatch.setattr("pipeline.selectors.OPEN_SHOWN", 2)
    applications = JobApplicationFactory.create_batch(3, owner=user, status="interviewing")

    response = user_client.get(BOARD)
    interviewing = next(c for c in response.context["columns"] if c.key == "interviewing")
    assert (interviewing.total, len(interviewing.cards)) == (3, 2)
    latest = sorted(applications, key=lambda a: (a.last_activity_at, a.pk), reverse=True)[:2]
    assert [c.application.pk for c in interviewing.cards] == [a.pk for a in latest]
    assert "Show all 3 interviewing (1 more)" in response.text

    response = user_client.get(BOARD, {"all": "interviewing"})
    interviewing = next(c for c in response.context["columns"] if c.key == "interviewing")
    assert len(interviewing.cards) == 3
