import datetime as dt

import factory
from django.utils import timezone

from accounts.factories import UserFactory

from .models import (
    ApplicationSource,
    Interview,
    Interviewer,
    InterviewFormat,
    JobApplication,
    RoundLabel,
    StatusChange,
    WorkMode,
)


class JobApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobApplication

    owner = factory.SubFactory(UserFactory)
    company_name = factory.Faker("company")
    company_website = factory.Faker("url")
    company_description = factory.Faker("paragraph", nb_sentences=3)
    role_title = factory.Faker("job")
    job_posting_url = factory.Faker("url")
    location = factory.Faker("city")
    work_mode = factory.Iterator([m.value for m in WorkMode])
    source = factory.Iterator([s.value for s in ApplicationSource])
    date_applied = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=10))


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusChange

    application = factory.SubFactory(JobApplicationFactory)
    from_status = "applied"
    to_status = "interviewing"


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    application = factory.SubFactory(JobApplicationFactory)
    owner = factory.SelfAttribute("application.owner")
    round_label = RoundLabel.TECHNICAL
    format = InterviewFormat.VIDEO
    starts_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=2))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=1))
    location = "https://meet.example.com/abc-defg-hij"
    topics = factory.Faker("sentence", nb_words=8)
    questions_asked = factory.Faker("sentence", nb_words=10)


class InterviewerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interviewer

    interview = factory.SubFactory(InterviewFactory)
    name = factory.Faker("name")
    title = factory.Faker("job")
    email = factory.Faker("email")
    order = factory.Sequence(int)
