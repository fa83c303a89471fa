import io
from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import User
from demo import seeding
from evaluations.models import Evaluation
from followups.models import FollowUpStep
from interviews import rules
from interviews.models import ApplicationStatus as S
from interviews.models import Interview, Interviewer, JobApplication
from references.models import ApplicationReference, Reference

pytestmark = pytest.mark.django_db


def _seed(**options):
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


@pytest.mark.parametrize(
    ("final", "has_rounds", "path"),
    [
        (S.APPLIED, False, [S.APPLIED]),
        (S.INTERVIEWING, True, [S.APPLIED, S.INTERVIEWING]),
        (S.ACCEPTED, True, [S.APPLIED, S.INTERVIEWING, S.OFFER, S.ACCEPTED]),
        (S.ACCEPTED, False, [S.APPLIED, S.OFFER, S.ACCEPTED]),
        (S.REJECTED, False, [S.APPLIED, S.REJECTED]),
        (S.NO_RESPONSE, True, [S.APPLIED, S.INTERVIEWING, S.NO_RESPONSE]),
    ],
)
def test_status_path_follows_the_transition_rules(final, has_rounds, path):
    assert seeding.status_path(final, has_rounds=has_rounds) == path
    assert all(rules.can_transition(a, b) for a, b in pairwise(path))


@pytest.mark.parametrize(
    ("statuses", "total", "counts"),
    [
        ([S.APPLIED, S.OFFER, S.REJECTED], 5, [0, 3, 2]),
        ([S.APPLIED, S.APPLIED], 4, [0, 0]),
        ([S.OFFER, S.OFFER, S.OFFER], 9, [3, 3, 3]),
        ([S.OFFER], 0, [0]),
    ],
)
def test_spread_rounds(statuses, total, counts):
    assert seeding.spread_rounds(statuses, total) == counts


def test_seed_demo_creates_a_demo_user_and_prints_the_login():
    output = _seed(applications=8)
    user = User.objects.get(email=seeding.DEMO_EMAIL)
    assert user.check_password(seeding.DEMO_PASSWORD)
    assert seeding.DEMO_EMAIL in output
    assert seeding.DEMO_PASSWORD in output
    assert JobApplication.objects.owned_by(user).count() == 8
    assert Interview.objects.owned_by(user).count() == 24
    assert Interviewer.objects.owned_by(user).exists()


def test_seeded_data_is_consistent():
    _seed(applications=20)
    now = timezone.now()
    for application in JobApplication.objects.prefetch_related("status_changes", "interviews"):
        history = list(application.status_changes.all())
        assert history[0].from_status == ""
        assert history[-1].to_status == application.status
        for change in history[1:]:
            assert rules.can_transition(change.from_status, change.to_status)
        assert [c.changed_at for c in history] == sorted(c.changed_at for c in history)
        rounds = list(application.interviews.all())
        if application.status == S.APPLIED:
            assert rounds == []
        if application.status in S.closed() or application.status == S.OFFER:
            assert all(r.ends_at <= now for r in rounds)
        for interview in rounds:
            assert interview.ends_at > interview.starts_at
            assert interview.starts_at.date() >= application.date_applied
        assert application.date_applied <= timezone.localdate()


def test_seed_demo_is_rerunnable():
    _seed(applications=5)
    user = User.objects.get(email=seeding.DEMO_EMAIL)
    user.set_password("changed")
    user.save()
    _seed(applications=5)
    assert User.objects.filter(email__startswith="demo").count() == 1
    assert JobApplication.objects.count() == 5
    assert Reference.objects.count() == len(seeding.DEMO_REFERENCES)
    user.refresh_from_db()
    assert user.check_password(seeding.DEMO_PASSWORD)


def test_seed_demo_scales_to_several_users():
    output = _seed(users=3, applications=4, interviews_per_application=2)
    assert User.objects.filter(email__startswith="demo").count() == 3
    assert JobApplication.objects.count() == 12
    assert Interview.objects.count() == 24
    assert "demo3@afterview.local" in output


def test_seed_demo_syncs_the_plan_of_recent_rounds(monkeypatch):
    synced = []
    monkeypatch.setattr(
        seeding.plan, "plan_sync_interview", lambda **kwargs: synced.append(kwargs["interview"])
    )
    result = seeding.seed_demo(applications=10)
    assert synced
    assert result.plans_synced == len(synced)
    assert all(i.starts_at >= timezone.now() - seeding.PLAN_SYNC_WINDOW for i in synced)


def test_seed_demo_refuses_nonsense_sizes():
    with pytest.raises(CommandError):
        _seed(users=0)


def test_the_demo_plan_is_lived_in_not_abandoned():
    now = timezone.now()
    user = seeding.seed_demo(applications=12, now=now).users[0]
    steps = FollowUpStep.objects.owned_by(user)
    open_steps = steps.open().exclude(kind="keep_looking")

    assert not open_steps.filter(due_at__lt=now - seeding.SETTLED_AFTER).exists()
    assert open_steps.filter(due_at__lt=now).count() <= 6  # a handful late, not weeks of it
    assert steps.filter(status="done").count() > open_steps.count()
    channels = set(steps.filter(kind="thank_you", status="done").values_list("channel", flat=True))
    assert channels <= {"email", "handwritten"} and channels


def test_done_evaluation_and_briefing_steps_have_their_records():
    user = seeding.seed_demo(applications=12).users[0]
    done = FollowUpStep.objects.owned_by(user).filter(status="done")

    for step in done.filter(kind="self_evaluation"):
        assert Evaluation.objects.filter(interview=step.interview, completed_at__isnull=False)
    for step in done.filter(kind="brief_references"):
        link = ApplicationReference.objects.get(
            application=step.application, reference=step.reference
        )
        assert link.briefed_at is not None and link.briefings.exists()


def test_the_demo_has_references_and_evaluations_to_show():
    user = seeding.seed_demo(applications=12).users[0]
    today = timezone.localdate()

    assert Reference.objects.owned_by(user).count() == len(seeding.DEMO_REFERENCES)
    given = ApplicationReference.objects.owned_by(user)
    assert given.exists() and all(link.given_on <= today for link in given)
    assert Evaluation.objects.owned_by(user).filter(completed_at__isnull=False).count() >= 5


def test_seeded_rounds_obey_the_next_steps_rules():
    seeding.seed_demo(applications=12)
    rounds = Interview.objects.all()
    assert rounds.exists()
    for interview in rounds:
        answer = rules.next_steps_answer(
            next_steps=interview.next_steps,
            expected_decision_on=interview.expected_decision_on,
            follow_up_instructions=interview.follow_up_instructions,
            do_not_contact_before=interview.do_not_contact_before,
            round_day=interview.starts_at.astimezone(interview.zone).date(),
        )
        assert (interview.next_steps, answer.problems) == (answer.next_steps, {})
