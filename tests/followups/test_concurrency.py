"""Two requests racing on one plan (real row locks: PostgreSQL only)."""

import threading

import pytest
from django.db import connection

from followups import services
from followups.models import FollowUpStep

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(target, *args_list):
    barrier = threading.Barrier(len(args_list))
    errors = []

    def run(kwargs):
        try:
            barrier.wait()
            target(**kwargs)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(kwargs,)) for kwargs in args_list]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_two_syncs_of_one_application_create_each_step_once(make_interview):
    interview = make_interview(interviewers=["Ana Ruiz", "Ben Ode"])
    errors = race(services.plan_sync_interview, {"interview": interview}, {"interview": interview})
    assert errors == []
    keys = list(FollowUpStep.objects.filter(application=interview.application).values_list("key"))
    assert len(keys) == len(set(keys)) == 5


def test_two_clicks_on_done_complete_the_step_once(make_interview):
    interview = make_interview()
    services.plan_sync_interview(interview=interview)
    step = FollowUpStep.objects.get(interview=interview, kind="thank_you")
    errors = race(
        services.step_complete,
        {"step": step, "channel": "email"},
        {"step": step, "channel": "linkedin"},
    )
    assert errors == []
    step.refresh_from_db()
    assert step.status == "done"
    # Exactly one follow-up is open: the second click did not plan another.
    assert (
        FollowUpStep.objects.filter(
            application=interview.application, kind="follow_up", status="pending"
        ).count()
        == 1
    )


def test_a_click_racing_a_recompute_does_not_deadlock(make_interview):
    interview = make_interview(interviewers=["Ana Ruiz", "Ben Ode"])
    services.plan_sync_interview(interview=interview)
    steps = list(FollowUpStep.objects.filter(interview=interview, kind="thank_you"))
    calls = [
        lambda: services.step_complete(step=steps[0], channel="email"),
        lambda: services.plan_sync_interview(interview=interview),
        lambda: services.step_skip(step=steps[1]),
        lambda: services.plan_sync_interview(interview=interview),
    ]
    errors = race(lambda call: call(), *({"call": call} for call in calls))
    assert errors == []
    statuses = set(
        FollowUpStep.objects.filter(interview=interview, kind="thank_you").values_list("status")
    )
    assert statuses == {("done",), ("skipped",)}
