import datetime as dt
import re

import factory
from django.utils import timezone

from accounts.factories import UserFactory

from .models import (
    ApplicationSource,
    Interview,
    Interviewer,
    InterviewFormat,
    JobApplication,
    NextSteps,
    RoundLabel,
    StatusChange,
    WorkMode,
)

# Curated so that demo data reads like one person's search, not a random job generator.
ROLE_TITLES = [
    "Senior Backend Engineer",
    "Staff Software Engineer",
    "Product Engineer",
    "Platform Engineer",
    "Data Engineer",
    "Engineering Manager",
    "Full-Stack Developer",
    "Site Reliability Engineer",
    "Senior Python Developer",
    "Machine Learning Engineer",
    "Technical Lead, Payments",
    "Developer Advocate",
    "Solutions Architect",
    "Senior Data Analyst",
    "Product Manager, Growth",
]
TOPICS = [
    "How they moved their monolith to services and what they would do differently",
    "On-call culture, incident reviews and error budgets",
    "The roadmap for the next two quarters and the team's biggest risk",
    "Code review habits, pairing, and how decisions get written down",
    "Scaling PostgreSQL: partitioning, read replicas and query budgets",
    "Hiring plans for the team and how onboarding works",
    "Remote collaboration across time zones",
    "Testing strategy: what is covered end to end and what is not",
    "How product and engineering agree on priorities",
    "Their move to event-driven architecture",
]
QUESTIONS = [
    "Tell me about a project you are proud of.",
    "Design a rate limiter for a public API.",
    "How would you debug a slow endpoint in production?",
    "Describe a disagreement with a colleague and how it ended.",
    "What would you do in your first 90 days?",
    "Walk me through a system you designed end to end.",
    "How do you decide what not to build?",
    "Reverse a linked list, then talk about its complexity.",
    "Why are you leaving your current role?",
    "What questions do you have for us?",
]
MATERIALS = [
    "Links to two code samples",
    "A short write-up of the system design we sketched",
    "References from two former managers",
    "Portfolio and the slides of my conference talk",
    "",
    "",
]


class JobApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobApplication

    owner = factory.SubFactory(UserFactory)
    company_name = factory.Faker("company")
    company_website = factory.Faker("url")
    company_description = factory.LazyFunction(
        lambda: f"{_fake.catch_phrase()} for teams worldwide; they {_fake.bs()}."
    )
    role_title = factory.Faker("random_element", elements=ROLE_TITLES)
    job_posting_url = factory.LazyAttribute(
        lambda o: f"{o.company_website.rstrip('/')}/careers/{_fake.slug()}"
    )
    location = factory.Faker("city")
    work_mode = factory.Iterator([m.value for m in WorkMode])
    salary_range = factory.Faker(
        "random_element", elements=["", "€65-75k", "$140-160k", "£70-85k", "€80-95k"]
    )
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
    topics = factory.Faker("random_element", elements=TOPICS)
    questions_asked = factory.Faker("random_element", elements=QUESTIONS)

    class Params:
        # A round where they said when they will decide and how to follow up.
        with_next_steps = factory.Trait(
            next_steps=NextSteps.GIVEN,
            expected_decision_on=factory.LazyAttribute(
                lambda o: (o.ends_at + dt.timedelta(days=7)).date()
            ),
            follow_up_instructions="Email me if you have not heard by then.",
            follow_up_contact=factory.Faker("name"),
            materials_requested=factory.Faker("random_element", elements=MATERIALS),
        )


class InterviewerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interviewer

    class Params:
        first_name = factory.Faker("first_name")
        last_name = factory.Faker("last_name")

    interview = factory.SubFactory(InterviewFactory)
    name = factory.LazyAttribute(lambda o: f"{o.first_name} {o.last_name}")
    title = factory.Faker(
        "random_element",
        elements=[
            "Engineering Manager",
            "Staff Engineer",
            "Recruiter",
            "Head of Product",
            "CTO",
            "Senior Engineer",
            "Talent Partner",
        ],
    )
    email = factory.LazyAttribute(
        lambda o: f"{_email_part(o.first_name)}.{_email_part(o.last_name)}@example.com"
    )
    notes = factory.Faker("random_element", elements=["", *TOPICS[:5]])
    order = factory.Sequence(int)


def _email_part(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower()) or "person"


# The Faker instance behind factory.Faker, so `factory.random.reseed_random` seeds it too.
_fake = factory.Faker._get_faker()
