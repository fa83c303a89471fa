"""Random text, dates and numbers posted into every form: never a 500, nothing saved if invalid.

FORMS is the registry: one line per form, naming its URL, a generator per field and the models
whose rows an invalid post must not add. A field generator mixes plausible values (so some posts
are valid and the save path runs too) with junk: empty, huge, unicode, control characters,
numbers where text belongs, text where numbers belong, impossible dates. Fields may be left out.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import models
from django.forms import BaseForm, BaseFormSet
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from accounts.factories import UserFactory
from accounts.models import User
from core.choices import Channel
from evaluations.models import Evaluation
from followups.forms import StepActionForm
from followups.models import FollowUpStep
from followups.rules import SNOOZE_CHOICES
from interviews.forms import StatusChangeForm
from interviews.models import (
    ApplicationSource,
    ApplicationStatus,
    Interview,
    Interviewer,
    InterviewFormat,
    JobApplication,
    NextSteps,
    RoundLabel,
    StatusChange,
    WorkMode,
)
from pipeline.csvio import IMPORTABLE
from pipeline.forms import MoveForm
from references.models import (
    ApplicationReference,
    Briefing,
    ContactMethod,
    Reference,
    Relationship,
)

from . import object_urls
from .object_urls import Target, counts, snapshot

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"

junk = st.one_of(
    st.just(""),
    st.text(max_size=40),
    st.text(min_size=250, max_size=600),
    st.just("x" * 25_000),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(dt.date.isoformat),
    st.sampled_from(
        ["0", "-1", "1e309", "NaN", "2024-02-30", "25:61", "\x00", "<script>x</script>"]
    ),
)


def text(*plausible: str, max_size: int = 200) -> st.SearchStrategy[str]:
    examples = st.sampled_from(plausible) if plausible else st.text(min_size=1, max_size=max_size)
    return st.one_of(examples, junk)


def number(low: int, high: int) -> st.SearchStrategy[str]:
    return st.one_of(st.integers(low - 3, high + 3).map(str), junk)


def date() -> st.SearchStrategy[str]:
    return st.one_of(st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1)).map(str), junk)


def datetime_local() -> st.SearchStrategy[str]:
    moments = st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2040, 1, 1))
    return st.one_of(moments.map(lambda d: d.strftime("%Y-%m-%dT%H:%M")), junk)


def clock_time() -> st.SearchStrategy[str]:
    return st.one_of(st.times().map(lambda t: t.strftime("%H:%M")), junk)


def choice(*values: str) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(values), junk)


def checkbox() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(["on", "", "off", "true"]), junk)


@dataclass(frozen=True)
class FormCase:
    url_name: str
    fields: dict[str, st.SearchStrategy]
    counted: tuple[type[models.Model], ...]
    anonymous: bool = False
    # Rows an invalid post must leave untouched; by default the signed-in user's own row.
    watched: Callable[[User], list[models.Model]] = field(default=lambda user: [user])
    url_kwargs: Callable[[User], dict] = field(default=lambda user: {})
    # A valid submission; posts that change only a few of its fields reach the save path.
    baseline: dict[str, str] = field(default_factory=dict)
    # For a form about one object: builds it (URL kwargs, watched and counted rows) ...
    build: Callable[[User], Target] | None = None
    # ... and the parts of a valid submission that depend on it (e.g. its rows' ids).
    baseline_for: Callable[[User, Target], dict] | None = None
    label: str = ""
    # A POST-only action has no page showing its form: the fields come from the form class.
    action_fields: Callable[[Target], set[str]] | None = None

    @property
    def id(self) -> str:
        return f"{self.url_name}[{self.label}]" if self.label else self.url_name

    def target_for(self, user) -> Target:
        if self.build:
            target = self.build(user)
            return Target(target.kwargs, target.watched, (*self.counted, *target.counted))
        return Target(self.url_kwargs(user), self.watched(user), self.counted)

    def baseline_of(self, user, target: Target) -> dict:
        extra = self.baseline_for(user, target) if self.baseline_for else {}
        return {**self.baseline, **extra}

    def posts(self, baseline: dict | None = None) -> st.SearchStrategy[dict]:
        """Any subset of fields with random values, or the baseline with one or two changed."""
        baseline = self.baseline if baseline is None else baseline
        anything = st.fixed_dictionaries({}, optional=self.fields)
        if not baseline:
            return anything
        chosen = st.lists(st.sampled_from(sorted(self.fields)), max_size=2, unique=True)
        changes = chosen.flatmap(
            lambda names: st.fixed_dictionaries({name: self.fields[name] for name in names})
        )
        return st.one_of(anything, changes.map(lambda changed: {**baseline, **changed}))


PROFILE_FIELDS = {
    "full_name": text("Casey Jordan"),
    "time_zone": choice("UTC", "Europe/Berlin", "America/New_York", "Mars/Olympus"),
    "thank_you_within_hours": number(1, 168),
    "self_evaluation_within_hours": number(1, 72),
    "follow_up_after_days": number(1, 60),
    "max_follow_ups": number(1, 5),
    "follow_up_spacing_days": number(1, 60),
    "weekly_application_target": number(0, 100),
    "reminders_paused": checkbox(),
    "remind_thank_you": checkbox(),
    "remind_follow_up": checkbox(),
    "remind_references": checkbox(),
    "remind_evaluation": checkbox(),
    "remind_weekly_digest": checkbox(),
    "digest_weekday": number(0, 6),
    "quiet_hours_start": clock_time(),
    "quiet_hours_end": clock_time(),
}
PROFILE_BASELINE = {
    "full_name": "Casey Jordan",
    "time_zone": "Europe/Berlin",
    "thank_you_within_hours": "24",
    "self_evaluation_within_hours": "3",
    "follow_up_after_days": "7",
    "max_follow_ups": "2",
    "follow_up_spacing_days": "7",
    "weekly_application_target": "3",
    "remind_thank_you": "on",
    "digest_weekday": "0",
    "quiet_hours_start": "21:00",
    "quiet_hours_end": "08:00",
}
NEW_PASSWORD = choice("another sturdy phrase 7", "short", "12345678")

# The login form is left out on purpose: wrong passwords lock the address out for this client
# (allauth's rate limits), which tests/accounts/test_throttling.py covers.
FORMS = [
    FormCase(
        "signup",
        {
            "email": st.one_of(st.emails().map(str), junk),
            "full_name": text("Sam Rivera"),
            "time_zone": choice("UTC", "Europe/Berlin", "Nowhere/Else"),
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
        counted=(User,),
        anonymous=True,
        watched=lambda user: [],
        baseline={
            "email": "new.person@example.com",
            "time_zone": "UTC",
            "password1": "a sturdy passphrase 42",
            "password2": "a sturdy passphrase 42",
        },
    ),
    FormCase("profile", PROFILE_FIELDS, counted=(User,), baseline=PROFILE_BASELINE),
    FormCase(
        "password_change",
        {
            "oldpassword": choice(PASSWORD),
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
        counted=(User,),
    ),
    FormCase(
        "password_reset",
        {"email": choice("casey@example.com", "nobody@example.com")},
        counted=(User,),
        anonymous=True,
    ),
]


# --- Issues 3, 4, 5 and 7: applications, rounds, the plan, references, evaluations, pipeline ---

TODAY = timezone.localdate()
RECENT = (TODAY - dt.timedelta(days=2)).isoformat()
ROUND_START = f"{RECENT}T10:00"
ROUND_END = f"{RECENT}T11:00"


def url(*plausible: str) -> st.SearchStrategy[str]:
    return text("https://example.com/jobs/1", "javascript:alert(1)", "ftp://x", *plausible)


def id_like() -> st.SearchStrategy[str]:
    return st.one_of(st.integers(-2, 10**12).map(str), junk)


APPLICATION_FIELDS = {
    "company_name": text("Initech"),
    "company_website": url(),
    "company_description": text("They make TPS reports."),
    "role_title": text("Analyst"),
    "job_posting_url": url(),
    "location": text("Berlin"),
    "work_mode": choice(*WorkMode.values),
    "salary_range": text("€70-80k"),
    "source": choice(*ApplicationSource.values),
    "date_applied": date(),
    "notes": text("Met them at a meetup."),
}
APPLICATION_BASELINE = {
    "company_name": "Initech",
    "role_title": "Analyst",
    "work_mode": "remote",
    "source": "referral",
    "date_applied": RECENT,
}
ROUND_FIELDS = {
    "round_label": choice(*RoundLabel.values),
    "format": choice(*InterviewFormat.values),
    "starts_at": datetime_local(),
    "ends_at": datetime_local(),
    "time_zone": choice("", "Europe/Berlin", "America/New_York", "Mars/Olympus"),
    "location": text("Room 4"),
    "topics": text("Kafka and on-call"),
    "questions_asked": text("Design a rate limiter."),
    "materials_requested": text("My portfolio"),
    "article_url": url(),
    "next_steps": choice(*NextSteps.values),
    "expected_decision_on": date(),
    "follow_up_instructions": text("Email Sam next week."),
    "follow_up_contact": text("Sam"),
    "do_not_contact_before": date(),
}
ROUND_BASELINE = {
    "round_label": "technical",
    "format": "video",
    "starts_at": ROUND_START,
    "ends_at": ROUND_END,
}
# The interviewer rows, management form included: a forged TOTAL_FORMS must not crash or
# create thousands of rows.
INTERVIEWER_FIELDS = {
    "interviewers-TOTAL_FORMS": number(0, 25),
    "interviewers-INITIAL_FORMS": number(0, 3),
    "interviewers-MIN_NUM_FORMS": number(0, 1),
    "interviewers-MAX_NUM_FORMS": number(0, 1000),
    "interviewers-0-name": text("Ana Ruiz"),
    "interviewers-0-title": text("Staff Engineer"),
    "interviewers-0-email": st.one_of(st.emails().map(str), junk),
    "interviewers-0-notes": text("Billing service"),
    "interviewers-0-DELETE": checkbox(),
}
INTERVIEWER_BASELINE = {
    "interviewers-TOTAL_FORMS": "1",
    "interviewers-INITIAL_FORMS": "0",
    "interviewers-MIN_NUM_FORMS": "0",
    "interviewers-MAX_NUM_FORMS": "1000",
    "interviewers-0-name": "Ana Ruiz",
}
REFERENCE_FIELDS = {
    "name": text("Dana Scully"),
    "relationship": choice(*Relationship.values),
    "company": text("FBI"),
    "title": text("Special Agent"),
    "email": st.one_of(st.emails().map(str), junk),
    "phone": text("+49 30 1234567"),
    "preferred_contact": choice("", *ContactMethod.values),
    "agreed": checkbox(),
    "notes": text("Led the X-files migration with me."),
}
EVALUATION_FIELDS = {
    "went_well": text("The system design part."),
    "wish_said": text("That I shard by tenant."),
    "interviewer_reaction": text("Nodding a lot."),
    "reaction_rating": number(1, 5),
    "confidence": number(1, 5),
    "confidence_why": text("Prepared well."),
    "company_feeling": number(1, 5),
    "growth": choice("yes", "maybe", "no"),
    "fit_rating": number(1, 5),
    "interest_rating": number(1, 5),
    "struggled_questions": text("Tell me about a failure."),
    "finish": choice("1", "Finish"),
}
EVALUATION_BASELINE = {
    "went_well": "The system design part.",
    "reaction_rating": "4",
    "confidence": "3",
    "interest_rating": "5",
}
DRAFT_FIELDS = {
    "draft": text("Dear Ana, thank you.", max_size=2000),
    "channel": choice("", *Channel.values),
    "intent": choice("save", "reset"),
}


def _interviewer_rows(user, target: Target) -> dict:
    interview = Interview.objects.get(pk=target.kwargs["pk"])
    row = interview.interviewers.first()
    return {
        "interviewers-INITIAL_FORMS": "1",
        "interviewers-0-id": str(row.pk),
        "interviewers-0-interview": str(interview.pk),
    }


def _own_reference(user, target: Target) -> dict:
    return {"reference": str(Reference.objects.filter(owner=user).first().pk)}


def _attach_with_a_reference(user) -> Target:
    object_urls.ReferenceFactory(owner=user)
    return object_urls._attach(user)


def _mapping_fields() -> dict[str, st.SearchStrategy]:
    headers = ("Company", "Role", "Applied on", "", "Nope")
    return {column.name: choice(*headers) for column in IMPORTABLE}


FORMS += [
    FormCase(
        "interviews:application_create",
        {**APPLICATION_FIELDS, "status": choice(*ApplicationStatus.values)},
        counted=(JobApplication, StatusChange, FollowUpStep),
        baseline={**APPLICATION_BASELINE, "status": "applied"},
    ),
    FormCase(
        "interviews:application_update",
        APPLICATION_FIELDS,
        counted=(JobApplication, StatusChange),
        build=object_urls._application,
        baseline=APPLICATION_BASELINE,
    ),
    FormCase(
        "interviews:application_status",
        {"status": choice(*ApplicationStatus.values), "note": text("They called.")},
        counted=(StatusChange,),
        build=object_urls._application,
        baseline={"status": "offer"},
        action_fields=lambda target: set(
            StatusChangeForm(application=JobApplication.objects.get(**target.kwargs)).fields
        ),
    ),
    FormCase(
        "interviews:log_interview",
        {
            "app-application": id_like(),
            "app-company_name": text("Initech"),
            "app-role_title": text("Analyst"),
            "app-company_description": text("TPS reports."),
            **ROUND_FIELDS,
            **INTERVIEWER_FIELDS,
        },
        counted=(JobApplication, Interview, Interviewer, FollowUpStep),
        baseline={
            "app-company_name": "Initech",
            "app-role_title": "Analyst",
            **ROUND_BASELINE,
            **INTERVIEWER_BASELINE,
        },
    ),
    FormCase(
        "interviews:interview_create",
        {**ROUND_FIELDS, **INTERVIEWER_FIELDS},
        counted=(Interview, Interviewer, FollowUpStep),
        build=object_urls._application,
        baseline={**ROUND_BASELINE, **INTERVIEWER_BASELINE},
    ),
    FormCase(
        "interviews:interview_update",
        {**ROUND_FIELDS, **INTERVIEWER_FIELDS, "interviewers-0-id": id_like()},
        counted=(Interviewer, FollowUpStep),
        build=object_urls._interview,
        baseline={**ROUND_BASELINE, **INTERVIEWER_BASELINE},
        baseline_for=_interviewer_rows,
    ),
    FormCase(
        "followups:thank_you_composer",
        DRAFT_FIELDS,
        counted=(FollowUpStep,),
        build=object_urls._thank_you_composer,
        baseline={"draft": "Dear Ana, thank you for your time."},
    ),
    FormCase(
        "followups:follow_up_composer",
        DRAFT_FIELDS,
        counted=(FollowUpStep,),
        build=object_urls._follow_up_composer,
        baseline={"draft": "Dear Sam, any news?", "channel": "email"},
    ),
    FormCase(
        "followups:step_action",
        {
            "snooze_for": choice(*(value for value, _label in SNOOZE_CHOICES)),
            "channel": choice("", *Channel.values),
            "next": text("/today/", "https://evil.example/", "//evil.example"),
            "show_context": checkbox(),
        },
        counted=(FollowUpStep,),
        build=object_urls._step_action("snooze"),
        label="snooze",
        baseline={"snooze_for": "tomorrow"},
        action_fields=lambda target: set(StepActionForm().fields),
    ),
    FormCase(
        "references:create",
        REFERENCE_FIELDS,
        counted=(Reference,),
        baseline={
            "name": "Dana Scully",
            "relationship": "manager",
            "preferred_contact": "",
            "agreed": "on",
        },
    ),
    FormCase(
        "references:edit",
        REFERENCE_FIELDS,
        counted=(Reference,),
        build=object_urls._reference,
        baseline={"name": "Dana Scully", "relationship": "manager", "preferred_contact": "any"},
    ),
    FormCase(
        "references:attach",
        {"reference": id_like(), "given_on": date()},
        counted=(ApplicationReference, FollowUpStep),
        build=_attach_with_a_reference,
        baseline={"given_on": RECENT},
        baseline_for=_own_reference,
    ),
    FormCase(
        "references:employer_contact",
        {"contacted_on": date()},
        counted=(ApplicationReference,),
        build=object_urls._given,
        baseline={"contacted_on": RECENT},
    ),
    FormCase(
        "references:brief_given",
        {
            **DRAFT_FIELDS,
            "channel": choice(*Channel.values),
            "next": text("/today/", "https://evil.example/"),
        },
        counted=(Briefing, FollowUpStep),
        build=object_urls._given,
        baseline={"draft": "Hi Dana", "channel": "email"},
    ),
    FormCase(
        "references:briefing",
        {
            **DRAFT_FIELDS,
            "channel": choice(*Channel.values),
            "next": text("/today/", "0", "//evil.example"),
        },
        counted=(Briefing,),
        build=object_urls._briefing,
        baseline={"draft": "Hi Dana", "channel": "phone"},
    ),
    FormCase(
        "evaluations:form",
        EVALUATION_FIELDS,
        counted=(Evaluation, FollowUpStep),
        build=object_urls._evaluation_new,
        label="new",
        baseline=EVALUATION_BASELINE,
    ),
    FormCase(
        "evaluations:form",
        EVALUATION_FIELDS,
        counted=(Evaluation,),
        build=object_urls._evaluation_existing,
        label="draft",
        baseline=EVALUATION_BASELINE,
    ),
    FormCase(
        "pipeline:move",
        {"status": choice(*ApplicationStatus.values)},
        counted=(StatusChange,),
        build=object_urls._application,
        baseline={"status": "offer"},
        action_fields=lambda target: set(MoveForm().fields),
    ),
    FormCase(
        "pipeline:import_mapping",
        _mapping_fields(),
        counted=(JobApplication,),
        build=object_urls._import_upload,
        baseline={"company_name": "Company", "role_title": "Role", "date_applied": "Applied on"},
    ),
    FormCase(
        "pipeline:account_delete",
        {"email": choice("casey@example.com", "CASEY@example.com ", "someone@example.com")},
        counted=(User, JobApplication),
    ),
]


def field_names_on(response) -> set[str]:
    """The name of every input of every form and formset the page rendered."""
    names: set[str] = set()
    for context in response.context:
        for layer in context.dicts:
            for value in layer.values():
                if isinstance(value, BaseFormSet):
                    forms = [value.management_form, *value.forms]
                elif isinstance(value, BaseForm):
                    forms = [value]
                else:
                    continue
                for form in forms:
                    names |= {bound.html_name for bound in form}
    return names


@pytest.fixture
def unrecorded_templates(monkeypatch):
    """The test client without its record of every template rendered and a copy of its
    context: these pages render hundreds of field templates, copying them was a third of the
    fuzzing's time, and the fuzzing reads only the status and the database."""
    monkeypatch.setattr("django.test.client.store_rendered_templates", lambda *a, **kw: None)


# Posts per form and run. Each is a full request rendering a crispy page: 25 for each of the
# ~30 forms were the largest share of the suite's time. 12 still mix valid and junk values
# for every field (a failing example is kept in .hypothesis/ and replayed first next time).
FUZZ_EXAMPLES = 12


@pytest.mark.parametrize("case", FORMS, ids=lambda case: case.id)
@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_input_never_crashes_and_invalid_input_saves_nothing(
    case, data, unrecorded_templates
):
    user = UserFactory(email="casey@example.com")
    target = case.target_for(user)
    posted = data.draw(case.posts(case.baseline_of(user, target)), label="posted")
    client = Client()
    if not case.anonymous:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    rows_before, before = counts(target.counted), snapshot(target.watched)

    response = client.post(reverse(case.url_name, kwargs=target.kwargs), posted)

    assert response.status_code in {200, 302, 400}
    event(f"status {response.status_code}")
    if response.status_code != 302:  # the form again, with its errors: nothing may be saved
        assert counts(target.counted) == rows_before
        assert snapshot(target.watched) == before


@pytest.mark.parametrize("case", FORMS, ids=lambda case: case.id)
def test_every_field_in_the_registry_exists_on_its_form(case, user):
    """A renamed field would silently stop being fuzzed; fail instead."""
    target = case.target_for(user)
    if case.action_fields:
        assert set(case.fields) <= case.action_fields(target)
        return
    client = Client()
    if not case.anonymous:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse(case.url_name, kwargs=target.kwargs))
    assert page.status_code == 200
    # Inputs outside the form classes: the submit buttons "finish" (evaluations) and "intent"
    # (composers), and the hidden return address "next".
    outside_forms = {"finish", "intent", "next"}
    assert set(case.fields) - outside_forms <= field_names_on(page)
