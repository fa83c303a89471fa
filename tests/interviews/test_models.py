import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from interviews.factories import InterviewFactory, JobApplicationFactory
from interviews.models import Interview, Interviewer, JobApplication, StatusChange

pytestmark = pytest.mark.django_db


def test_names_are_what_a_user_would_say(interview):
    assert str(interview.application) == "Engineer at Acme Robotics"
    assert str(interview) == "Technical — Engineer at Acme Robotics"
    change = StatusChange(application=interview.application, from_status="", to_status="applied")
    assert str(change) == "new → Applied"


@pytest.mark.parametrize(
    ("status", "closed"),
    [
        ("applied", False),
        ("interviewing", False),
        ("offer", False),
        ("accepted", True),
        ("rejected", True),
        ("withdrawn", True),
        ("no_response", True),
    ],
)
def test_is_closed(status, closed):
    assert JobApplication(status=status).is_closed is closed


def test_interview_zone_is_its_own_or_the_owners(user):
    user.time_zone = "Europe/Berlin"
    interview = InterviewFactory(application__owner=user)
    assert interview.zone.key == "Europe/Berlin"
    interview.time_zone = "Asia/Tokyo"
    assert interview.zone.key == "Asia/Tokyo"
    interview.time_zone = "Not/AZone"
    assert interview.zone.key == "Europe/Berlin"


def test_the_database_refuses_an_interview_that_ends_before_it_starts(application):
    starts = dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC)
    with pytest.raises(IntegrityError), transaction.atomic():
        Interview.objects.create(
            owner=application.owner,
            application=application,
            starts_at=starts,
            ends_at=starts - dt.timedelta(minutes=1),
        )


def test_owned_by_scopes_every_model(user, other_user, interview):
    theirs = InterviewFactory(application=JobApplicationFactory(owner=other_user))
    assert list(JobApplication.objects.owned_by(user)) == [interview.application]
    assert list(Interview.objects.owned_by(user)) == [interview]
    assert set(Interviewer.objects.owned_by(user)) == set(interview.interviewers.all())
    assert not Interview.objects.owned_by(user).filter(pk=theirs.pk).exists()
    StatusChange.objects.create(application=theirs.application, to_status="applied")
    assert not StatusChange.objects.owned_by(user).exists()
