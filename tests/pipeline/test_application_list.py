"""The applications list: its filters, saved views and sorts (table-driven), the bounded count,
the inline status change, and the query string keeping it all."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from interviews.factories import InterviewFactory, JobApplicationFactory
from pipeline import selectors
from pipeline.forms import ApplicationListForm
from tests.html import parse

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 14, 12, 0, tzinfo=dt.UTC)
LIST = reverse("interviews:application_list")


@pytest.fixture
def applications(user, other_user):
    """A small search: one application per case the filters tell apart."""
    days = dt.timedelta(days=1)
    made = {
        "acme": JobApplicationFactory(
            owner=user,
            company_name="Acme",
            role_title="Chemist",
            status="applied",
            source="referral",
            last_activity_at=NOW - 2 * days,
        ),
        "globex": JobApplicationFactory(
            owner=user,
            company_name="Globex",
            role_title="Data engineer",
            status="interviewing",
            source="job_board",
            last_activity_at=NOW - 10 * days,
            notes="Met Hank at a meetup",
        ),
        "initech": JobApplicationFactory(
            owner=user,
            company_name="Initech",
            role_title="Analyst",
            status="applied",
            source="job_board",
            last_activity_at=NOW - 20 * days,
        ),
        "hooli": JobApplicationFactory(
            owner=user,
            company_name="Hooli",
            role_title="Engineer",
            status="rejected",
            source="other",
            last_activity_at=NOW - 40 * days,
        ),
        "saved": JobApplicationFactory(
            owner=user,
            company_name="Umbrella",
            role_title="Chemist",
            status="wishlist",
            source="other",
            last_activity_at=NOW - 30 * days,
        ),
    }
    InterviewFactory(application=made["globex"])
    JobApplicationFactory(owner=other_user, company_name="Acme", role_title="Chemist")
    return made


def names(rows):
    return {row.company_name for row in rows}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"Acme", "Globex", "Initech", "Hooli", "Umbrella"}),
        ({"q": "acme"}, {"Acme"}),
        ({"q": "CHEMIST"}, {"Acme", "Umbrella"}),
        ({"q": "hank"}, {"Globex"}),  # the notes
        ({"status": "applied"}, {"Acme", "Initech"}),
        ({"status": "open"}, {"Acme", "Globex", "Initech", "Umbrella"}),
        ({"status": "wishlist"}, {"Umbrella"}),
        ({"source": "job_board"}, {"Globex", "Initech"}),
        ({"interview": "yes"}, {"Globex"}),
        ({"interview": "no"}, {"Acme", "Initech", "Hooli", "Umbrella"}),
        # Stale: awaiting a decision and quiet for 14 days or more (not closed, not saved).
        ({"stale": "on"}, {"Initech"}),
        ({"view": "stale"}, {"Initech"}),
        ({"view": "waiting"}, {"Globex", "Initech"}),
        ({"view": "active"}, {"Acme", "Globex", "Initech", "Umbrella"}),
        ({"view": "active", "q": "chemist"}, {"Acme", "Umbrella"}),
        ({"source": "job_board", "interview": "no"}, {"Initech"}),
        # Bad values fall back to no filter, one field at a time.
        ({"status": "bogus", "source": "job_board"}, {"Globex", "Initech"}),
        ({"view": "nope", "interview": "maybe", "q": "acme"}, {"Acme"}),
    ],
)
def test_filters_search_and_saved_views(user, applications, query, expected):
    filters = ApplicationListForm(query).filters()
    with time_machine.travel(NOW, tick=False):
        rows = selectors.application_list(user=user, filters=filters, now=NOW)
        assert names(rows) == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("activity", ["Acme", "Globex", "Initech", "Umbrella", "Hooli"]),
        ("-activity", ["Hooli", "Umbrella", "Initech", "Globex", "Acme"]),
        ("company", ["Acme", "Globex", "Hooli", "Initech", "Umbrella"]),
        ("-company", ["Umbrella", "Initech", "Hooli", "Globex", "Acme"]),
        ("role", ["Initech", "Acme", "Umbrella", "Globex", "Hooli"]),
        ("status", ["Acme", "Initech", "Globex", "Hooli", "Umbrella"]),
        ("DROP TABLE", ["Acme", "Globex", "Initech", "Umbrella", "Hooli"]),
    ],
)
def test_sorts_by_column_each_way(user, applications, sort, expected):
    filters = ApplicationListForm({"sort": sort}).filters()
    rows = selectors.application_list(user=user, filters=filters, now=NOW)
    assert [row.company_name for row in rows] == expected


def test_the_bounded_count_stops_at_its_limit(user):
    JobApplicationFactory.create_batch(7, owner=user, company_name="Acme")
    rows = selectors.application_list(
        user=user, filters=selectors.ListFilters(query="acme"), now=NOW
    )
    assert selectors.bounded_count(rows, limit=5) == 6
    assert selectors.bounded_count(rows, limit=50) == 7


def test_the_page_keeps_filters_and_sort_in_its_links(user_client, applications):
    with time_machine.travel(NOW, tick=False):
        response = user_client.get(LIST, {"q": "e", "source": "job_board", "sort": "company"})
    document = parse(response.text)
    headers = {
        "".join(th.itertext()).strip(): (th.get("aria-sort"), th.find("a").get("href"))
        for th in document.iter("th")
        if th.find("a") is not None
    }
    assert headers["Role and company"] == ("none", "?q=e&source=job_board&sort=role")
    assert headers["Last activity"] == ("none", "?q=e&source=job_board&sort=activity")
    assert [row.company_name for row in response.context["rows"]] == ["Globex", "Initech"]
    # The form sends the sort along with the filters.
    [sort] = [i for i in document.iter("input") if i.get("name") == "sort"]
    assert sort.get("value") == "company"


def test_the_current_sort_column_links_to_the_other_direction(user_client, applications):
    response = user_client.get(LIST, {"sort": "activity"})
    [th] = [
        th
        for th in parse(response.text).iter("th")
        if th.get("aria-sort") != "none" and th.find("a") is not None
    ]
    assert th.get("aria-sort") == "descending"
    assert th.find("a").get("href") == "?sort=-activity"


def test_saved_views_are_links_and_the_current_one_is_marked(user_client, applications):
    response = user_client.get(LIST, {"view": "stale"})
    nav = next(n for n in parse(response.text).iter("nav") if n.get("aria-label") == "Saved views")
    links = {"".join(a.itertext()): (a.get("href"), a.get("aria-current")) for a in nav.iter("a")}
    assert links == {
        "All": (LIST, None),
        "Active": ("?view=active", None),
        "Waiting > 7 days": ("?view=waiting", None),
        "Stale": ("?view=stale", "page"),
    }


def test_a_narrowed_list_counts_at_most_its_limit(user_client, user, monkeypatch):
    from pipeline import views

    monkeypatch.setattr(views, "LIST_COUNT_LIMIT", 30)
    JobApplicationFactory.create_batch(40, owner=user, company_name="Acme")
    response = user_client.get(LIST, {"q": "acme"})
    assert response.context["page"].paginator.count == 30
    assert response.context["more_than_counted"] is True
    assert "More than 30 match" in response.text


def test_the_inline_status_change_moves_and_comes_back_to_the_list(user_client, user):
    application = JobApplicationFactory(owner=user, status="applied")
    back = f"{LIST}?view=active&sort=company"

    response = user_client.post(
        reverse("pipeline:move", args=[application.pk]), {"status": "interviewing", "next": back}
    )

    assert response.status_code == 302 and response["Location"] == back
    application.refresh_from_db()
    assert application.status == "interviewing"


def test_the_inline_status_change_never_leaves_the_site(user_client, user):
    application = JobApplicationFactory(owner=user, status="applied")
    response = user_client.post(
        reverse("pipeline:move", args=[application.pk]),
        {"status": "interviewing", "next": "https://evil.example/"},
    )
    assert response["Location"].startswith(reverse("pipeline:board"))


@pytest.mark.parametrize("query", [{}, {"q": "acme"}, {"view": "stale", "sort": "company"}])
def test_the_list_query_count_does_not_grow_with_rows(
    user_client, user, django_assert_max_num_queries, query
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert user_client.get(LIST, query).status_code == 200
        return len(captured)

    JobApplicationFactory.create_batch(3, owner=user, company_name="Acme")
    few = queries()
    JobApplicationFactory.create_batch(40, owner=user, company_name="Acme")
    assert queries() == few <= 12
