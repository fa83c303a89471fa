import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from interviews.factories import InterviewerFactory, InterviewFactory, JobApplicationFactory

# A Tuesday: the interview below ends at 15:00 UTC on it.
NOW = dt.datetime(2026, 3, 10, 16, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def make_interview(user):
    """An interview of `user` at a wall-clock time in their zone, with named interviewers."""

    def make(*, start=(2026, 3, 10, 14, 0), minutes=60, interviewers=(), owner=None, **fields):
        owner = owner or user
        starts_at = dt.datetime(*start, tzinfo=ZoneInfo(owner.time_zone))
        application = fields.pop("application", None) or JobApplicationFactory(
            owner=owner,
            company_name="Globex",
            role_title="Platform Engineer",
            status="interviewing",
        )
        interview = InterviewFactory(
            application=application,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(minutes=minutes),
            **{"topics": "Kafka streams and on-call culture", **fields},
        )
        for order, name in enumerate(interviewers):
            InterviewerFactory(
                interview=interview,
                name=name,
                title="Staff Engineer",
                email=f"{name.split()[0].lower()}@globex.example",
                notes="",
                order=order,
            )
        return interview

    return make
