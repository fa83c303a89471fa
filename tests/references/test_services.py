import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from followups import services as plan
from followups.factories import FollowUpStepFactory
from followups.models import StepKind, StepStatus
from interviews.factories import InterviewFactory, JobApplicationFactory
from references import services
from references.factories import ApplicationReferenceFactory, ReferenceFactory
from references.models import ApplicationReference, Briefing, Reference

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def plan_syncs(monkeypatch):
    """Records every call to the plan's application sync (a contract with followups)."""
    calls = []
    monkeypatch.setattr(
        plan, "plan_sync_application", lambda *, application, now=None: calls.append(application)
    )
    return calls


def brief_step(given, **kwargs):
    interview = InterviewFactory(application=given.application, owner=given.application.owner)
    return FollowUpStepFactory(
        interview=interview,
        application=given.application,
        owner=given.application.owner,
        kind=StepKind.BRIEF_REFERENCES,
        reference=given.reference,
        **kwargs,
    )


def test_reference_create_keeps_only_editable_fields(user):
    reference = services.reference_create(
        owner=user, name="Dana", relationship="manager", email="d@example.com", owner_id=999
    )
    assert reference.owner == user
    assert reference.name == "Dana"


def test_reference_create_validates(user):
    with pytest.raises(ValidationError):
        services.reference_create(owner=user, name="", relationship="manager")
    assert not Reference.objects.exists()


def test_reference_update_changes_fields(user):
    reference = ReferenceFactory(owner=user, name="Dana")
    services.reference_update(reference=reference, name="Dana W.", agreed=False)
    reference.refresh_from_db()
    assert (reference.name, reference.agreed) == ("Dana W.", False)


def test_attach_records_the_employer_and_syncs_the_plan(user, plan_syncs):
    reference = ReferenceFactory(owner=user)
    application = JobApplicationFactory(owner=user)
    given = services.reference_attach(
        application=application, reference=reference, given_on=dt.date(2026, 3, 1)
    )
    assert given.given_on == dt.date(2026, 3, 1)
    assert list(application.given_references.all()) == [given]
    assert plan_syncs == [application]


def test_attach_twice_keeps_one_row_and_does_not_resync(user, plan_syncs):
    reference = ReferenceFactory(owner=user)
    application = JobApplicationFactory(owner=user)
    first = services.reference_attach(application=application, reference=reference)
    second = services.reference_attach(application=application, reference=reference)
    assert first.pk == second.pk
    assert ApplicationReference.objects.count() == 1
    assert plan_syncs == [application]


def test_attach_refuses_another_users_reference(user, other_user, plan_syncs):
    foreign = ReferenceFactory(owner=other_user)
    application = JobApplicationFactory(owner=user)
    with pytest.raises(ValidationError):
        services.reference_attach(application=application, reference=foreign)
    assert not ApplicationReference.objects.exists()
    assert plan_syncs == []


def test_detach_removes_the_row_and_syncs_the_plan(user, plan_syncs):
    given = ApplicationReferenceFactory(reference__owner=user)
    services.reference_detach(application_reference=given)
    assert not ApplicationReference.objects.exists()
    assert plan_syncs == [given.application]


def test_delete_reference_resyncs_each_application_it_was_given_to(user, plan_syncs):
    reference = ReferenceFactory(owner=user)
    first = ApplicationReferenceFactory(reference=reference)
    second = ApplicationReferenceFactory(reference=reference)
    services.reference_delete(reference=reference)
    assert not Reference.objects.exists()
    assert {a.pk for a in plan_syncs} == {first.application_id, second.application_id}


@time_machine.travel(NOW, tick=False)
def test_record_briefing_stamps_the_reference_and_completes_its_plan_step(user):
    given = ApplicationReferenceFactory(reference__owner=user)
    step = brief_step(given)
    briefing = services.reference_record_briefing(application_reference=given, channel="phone")

    given.refresh_from_db()
    step.refresh_from_db()
    assert given.briefed_at == NOW
    assert (briefing.briefed_at, briefing.channel) == (NOW, "phone")
    assert (step.status, step.done_at, step.channel) == (StepStatus.DONE, NOW, "phone")
    assert step.next_reminder_at is None


def test_record_briefing_leaves_other_references_steps_open(user):
    given = ApplicationReferenceFactory(reference__owner=user)
    colleague = ApplicationReferenceFactory(
        reference=ReferenceFactory(owner=user), application=given.application
    )
    other_step = brief_step(colleague)
    services.reference_record_briefing(application_reference=given, channel="email")
    other_step.refresh_from_db()
    assert other_step.status == StepStatus.PENDING


def test_each_briefing_is_kept_in_the_history(user):
    given = ApplicationReferenceFactory(reference__owner=user)
    first_at = timezone.now() - dt.timedelta(days=5)
    services.reference_record_briefing(application_reference=given, channel="email", at=first_at)
    services.reference_record_briefing(application_reference=given, channel="phone")
    assert Briefing.objects.filter(application_reference=given).count() == 2
    given.refresh_from_db()
    assert given.briefed_at > first_at  # "last briefed" is the latest one


def test_record_employer_contact_sets_and_clears_the_day(user):
    given = ApplicationReferenceFactory(reference__owner=user)
    services.reference_record_employer_contact(
        application_reference=given, contacted_on=dt.date(2026, 3, 9)
    )
    given.refresh_from_db()
    assert given.employer_contacted_on == dt.date(2026, 3, 9)
    services.reference_record_employer_contact(application_reference=given, contacted_on=None)
    given.refresh_from_db()
    assert given.employer_contacted_on is None
