import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.template import engines
from django.urls import reverse
from django.utils import timezone

from config.links import url_maker
from followups.factories import FollowUpStepFactory
from followups.selectors import next_steps_by_application
from followups.templatetags.followups_tags import next_step_badge
from interviews import selectors
from interviews.factories import InterviewFactory, JobApplicationFactory
from interviews.presenters import application_rows
from interviews.templatetags.interviews_tags import status_badge

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 14, 12, 0, tzinfo=dt.UTC)
# How the list's template wrote a row's last activity before the rows were built in Python.
LAST_ACTIVITY_TEMPLATE = engines["django"].from_string(
    "{% load humanize %}<time datetime=\"{{ at|date:'c' }}\">{{ at|naturaltime }}</time>"
)


def _rows(user):
    applications = list(selectors.application_list(user=user))
    return application_rows(applications, next_steps_by_application(a.pk for a in applications))


@time_machine.travel(NOW, tick=False)
def test_a_row_shows_role_company_location_status_rounds_and_link(user):
    application = JobApplicationFactory(
        owner=user, role_title="Engineer", company_name="Acme", location="Lyon", status="offer"
    )
    InterviewFactory.create_batch(3, application=application)
    [row] = _rows(user)
    assert row.url == reverse("interviews:application_detail", args=[application.pk])
    assert f'href="{row.url}">Engineer</a>' in row.html
    assert '<div class="small text-body-secondary">Acme · Lyon</div>' in row.html
    assert f"<td>{status_badge('offer')}</td>" in row.html
    assert '<td class="d-none d-md-table-cell">3</td>' in row.html
    assert (row.company_name, row.rounds, row.status) == ("Acme", 3, "offer")


@time_machine.travel(NOW, tick=False)
def test_a_row_without_a_location_shows_the_company_alone(user):
    JobApplicationFactory(owner=user, company_name="Acme", location="")
    [row] = _rows(user)
    assert '<div class="small text-body-secondary">Acme</div>' in row.html


@time_machine.travel(NOW, tick=False)
def test_a_row_escapes_what_the_user_typed(user):
    JobApplicationFactory(
        owner=user,
        role_title='<script>alert("r")</script>',
        company_name="Smith & <b>Sons</b>",
        location="'Quoted'",
    )
    [row] = _rows(user)
    assert "<script>" not in row.html
    assert "&lt;script&gt;alert(&quot;r&quot;)&lt;/script&gt;" in row.html
    assert "Smith &amp; &lt;b&gt;Sons&lt;/b&gt; · &#x27;Quoted&#x27;" in row.html


@time_machine.travel(NOW, tick=False)
def test_a_row_shows_the_next_step_badge_of_its_most_urgent_step(user):
    interview = InterviewFactory(application__owner=user)
    step = FollowUpStepFactory(
        interview=interview,
        opens_at=NOW - dt.timedelta(hours=1),
        due_at=NOW + dt.timedelta(hours=5),
    )
    [row] = _rows(user)
    assert row.next_step.pk == step.pk
    assert f"<td>{next_step_badge(step)}</td>" in row.html
    assert "due in 5 h" in row.html


@time_machine.travel(NOW, tick=False)
def test_a_row_without_an_open_step_shows_a_dash(user):
    JobApplicationFactory(owner=user)
    [row] = _rows(user)
    assert row.next_step is None
    assert f"<td>{next_step_badge(None)}</td>" in row.html


@pytest.mark.parametrize(
    "ago", [dt.timedelta(seconds=30), dt.timedelta(hours=5), dt.timedelta(days=40)]
)
@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Kolkata"])
def test_last_activity_is_written_as_the_template_filters_wrote_it(user, ago, zone):
    JobApplicationFactory(owner=user, last_activity_at=NOW - ago)
    with time_machine.travel(NOW, tick=False), timezone.override(zoneinfo.ZoneInfo(zone)):
        [row] = _rows(user)
        expected = LAST_ACTIVITY_TEMPLATE.render({"at": row.last_activity_at})
    assert expected in row.html


def test_url_maker_builds_the_same_urls_as_reverse():
    detail_url = url_maker("interviews:application_detail")
    for pk in (1, 42, 987654321, 123456789012):
        assert detail_url(pk) == reverse("interviews:application_detail", args=[pk])


def test_status_badge_markup():
    assert status_badge("offer") == '<span class="badge rounded-pill text-bg-info">Offer</span>'
    assert status_badge("bogus") == '<span class="badge rounded-pill text-bg-light">—</span>'
