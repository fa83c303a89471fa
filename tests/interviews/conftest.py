import pytest

from interviews.factories import InterviewerFactory, InterviewFactory, JobApplicationFactory


@pytest.fixture
def application(user):
    return JobApplicationFactory(owner=user, company_name="Acme Robotics", role_title="Engineer")


@pytest.fixture
def interview(application):
    interview = InterviewFactory(application=application)
    InterviewerFactory(interview=interview, name="Ada Lovelace", order=0)
    InterviewerFactory(interview=interview, name="Grace Hopper", order=1)
    return interview


@pytest.fixture
def plan_calls(monkeypatch):
    """Record the calls the services make into the follow-up plan."""
    calls = []
    from followups import services as plan

    for name in ("plan_sync_interview", "plan_sync_application", "plan_on_status_change"):
        monkeypatch.setattr(plan, name, lambda _name=name, **kwargs: calls.append((_name, kwargs)))
    return calls
