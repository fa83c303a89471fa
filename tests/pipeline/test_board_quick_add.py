"""The board's "+" quick-add and the htmx answers of a move (the two changed columns)."""

import datetime as dt

import pytest
from django.urls import reverse

from interviews.factories import JobApplicationFactory
from interviews.models import JobApplication, StatusChange
from tests.html import parse

QUICK_ADD = reverse("pipeline:quick_add")
HTMX = {"HTTP_HX_REQUEST": "true"}


def sections(html):
    return {s.get("id"): s for s in parse(html).iter("section")}


@pytest.mark.parametrize("status", ["wishlist", "applied", "interviewing", "offer"])
def test_quick_add_creates_the_application_in_the_columns_status(user_client, user, status):
    response = user_client.post(
        QUICK_ADD,
        {
            "status": status,
            "company_name": "Initech",
            "role_title": "Analyst",
            "job_posting_url": "https://jobs.example.com/1",
        },
    )

    application = JobApplication.objects.get(owner=user)
    assert response.status_code == 302  # no JavaScript: back to the board
    assert response["Location"].endswith(f"#app-{application.pk}")
    assert (application.company_name, application.role_title, application.status) == (
        "Initech",
        "Analyst",
        status,
    )
    assert application.job_posting_url == "https://jobs.example.com/1"
    assert StatusChange.objects.filter(application=application, to_status=status).exists()


def test_quick_add_with_htmx_answers_the_column_with_the_new_card(user_client, user):
    response = user_client.post(
        QUICK_ADD,
        {"status": "wishlist", "company_name": "Initech", "role_title": "Analyst"},
        **HTMX,
    )

    assert response.status_code == 200
    assert list(sections(response.text)) == ["col-wishlist"]
    [article] = parse(response.text).iter("article")
    assert article.get("data-status") == "wishlist"


@pytest.mark.parametrize(
    "data",
    [
        {"status": "applied", "company_name": "", "role_title": "Analyst"},
        {"status": "closed", "company_name": "Initech", "role_title": "Analyst"},
        {"status": "rejected", "company_name": "Initech", "role_title": "Analyst"},
        {"status": "applied", "company_name": "I", "role_title": "A", "job_posting_url": "nope"},
    ],
)
def test_quick_add_refuses_what_it_cannot_add(user_client, user, data):
    response = user_client.post(QUICK_ADD, data)

    assert response.status_code == 302
    assert not JobApplication.objects.filter(owner=user).exists()


def test_quick_add_with_htmx_keeps_the_form_open_with_the_problem(user_client, user):
    response = user_client.post(
        QUICK_ADD, {"status": "applied", "company_name": "", "role_title": "A"}, **HTMX
    )

    assert response.status_code == 200
    document = parse(response.text)
    [form] = [d for d in document.iter("details") if "board-quick-add" in d.get("class")]
    assert form.get("open") is not None
    assert [p.get("role") for p in form.iter("p")] == ["alert"]


def test_a_move_with_htmx_answers_the_two_changed_columns_out_of_band(user_client, user):
    application = JobApplicationFactory(owner=user, status="applied")

    response = user_client.post(
        reverse("pipeline:move", args=[application.pk]), {"status": "interviewing"}, **HTMX
    )

    assert response.status_code == 200
    swapped = sections(response.text)
    assert list(swapped) == ["col-applied", "col-interviewing"]
    assert {s.get("hx-swap-oob") for s in swapped.values()} == {"outerHTML"}
    [card] = swapped["col-interviewing"].iter("article")
    assert card.get("id") == f"app-{application.pk}"
    assert list(swapped["col-applied"].iter("article")) == []


def test_a_forbidden_move_with_htmx_says_why(user_client, user):
    application = JobApplicationFactory(owner=user, status="offer")

    response = user_client.post(
        reverse("pipeline:move", args=[application.pk]), {"status": "wishlist"}, **HTMX
    )

    assert response.status_code == 400
    assert "cannot move" in response.json()["error"]


def test_sending_a_saved_posting_dates_the_application_today(user_client, user):
    application = JobApplicationFactory(
        owner=user, status="wishlist", date_applied=dt.date(2020, 1, 1)
    )

    user_client.post(reverse("pipeline:move", args=[application.pk]), {"status": "applied"})

    application.refresh_from_db()
    assert application.status == "applied"
    assert application.date_applied > dt.date(2020, 1, 1)


def test_another_users_application_cannot_be_moved(user_client, other_user):
    theirs = JobApplicationFactory(owner=other_user, status="applied")

    response = user_client.post(
        reverse("pipeline:move", args=[theirs.pk]), {"status": "offer"}, **HTMX
    )

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "applied"
