"""The applications list's rows: `pipeline.presenters.application_rows` (what a row says) and
templates/jinja2/pipeline/_application_rows.jinja (how it prints it), read as parsed HTML."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.template import engines
from django.urls import reverse
from django.utils import timezone

from followups.factories import FollowUpStepFactory
from followups.selectors import application_next_steps
from interviews import selectors
from interviews.factories import InterviewFactory, JobApplicationFactory
from pipeline import presenters
from tests.html import parse

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 14, 12, 0, tzinfo=dt.UTC)


def _rows(user):
    applications = list(selectors.application_list(user=user))
    steps = {s.application_id: s for s in application_next_steps(a.pk for a in applications)}
    return presenters.application_rows(
        applications, steps, now=timezone.now(), zone=timezone.get_current_timezone_name()
    )


def _render(rows):
    partial = engines["jinja2"].get_template("pipeline/_application_rows.jinja")
    # A fragment of <tr>s parses only inside a table.
    html = partial.render({"page": presenters.ListPage(rows=rows, csrf_token="t", next_url="/a/")})
    return parse(f"<table><tbody>{html}</tbody></table>")


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _company(row_element) -> str:
    [line] = [d for d in row_element.iter("div") if "text-body-secondary" in d.get("class", "")]
    return line.text


def test_a_row_offers_the_statuses_it_may_move_to(user):
    JobApplicationFactory(owner=user, status="offer")
    [tr] = _render(_rows(user)).iter("tr")
    [form] = tr.iter("form")
    assert form.find(".//input[@name='next']").get("value") == "/a/"
    assert [o.get("value") for o in form.iter("option")] == ["accepted", "rejected", "withdrawn"]


def _cells(row_element):
    return [_text(td) for td in row_element.iter("td")]


@time_machine.travel(NOW, tick=False)
def test_a_row_shows_role_company_location_status_rounds_and_link(user):
    application = JobApplicationFactory(
        owner=user, role_title="Engineer", company_name="Acme", location="Lyon", status="offer"
    )
    InterviewFactory.create_batch(3, application=application)
    rows = _rows(user)
    [tr] = _render(rows).iter("tr")

    link = tr.find(".//a")
    assert link.get("href") == reverse("interviews:application_detail", args=[application.pk])
    assert link.text == "Engineer"
    role, status, rounds, _step, _activity = _cells(tr)
    assert role == "A Engineer Acme · Lyon"  # the company's avatar letter first
    assert status.startswith("Offer ")  # the badge, then the inline status change
    assert tr.findall(".//td")[1].find("span").get("class") == "badge rounded-pill text-bg-info"
    assert rounds == "3"
    assert (rows[0].company_name, rows[0].rounds, rows[0].status) == ("Acme", 3, "offer")


@time_machine.travel(NOW, tick=False)
def test_a_row_without_a_location_shows_the_company_alone(user):
    JobApplicationFactory(owner=user, company_name="Acme", location="")
    [tr] = _render(_rows(user)).iter("tr")
    assert _company(tr) == "Acme"


@time_machine.travel(NOW, tick=False)
def test_a_row_escapes_what_the_user_typed(user):
    JobApplicationFactory(
        owner=user,
        role_title='<script>alert("r")</script>',
        company_name="Smith & <b>Sons</b>",
        location="'Quoted'",
    )
    document = _render(_rows(user))
    assert list(document.iter("script")) == [] and list(document.iter("b")) == []
    assert document.find(".//tr//a").text == '<script>alert("r")</script>'
    assert _company(document.find(".//tr")) == "Smith & <b>Sons</b> · 'Quoted'"


@time_machine.travel(NOW, tick=False)
def test_a_row_shows_the_next_step_badge_of_its_most_urgent_step(user):
    interview = InterviewFactory(application__owner=user)
    FollowUpStepFactory(
        interview=interview,
        kind="self_evaluation",
        opens_at=NOW - dt.timedelta(hours=1),
        due_at=NOW + dt.timedelta(days=3),
    )
    FollowUpStepFactory(
        interview=interview,
        kind="thank_you",
        opens_at=NOW - dt.timedelta(hours=1),
        due_at=NOW + dt.timedelta(hours=5),
    )
    [tr] = _render(_rows(user)).iter("tr")
    assert _cells(tr)[3] == "Send a thank-you note · due in 5 h"
    assert "text-bg-warning" in tr.findall(".//td")[3].find("span").get("class")  # due today


@time_machine.travel(NOW, tick=False)
def test_a_row_without_an_open_step_shows_a_dash(user):
    JobApplicationFactory(owner=user)
    [row] = _rows(user)
    assert row.next_step is None
    [tr] = _render([row]).iter("tr")
    assert _cells(tr)[3] == "—"


@pytest.mark.parametrize(
    "ago", [dt.timedelta(seconds=30), dt.timedelta(hours=5), dt.timedelta(days=40)]
)
@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Kolkata"])
def test_last_activity_is_a_relative_time_with_the_local_moment(user, ago, zone):
    JobApplicationFactory(owner=user, last_activity_at=NOW - ago)
    with time_machine.travel(NOW, tick=False), timezone.override(zoneinfo.ZoneInfo(zone)):
        [tr] = _render(_rows(user)).iter("tr")
        expected = str(naturaltime(NOW - ago))
    time = tr.find(".//time")
    assert time.text == expected
    moment = dt.datetime.fromisoformat(time.get("datetime"))
    assert moment == NOW - ago
    assert moment.utcoffset() == (NOW - ago).astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()


@pytest.mark.parametrize(
    ("status", "label", "colour"),
    [("offer", "Offer", "text-bg-info"), ("bogus", "—", "text-bg-light")],
)
def test_status_badges_name_the_status_in_its_colour(status, label, colour):
    assert presenters.status_badge(status) == presenters.StatusBadge(label, colour)
