"""The Today page in a real Chromium: one-click actions swap the row in place (htmx)."""

import contextlib
import datetime as dt
import shutil

import pytest
from django.conf import settings
from django.utils import timezone

from followups import services
from followups.models import FollowUpStep, StepStatus
from interviews.factories import InterviewerFactory, InterviewFactory, JobApplicationFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("chromium"), reason="needs Chromium"),
]
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def browse(live_server, client, user):
    """Open a signed-in Chromium page; database work stays outside the `with` block,
    where no Playwright event loop runs."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value

    @contextlib.contextmanager
    def open_page(path):
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=shutil.which("chromium"),
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            context = browser.new_context()
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
            )
            page = context.new_page()
            page.goto(live_server.url + path)
            yield page
            browser.close()

    return open_page


def test_done_and_snooze_swap_the_row_without_a_reload(browse, user):
    now = timezone.now()
    interview = InterviewFactory(
        application=JobApplicationFactory(owner=user),
        starts_at=now - dt.timedelta(hours=5),
        ends_at=now - dt.timedelta(hours=4),
    )
    InterviewerFactory(interview=interview, name="Ana Ruiz")
    services.plan_sync_interview(interview=interview)
    thank_you = FollowUpStep.objects.get(interview=interview, kind="thank_you")
    evaluation = FollowUpStep.objects.get(interview=interview, kind="self_evaluation")

    with browse("/today/") as page:
        page.evaluate("window.notReloaded = true")
        page.locator(f"#step-{thank_you.pk}").get_by_role("button", name="Done").click()
        page.wait_for_selector(f"#step-{thank_you.pk}.step-done")

        row = page.locator(f"#step-{evaluation.pk}")
        row.locator("summary").click()
        row.get_by_role("button", name="For 3 hours").click()
        page.wait_for_selector(f"#step-{evaluation.pk} >> text=snoozed until")
        not_reloaded = page.evaluate("window.notReloaded")

    assert not_reloaded is True
    thank_you.refresh_from_db()
    evaluation.refresh_from_db()
    assert thank_you.status == StepStatus.DONE
    assert evaluation.status == StepStatus.PENDING
    assert evaluation.snoozed_until > now + dt.timedelta(hours=2, minutes=59)
    # The sent note started the follow-up clock.
    assert FollowUpStep.objects.filter(interview=interview, kind="follow_up", status="pending")
