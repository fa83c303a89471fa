import datetime as dt

import pytest

from followups.factories import FollowUpStepFactory
from followups.selectors import next_steps_by_application
from interviews.factories import InterviewFactory

pytestmark = pytest.mark.django_db


def test_next_steps_by_application_picks_the_most_urgent_open_step(django_assert_num_queries):
    first = InterviewFactory()
    second = InterviewFactory()
    due = first.ends_at + dt.timedelta(hours=24)
    FollowUpStepFactory(interview=first, due_at=due + dt.timedelta(hours=5))
    urgent = FollowUpStepFactory(interview=first, due_at=due)
    FollowUpStepFactory(interview=first, due_at=due - dt.timedelta(hours=5), status="done")
    other = FollowUpStepFactory(interview=second)
    with django_assert_num_queries(1):
        result = next_steps_by_application([first.application_id, second.application_id])
    assert result == {first.application_id: urgent, second.application_id: other}
    assert next_steps_by_application([]) == {}
