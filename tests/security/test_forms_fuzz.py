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
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from accounts.factories import UserFactory
from accounts.models import User

from .object_urls import counts, snapshot

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

    @property
    def id(self) -> str:
        return self.url_name

    def posts(self) -> st.SearchStrategy[dict]:
        """Any subset of fields with random values, or the baseline with one or two changed."""
        anything = st.fixed_dictionaries({}, optional=self.fields)
        if not self.baseline:
            return anything
        chosen = st.lists(st.sampled_from(sorted(self.fields)), max_size=2, unique=True)
        changes = chosen.flatmap(
            lambda names: st.fixed_dictionaries({name: self.fields[name] for name in names})
        )
        return st.one_of(anything, changes.map(lambda changed: {**self.baseline, **changed}))


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

# The login form is left out on purpose: each wrong password is recorded (django-axes) and
# locks the address out, which tests/accounts/test_login_throttling.py covers.
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
            "old_password": choice(PASSWORD),
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
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


@pytest.mark.parametrize("case", FORMS, ids=lambda case: case.id)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_input_never_crashes_and_invalid_input_saves_nothing(case, data):
    user = UserFactory(email="casey@example.com")
    posted = data.draw(case.posts(), label="posted")
    client = Client()
    if not case.anonymous:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    watched = case.watched(user)
    rows_before, before = counts(case.counted), snapshot(watched)

    response = client.post(reverse(case.url_name, kwargs=case.url_kwargs(user)), posted)

    assert response.status_code in {200, 302}
    event(f"status {response.status_code}")
    if response.status_code == 200:  # the form again, with its errors: nothing may be saved
        assert counts(case.counted) == rows_before
        assert snapshot(watched) == before


@pytest.mark.parametrize("case", FORMS, ids=lambda case: case.id)
def test_every_field_in_the_registry_exists_on_its_form(case, user):
    """A renamed field would silently stop being fuzzed; fail instead."""
    client = Client()
    if not case.anonymous:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse(case.url_name, kwargs=case.url_kwargs(user)))
    assert page.status_code == 200
    assert set(case.fields) <= set(page.context["form"].fields)
