"""The fields written for the reader of a thank-you note: saved through the round's form."""

import pytest

from interviews.factories import InterviewFactory
from interviews.forms import InterviewerFormSet
from interviews.models import Interview
from interviews.services import interview_update

pytestmark = pytest.mark.django_db


def test_the_interviewer_rows_keep_the_greeting_and_the_line_to_mention(user):
    interview = InterviewFactory(application__owner=user)
    data = {
        "interviewers-TOTAL_FORMS": "1",
        "interviewers-INITIAL_FORMS": "0",
        "interviewers-0-name": "Priya Raman",
        "interviewers-0-mention": "I enjoyed hearing about your design system.",
        "interviewers-0-salutation": "Hi Priya",
    }
    formset = InterviewerFormSet(data, instance=interview, prefix="interviewers")
    assert formset.is_valid(), formset.errors
    interview_update(interview=interview, interviewers=formset.interviewer_data())
    saved = Interview.objects.get(pk=interview.pk).interviewers.get()
    assert (saved.mention, saved.salutation) == (
        "I enjoyed hearing about your design system.",
        "Hi Priya",
    )
