"""Moving a card to "Offer" on the board leads to the offer's deadline (issue 18.3): the
plan tells the other open processes only once it knows when the offer expires."""

import datetime as dt

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from followups.models import FollowUpStep, StepKind
from interviews.factories import JobApplicationFactory
from tests.html import parse

NOW = dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.UTC)


def move_url(application):
    return reverse("pipeline:move", args=[application.pk])


def deadline_form_url(application):
    return f"{application.get_absolute_url()}#offer-deadline"


def test_a_plain_move_to_offer_redirects_to_the_deadline_field(user_client, user):
    application = JobApplicationFactory(owner=user, status="interviewing", company_name="Initech")

    response = user_client.post(move_url(application), {"status": "offer"})

    assert response.status_code == 302
    assert response["Location"] == deadline_form_url(application)
    application.refresh_from_db()
    assert application.status == "offer"
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "When does the offer expire?" in message


def test_a_drag_to_offer_answers_with_an_htmx_redirect(user_client, user):
    application = JobApplicationFactory(owner=user, status="interviewing")

    response = user_client.post(
        move_url(application), {"status": "offer"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 204
    assert response["HX-Redirect"] == deadline_form_url(application)
    application.refresh_from_db()
    assert application.status == "offer"


def test_a_json_move_to_offer_names_the_deadline_field(user_client, user):
    application = JobApplicationFactory(owner=user, status="interviewing")

    response = user_client.post(
        move_url(application), {"status": "offer"}, headers={"Accept": "application/json"}
    )

    assert response.json()["redirect"] == deadline_form_url(application)


def test_other_moves_stay_on_the_board(user_client, user):
    application = JobApplicationFactory(owner=user, status="applied")

    response = user_client.post(move_url(application), {"status": "interviewing"})

    assert response["Location"] == f"{reverse('pipeline:board')}#app-{application.pk}"


def test_the_page_after_the_move_asks_for_the_deadline(user_client, user):
    application = JobApplicationFactory(owner=user, status="interviewing")

    response = user_client.post(move_url(application), {"status": "offer"}, follow=True)

    page = parse(response.content.decode())
    [form] = [
        f
        for f in page.iter("form")
        if f.get("action") == reverse("interviews:application_status", args=[application.pk])
    ]
    [field] = [i for i in form.iter("input") if i.get("name") == "offer_deadline"]
    assert field.get("id") == "offer-deadline"
    buttons = [b for b in form.iter("button") if b.get("value") == "offer"]
    assert ["".join(b.itertext()).strip() for b in buttons] == ["Save the deadline"]
    assert "When does the offer expire?" in "".join(page.itertext())


@pytest.mark.django_db
def test_the_deadline_saved_after_the_move_tells_the_other_processes(user_client, user):
    offer = JobApplicationFactory(owner=user, status="interviewing", company_name="Initech")
    JobApplicationFactory(owner=user, status="applied", company_name="Hooli")

    with time_machine.travel(NOW, tick=False):
        user_client.post(move_url(offer), {"status": "offer"})
        response = user_client.post(
            reverse("interviews:application_status", args=[offer.pk]),
            {"status": "offer", "offer_deadline": "2026-03-13T17:00"},
        )

    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "offer"
    assert offer.offer_deadline_at == dt.datetime(2026, 3, 13, 17, tzinfo=dt.UTC)
    assert offer.status_changes.filter(to_status="offer").count() == 1
    told = FollowUpStep.objects.filter(kind=StepKind.OFFER_NEWS).select_related("application")
    assert {step.application.company_name for step in told} == {"Hooli"}
