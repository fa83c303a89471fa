"""An offer with a deadline, from the status form: the offer's steps, a "tell them" step on
every other open process, the calendar feed — with frozen time, in two zones."""

import datetime as dt
import zoneinfo

import icalendar
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.factories import UserFactory
from followups.models import FollowUpStep, StepKind, StepStatus
from interviews import services as interviews
from interviews.factories import InterviewerFactory, InterviewFactory, JobApplicationFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _process(user, company, *, status="interviewing", contact="", with_round=True):
    application = JobApplicationFactory(
        owner=user, company_name=company, role_title="Data Engineer", status=status
    )
    if with_round:
        starts = dt.datetime(2026, 3, 2, 14, tzinfo=UTC)
        interview = InterviewFactory(
            owner=user,
            application=application,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=1),
        )
        if contact:
            InterviewerFactory(interview=interview, name=contact, email="sam@hooli.example")
    return application


# The same wall-clock moments in two zones: an offer on Tuesday 10 March at 16:00 local,
# a deadline on Friday 13 March at 17:00 local.
@pytest.mark.parametrize(
    ("zone", "offered_utc", "deadline_utc"),
    [
        (
            "Europe/Berlin",
            dt.datetime(2026, 3, 10, 15, tzinfo=UTC),
            dt.datetime(2026, 3, 13, 16, tzinfo=UTC),
        ),
        # Los Angeles moved to summer time on 8 March: UTC-7.
        (
            "America/Los_Angeles",
            dt.datetime(2026, 3, 10, 23, tzinfo=UTC),
            dt.datetime(2026, 3, 14, 0, tzinfo=UTC),
        ),
    ],
)
def test_an_offer_cascades_to_every_open_process(zone, offered_utc, deadline_utc):
    user = UserFactory(time_zone=zone, full_name="Casey Jordan")
    offer = _process(user, "Initech")
    hooli = _process(user, "Hooli", contact="Sam Rivera")
    _process(user, "Globex", status="applied", with_round=False)
    closed = _process(user, "Umbrella", status="rejected")
    client = _client(user)

    with time_machine.travel(offered_utc, tick=False):
        response = client.post(
            reverse("interviews:application_status", args=[offer.pk]),
            {"status": "offer", "offer_deadline": "2026-03-13T17:00"},
        )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.status, offer.offer_deadline_at) == ("offer", deadline_utc)

    own = {
        s.kind: s for s in FollowUpStep.objects.filter(application=offer, status=StepStatus.PENDING)
    }
    assert set(own) == {StepKind.OFFER_CONFIRM, StepKind.OFFER_DECIDE, StepKind.OFFER_RESPOND}
    assert own[StepKind.OFFER_CONFIRM].due_at == offered_utc + dt.timedelta(hours=24)
    assert own[StepKind.OFFER_DECIDE].due_at == deadline_utc - dt.timedelta(hours=24)
    assert own[StepKind.OFFER_RESPOND].due_at == deadline_utc
    # Reminders follow the existing engine: each step's first reminder at its opening.
    assert all(s.next_reminder_at == offered_utc for s in own.values())

    news = FollowUpStep.objects.filter(kind=StepKind.OFFER_NEWS).select_related("application")
    assert {s.application.company_name for s in news} == {"Hooli", "Globex"}
    for step in news:
        assert step.opens_at == offered_utc
        assert step.due_at == offered_utc + dt.timedelta(hours=24) <= deadline_utc
        assert (
            step.title == f"Tell {step.application.company_name} you have an offer with a deadline"
        )
    assert not FollowUpStep.objects.filter(application=closed, kind=StepKind.OFFER_NEWS).exists()

    # The draft, as Sam at Hooli reads it: the deadline in the candidate's zone, no names.
    hooli_news = news.get(application=hooli)
    page = client.get(reverse("followups:offer_step", args=[hooli_news.pk]))
    body = page.context["draft"].body
    assert page.context["draft"].to == "sam@hooli.example"
    assert body.startswith("Dear Sam,")
    assert f"by Friday 13 March at 17:00 {'CET' if zone == 'Europe/Berlin' else 'PDT'}" in body
    assert "Could you share your timeline" in body
    assert "Initech" not in body

    # The deadline is in the calendar feed, with alarms a day and two hours before.
    feed = icalendar.Calendar.from_ical(
        client.get(reverse("pipeline:calendar_feed", args=[user.calendar_token])).content
    )
    [deadline_event] = [
        e for e in feed.walk("VEVENT") if str(e["UID"]) == f"offer-{offer.pk}-deadline@afterview"
    ]
    assert deadline_event.decoded("DTEND") == deadline_utc
    assert "Offer deadline" in str(deadline_event["SUMMARY"])
    triggers = sorted(a.decoded("TRIGGER") for a in deadline_event.walk("VALARM"))
    assert triggers == [-dt.timedelta(hours=24), -dt.timedelta(hours=2)]

    # Accepting the offer takes the "tell them" steps back.
    with time_machine.travel(offered_utc + dt.timedelta(days=1), tick=False):
        interviews.application_set_status(application=offer, status="accepted")
    assert not FollowUpStep.objects.filter(
        kind=StepKind.OFFER_NEWS, status=StepStatus.PENDING
    ).exists()
    assert not FollowUpStep.objects.filter(application=offer, status=StepStatus.PENDING).exists()


def test_a_close_deadline_never_puts_the_news_after_it():
    user = UserFactory(time_zone="Asia/Tokyo")
    offer = _process(user, "Initech")
    other = _process(user, "Hooli")
    offered = dt.datetime(2026, 3, 10, 1, tzinfo=UTC)  # 10:00 in Tokyo
    with time_machine.travel(offered, tick=False):
        _client(user).post(
            reverse("interviews:application_status", args=[offer.pk]),
            {"status": "offer", "offer_deadline": "2026-03-10T18:00"},  # the same evening
        )
    step = FollowUpStep.objects.get(application=other, kind=StepKind.OFFER_NEWS)
    assert step.due_at == dt.datetime(2026, 3, 10, 9, tzinfo=UTC)


def test_an_offer_without_a_deadline_asks_for_one_and_tells_nobody(user):
    offer = _process(user, "Initech")
    _process(user, "Hooli")
    interviews.application_record_offer(application=offer, deadline_at=None)
    kinds = set(FollowUpStep.objects.filter(application=offer).values_list("kind", flat=True))
    assert StepKind.OFFER_CONFIRM in kinds
    assert not FollowUpStep.objects.filter(kind=StepKind.OFFER_NEWS).exists()


def test_a_deadline_that_does_not_exist_is_refused(user_client, user):
    user.time_zone = "Europe/Berlin"
    user.save()
    offer = _process(user, "Initech")
    user_client.post(
        reverse("interviews:application_status", args=[offer.pk]),
        {"status": "offer", "offer_deadline": "2026-03-29T02:30"},  # clocks go forward
    )
    offer.refresh_from_db()
    assert offer.status == "interviewing"


def test_the_decide_checklist_compares_fit_and_growth(user_client, user):
    from evaluations.factories import EvaluationFactory

    offer = _process(user, "Initech")
    other = _process(user, "Hooli")
    EvaluationFactory(
        interview=offer.interviews.get(),
        fit_rating=4,
        growth="yes",
        completed_at=dt.datetime(2026, 3, 2, 16, tzinfo=UTC),
    )
    EvaluationFactory(
        interview=other.interviews.get(),
        fit_rating=2,
        growth="no",
        completed_at=dt.datetime(2026, 3, 2, 16, tzinfo=UTC),
    )
    interviews.application_record_offer(
        application=offer, deadline_at=dt.datetime(2026, 3, 20, 12, tzinfo=UTC)
    )
    decide = FollowUpStep.objects.get(application=offer, kind=StepKind.OFFER_DECIDE)
    rows = user_client.get(reverse("followups:offer_step", args=[decide.pk])).context["rows"]
    assert [(r.company, r.is_this_offer, r.fit_rating, r.growth) for r in rows] == [
        ("Initech", True, 4, "yes"),
        ("Hooli", False, 2, "no"),
    ]


def test_zones_agree_on_the_deadline_wall_clock():
    # The status form reads the deadline in the owner's zone, not the server's.
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    assert dt.datetime(2026, 3, 13, 16, tzinfo=UTC).astimezone(berlin).hour == 17


def test_the_tell_them_step_is_reminded_once_outside_quiet_hours():
    from django.core import mail

    from reminders import services as reminders

    user = UserFactory(time_zone="Europe/Berlin", email="casey@example.com")
    offer = _process(user, "Initech")
    _process(user, "Hooli")
    offered = dt.datetime(2026, 3, 10, 21, 30, tzinfo=UTC)  # 22:30 in Berlin: quiet hours
    with time_machine.travel(offered, tick=False):
        interviews.application_record_offer(
            application=offer, deadline_at=offered + dt.timedelta(days=3)
        )
    with time_machine.travel(offered + dt.timedelta(minutes=1), tick=False):
        reminders.dispatch_pass(now=offered + dt.timedelta(minutes=1))
    assert mail.outbox == []
    morning = dt.datetime(2026, 3, 11, 7, 5, tzinfo=UTC)  # 08:05 in Berlin
    with time_machine.travel(morning, tick=False):
        reminders.dispatch_pass(now=morning)
        reminders.dispatch_pass(now=morning + dt.timedelta(minutes=1))
    text = "\n".join(m.subject + "\n" + m.body for m in mail.outbox)
    assert "Tell Hooli you have an offer with a deadline" in text
    assert text.count("Tell Hooli you have an offer with a deadline — due by") == 1
