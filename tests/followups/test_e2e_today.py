"""The Today page in a real Chromium: one-click actions swap the row in place (htmx)."""

import contextlib
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from followups import services
from followups.models import FollowUpStep, StepStatus
from interviews.factories import InterviewerFactory, InterviewFactory, JobApplicationFactory
from tests.browser import sign_in_by_cookie

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browse(page, live_server, user):
    """Open a page of the shared browser (tests/browser.py), signed in as `user`."""
    sign_in_by_cookie(page, user, live_server.url)

    @contextlib.contextmanager
    def open_page(path):
        page.goto(path)
        yield page

    return open_page


def _interview(user, *, hours_from_now: float):
    now = timezone.now()
    interview = InterviewFactory(
        application=JobApplicationFactory(owner=user, company_name="Initech"),
        starts_at=now + dt.timedelta(hours=hours_from_now),
        ends_at=now + dt.timedelta(hours=hours_from_now + 1),
    )
    InterviewerFactory(interview=interview, name="Ana Ruiz")
    services.plan_sync_interview(interview=interview)
    return interview


def test_done_and_snooze_change_the_plan_without_a_reload(browse, user):
    interview = _interview(user, hours_from_now=-5)
    thank_you = FollowUpStep.objects.get(interview=interview, kind="thank_you")
    evaluation = FollowUpStep.objects.get(interview=interview, kind="self_evaluation")

    with browse("/today/") as page:
        page.evaluate("window.notReloaded = true")
        page.locator(f"#step-{thank_you.pk}").get_by_role("button", name="Done").click()
        page.wait_for_selector(".step-notice >> text=Done: Send a thank-you note to Ana Ruiz")
        gone = page.locator(f"#step-{thank_you.pk}").count()
        not_reloaded = page.evaluate("window.notReloaded")

    assert (gone, not_reloaded) == (0, True)
    thank_you.refresh_from_db()
    assert thank_you.status == StepStatus.DONE
    # The sent note started the follow-up clock.
    assert FollowUpStep.objects.filter(interview=interview, kind="follow_up", status="pending")
    assert evaluation.status == StepStatus.PENDING


def test_snooze_moves_a_step_to_snoozed_and_undo_brings_it_back(browse, user):
    now = timezone.now()
    interview = _interview(user, hours_from_now=-5)
    evaluation = FollowUpStep.objects.get(interview=interview, kind="self_evaluation")

    with browse("/today/") as page:
        page.set_viewport_size({"width": 390, "height": 844})
        row = page.locator(f"#step-{evaluation.pk}")
        row.locator("summary").click()
        row.get_by_role("button", name="For 3 hours").click()
        page.wait_for_selector(f".today-group-snoozed #step-{evaluation.pk}")
        clicked_by = timezone.now()
        wakes = page.locator(f"#step-{evaluation.pk} .step-wakes").inner_text()
        notice = page.locator(".step-notice").inner_text()
        page.locator(".step-notice").get_by_role("button", name="Undo").click()
        page.wait_for_selector(".today-group-snoozed", state="detached")
        back = page.locator(f".today-group:not(.today-group-snoozed) #step-{evaluation.pk}")
        back_count = back.count()

    assert wakes.startswith("snoozed until")
    assert notice.startswith("Snoozed until")
    # A UTC user; the click may fall in the minute after the test began.
    minutes = {(t + dt.timedelta(hours=3)).strftime("%H:%M") for t in (now, clicked_by)}
    assert wakes[-5:] in minutes
    assert back_count == 1
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.snoozed_until) == (StepStatus.PENDING, None)


def test_done_is_absent_on_a_step_not_open_yet(browse, user):
    interview = _interview(user, hours_from_now=9 * 24)
    thank_you = FollowUpStep.objects.get(interview=interview, kind="thank_you")

    with browse(reverse("interviews:interview_detail", args=[interview.pk])) as page:
        row = page.locator(f"#step-{thank_you.pk}")
        row.wait_for()
        done_buttons = row.get_by_role("button", name="Done").count()
        opens = row.locator(".step-opens").inner_text()

    assert done_buttons == 0
    assert opens.startswith("Opens ")
