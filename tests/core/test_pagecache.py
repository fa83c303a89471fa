"""The page cache (core/pagecache.py) under each user's data version (core/versions.py).

A main page is served from the cache while the user's data and the minute stay the same; any
write to the user's rows, by a view, a service, a queryset or a background task, shows on the
next request; another user is never served someone else's page. Real commits (the version
moves on commit) and a real in-memory cache, as under `make run`.
"""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followups import services
from followups.models import FollowUpStep, StepKind
from interviews.factories import InterviewerFactory, InterviewFactory, JobApplicationFactory
from interviews.models import Interview, Interviewer, JobApplication
from tests.html import parse

pytestmark = pytest.mark.django_db(transaction=True)

NOW = dt.datetime(2026, 3, 10, 16, 0, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def page_cache(settings):
    from django.core.cache import cache

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "page-cache-tests",
        }
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def interview(user, frozen):
    application = JobApplicationFactory(
        owner=user, company_name="Globex", role_title="Platform Engineer", status="interviewing"
    )
    interview = InterviewFactory(
        application=application,
        starts_at=NOW - dt.timedelta(hours=3),
        ends_at=NOW - dt.timedelta(hours=2),
    )
    InterviewerFactory(interview=interview, name="Ana Ruiz", email="ana@globex.example")
    services.plan_sync_interview(interview=interview)
    return interview


def plan_text(client) -> str:
    """What Today's plan and side column say, as a reader sees them."""
    response = client.get(reverse("today"))
    assert response.status_code == 200
    document = parse(response.content.decode())
    return " ".join(
        " ".join("".join(element.itertext()).split())
        for element in document.iter()
        if element.get("id") == "today-plan" or element.tag == "aside"
    )


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_a_reload_in_the_same_minute_is_served_from_the_cache(user_client, interview, frozen):
    first = queries_of(user_client, reverse("today"))
    frozen.shift(dt.timedelta(seconds=30))
    again = queries_of(user_client, reverse("today"))

    assert again < first - 2  # the plan's own queries are not run again
    assert "Send a thank-you note to Ana Ruiz" in plan_text(user_client)


def test_the_next_minute_renders_the_plan_again(user_client, interview, frozen):
    queries_of(user_client, reverse("today"))
    warm = queries_of(user_client, reverse("today"))
    frozen.shift(dt.timedelta(minutes=1))
    cold = queries_of(user_client, reverse("today"))

    assert cold > warm + 2


def _done_by_the_view(client, interview):
    step = FollowUpStep.objects.get(interview=interview, kind=StepKind.THANK_YOU)
    # Followed as a browser does: the page after the redirect shows (and uses up) the notice.
    client.post(
        reverse("followups:step_action", args=[step.pk, "done"]), {"next": "/today/"}, follow=True
    )


def _done_by_a_queryset_update(client, interview):
    services.complete_steps_of_kind(interview=interview, kind=StepKind.THANK_YOU)


def _interviewer_renamed_by_save(client, interview):
    person = interview.interviewers.get()
    person.name = "Bea Lund"
    person.save()


def _interviewer_renamed_in_bulk(client, interview):
    Interviewer.objects.filter(interview=interview).update(name="Bea Lund")


def _company_renamed_in_bulk(client, interview):
    JobApplication.objects.filter(pk=interview.application_id).update(company_name="Initech")


def _weekly_goal_changed(client, interview):
    interview.owner.weekly_application_target = 7
    interview.owner.save()


def _interview_deleted(client, interview):
    Interview.objects.filter(pk=interview.pk).delete()


@pytest.mark.parametrize(
    ("write", "gone", "shown"),
    [
        (_done_by_the_view, "Send a thank-you note to Ana Ruiz", None),
        (_done_by_a_queryset_update, "Send a thank-you note to Ana Ruiz", None),
        (_interviewer_renamed_by_save, "Ana Ruiz", "Send a thank-you note to Bea Lund"),
        (_interviewer_renamed_in_bulk, "Ana Ruiz", "Send a thank-you note to Bea Lund"),
        (_company_renamed_in_bulk, "Globex", "Initech"),
        (_weekly_goal_changed, "of 3 new applications", "of 7 new applications"),
        (_interview_deleted, "Ana Ruiz", None),
    ],
)
def test_a_write_shows_on_the_next_request_in_the_same_minute(
    user_client, user, interview, frozen, write, gone, shown
):
    user.weekly_application_target = 3
    user.save()
    before = plan_text(user_client)
    assert gone in before
    assert shown is None or shown not in before

    write(user_client, interview)
    frozen.shift(dt.timedelta(seconds=20))  # still the same minute
    after = plan_text(user_client)

    assert gone not in after
    assert shown is None or shown in after


def test_another_user_is_never_served_a_cached_page(user_client, other_user, interview):
    assert "Ana Ruiz" in plan_text(user_client)

    other = Client()
    other.force_login(other_user, backend="django.contrib.auth.backends.ModelBackend")
    theirs = plan_text(other)

    assert "Ana Ruiz" not in theirs
    assert "Globex" not in theirs


def test_the_forms_of_a_cached_page_work_in_a_new_session(user, interview):
    """The rows' forms carry a CSRF token: a new sign-in (a new secret) renders them anew."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    browser.get(reverse("today"))
    browser.logout()
    browser.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    page = parse(browser.get(reverse("today")).content.decode())
    step = FollowUpStep.objects.get(interview=interview, kind=StepKind.THANK_YOU)
    action = reverse("followups:step_action", args=[step.pk, "done"])
    form = next(f for f in page.iter("form") if f.get("action") == action)
    fields = {i.get("name"): i.get("value") for i in form.iter("input") if i.get("name")}

    response = browser.post(action, fields)

    assert response.status_code == 302
    step.refresh_from_db()
    assert step.status == "done"


PAGES = ["today", "pipeline:board", "interviews:application_list"]


@pytest.mark.parametrize("page", PAGES)
def test_each_main_page_is_served_from_the_cache_until_a_write(user_client, interview, page):
    url = reverse(page)
    first = queries_of(user_client, url)
    again = queries_of(user_client, url)
    JobApplication.objects.filter(pk=interview.application_id).update(company_name="Initech")
    changed = user_client.get(url).content.decode()

    assert again < first
    assert "Initech" in changed
    assert "Globex" not in changed


def test_the_query_string_is_part_of_the_key(user_client, user, interview):
    JobApplicationFactory(owner=user, company_name="Initech", role_title="Data Engineer")
    url = reverse("interviews:application_list")

    globex = user_client.get(url, {"q": "Globex"}).content.decode()
    initech = user_client.get(url, {"q": "Initech"}).content.decode()

    assert ("Globex" in globex, "Initech" in globex) == (True, False)
    assert ("Globex" in initech, "Initech" in initech) == (False, True)


def test_the_interview_page_is_cached_and_shows_a_step_actions_notice_once(user_client, interview):
    url = reverse("interviews:interview_detail", args=[interview.pk])
    first = queries_of(user_client, url)
    again = queries_of(user_client, url)
    step = FollowUpStep.objects.get(interview=interview, kind=StepKind.SELF_EVALUATION)
    user_client.post(reverse("followups:step_action", args=[step.pk, "skip"]), {"next": url})
    with_notice = parse(user_client.get(url).content.decode())
    after = parse(user_client.get(url).content.decode())

    def notices(document):
        return [e for e in document.iter() if "step-notice" in (e.get("class") or "")]

    assert again < first
    assert len(notices(with_notice)) == 1  # the Undo of the skip, once
    assert notices(after) == []


def test_another_users_interview_is_a_404_even_when_cached(user_client, other_user, interview):
    url = reverse("interviews:interview_detail", args=[interview.pk])
    assert user_client.get(url).status_code == 200
    other = Client()
    other.force_login(other_user, backend="django.contrib.auth.backends.ModelBackend")

    assert other.get(url).status_code == 404


def _application_with(user, rounds: int):
    application = JobApplicationFactory(owner=user)
    for _ in range(rounds):
        interview = InterviewFactory(application=application)
        InterviewerFactory.create_batch(2, interview=interview)
    return application


def test_a_deletion_moves_the_version_once_not_per_row(user):
    """What goes with a deleted row (rounds, interviewers, steps) is not looked up one by one
    for its owner: the deletion's origin moves the version."""
    small, large = _application_with(user, 1), _application_with(user, 4)

    def deletion_queries(application):
        with CaptureQueriesContext(connection) as captured:
            application.delete()
        return len(captured.captured_queries)

    assert deletion_queries(large) == deletion_queries(small)


def test_deleting_an_application_shows_at_once(user_client, user, interview, frozen):
    assert "Globex" in plan_text(user_client)
    interview.application.delete()
    assert "Globex" not in plan_text(user_client)
