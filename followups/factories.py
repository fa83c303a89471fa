import datetime as dt

import factory

from interviews.factories import InterviewFactory

from .models import FollowUpStep, StepKind, StepStatus


class FollowUpStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpStep

    interview = factory.SubFactory(InterviewFactory)
    application = factory.SelfAttribute("interview.application")
    owner = factory.SelfAttribute("interview.owner")
    kind = StepKind.THANK_YOU
    key = factory.Sequence(lambda n: f"test:{n}")
    opens_at = factory.LazyAttribute(lambda o: o.interview.ends_at)
    due_at = factory.LazyAttribute(lambda o: o.opens_at + dt.timedelta(hours=24))
    status = StepStatus.PENDING
    next_reminder_at = factory.LazyAttribute(
        lambda o: o.opens_at if o.status == StepStatus.PENDING else None
    )
