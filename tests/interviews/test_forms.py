import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from accounts.factories import UserFactory
from interviews.factories import InterviewFactory
from interviews.forms import (
    ApplicationForm,
    InterviewForm,
    PickApplicationForm,
)
from interviews.models import JobApplication

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 14, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def berlin_user(db):
    return UserFactory(time_zone="Europe/Berlin")


def _interview_data(**overrides):
    data = {
        "round_label": "technical",
        "format": "video",
        "starts_at": "2026-03-12T09:30",
        "ends_at": "2026-03-12T10:30",
        "time_zone": "",
        "location": "https://meet.example.com/xyz",
        "next_steps": "",
    }
    data.update(overrides)
    return data


def _application_data(**overrides):
    data = {"company_name": "Acme", "role_title": "Engineer", "date_applied": "2026-03-01"}
    data.update(overrides)
    return data


@time_machine.travel(NOW, tick=False)
def test_times_are_read_in_the_users_zone_and_stored_in_utc(berlin_user):
    form = InterviewForm(_interview_data(), user=berlin_user)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_at"] == dt.datetime(2026, 3, 12, 8, 30, tzinfo=dt.UTC)
    assert form.cleaned_data["ends_at"] == dt.datetime(2026, 3, 12, 9, 30, tzinfo=dt.UTC)


@time_machine.travel(NOW, tick=False)
def test_times_are_read_in_the_chosen_zone(berlin_user):
    form = InterviewForm(_interview_data(time_zone="America/New_York"), user=berlin_user)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_at"] == dt.datetime(2026, 3, 12, 13, 30, tzinfo=dt.UTC)
    assert form.cleaned_data["time_zone"] == "America/New_York"


@time_machine.travel(NOW, tick=False)
def test_edit_shows_the_times_in_the_zone_they_were_entered_in(berlin_user):
    interview = InterviewFactory(
        application__owner=berlin_user,
        time_zone="Asia/Tokyo",
        starts_at=dt.datetime(2026, 3, 12, 0, 30, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 3, 12, 1, 30, tzinfo=dt.UTC),
    )
    form = InterviewForm(instance=interview, user=berlin_user)
    assert 'value="2026-03-12T09:30"' in str(form["starts_at"])
    assert 'value="2026-03-12T10:30"' in str(form["ends_at"])


@time_machine.travel(NOW, tick=False)
def test_end_before_start_is_an_error_on_the_end(user):
    form = InterviewForm(_interview_data(ends_at="2026-03-12T09:00"), user=user)
    assert not form.is_valid()
    assert form.errors["ends_at"] == ["The end is before the start."]


@time_machine.travel(NOW, tick=False)
def test_a_url_that_is_not_a_url(user):
    form = InterviewForm(_interview_data(article_url="not a link"), user=user)
    assert not form.is_valid()
    assert form.errors["article_url"] == ["Enter a valid URL."]


@time_machine.travel(NOW, tick=False)
def test_unknown_time_zone_gets_a_clear_error(user):
    form = InterviewForm(_interview_data(time_zone="Mars/Olympus_Mons"), user=user)
    assert not form.is_valid()
    assert form.errors["time_zone"] == [
        "“Mars/Olympus_Mons” is not a time zone we know. "
        "Pick one from the list, e.g. Europe/Berlin."
    ]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("year", ["1900", "2090", "0001"])
def test_years_decades_away_are_refused(user, year):
    form = InterviewForm(
        _interview_data(starts_at=f"{year}-03-12T09:30", ends_at=f"{year}-03-12T10:30"),
        user=user,
    )
    assert not form.is_valid()
    assert "check the year" in form.errors["starts_at"][0]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("field", ["expected_decision_on", "do_not_contact_before"])
def test_next_step_dates_decades_away_are_refused(user, field):
    form = InterviewForm(_interview_data(**{field: "2090-01-01"}), user=user)
    assert not form.is_valid()
    assert "check the year" in form.errors[field][0]


@time_machine.travel(NOW, tick=False)
def test_a_time_skipped_by_daylight_saving_is_refused_with_a_suggestion(berlin_user):
    form = InterviewForm(
        _interview_data(starts_at="2026-03-29T02:30", ends_at="2026-03-29T04:00"),
        user=berlin_user,
    )
    assert not form.is_valid()
    assert "does not exist" in form.errors["starts_at"][0]
    assert "Did you mean 03:30?" in form.errors["starts_at"][0]


@time_machine.travel(NOW, tick=False)
def test_garbage_datetime_is_a_field_error(user):
    form = InterviewForm(_interview_data(starts_at="yesterday-ish"), user=user)
    assert not form.is_valid()
    assert form.errors["starts_at"] == ["Enter a date and time, e.g. 2026-03-14 09:30."]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("field", "limit"), [("topics", 5000), ("questions_asked", 5000), ("location", 500)]
)
def test_interview_texts_have_max_lengths(user, field, limit):
    form = InterviewForm(_interview_data(**{field: "x" * (limit + 1)}), user=user)
    assert not form.is_valid()
    assert f"at most {limit} characters" in form.errors[field][0]


@time_machine.travel(NOW, tick=False)
def test_application_notes_have_a_max_length(user):
    timezone.activate(user.zone)
    form = ApplicationForm(_application_data(notes="x" * 10_001))
    assert not form.is_valid()
    assert "at most 10000 characters" in form.errors["notes"][0]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("date_applied", "message"),
    [
        ("2026-03-15", "The date you applied cannot be in the future."),
        ("2031-01-01", "The date you applied cannot be in the future."),
        ("1950-01-01", "That is more than 10 years ago — check the year."),
    ],
)
def test_date_applied_is_checked(date_applied, message):
    form = ApplicationForm(_application_data(date_applied=date_applied))
    assert not form.is_valid()
    assert form.errors["date_applied"] == [message]


@pytest.mark.parametrize("field", ["company_website", "job_posting_url"])
def test_application_urls_are_checked(field):
    form = ApplicationForm(_application_data(**{field: "acme dot com"}))
    assert not form.is_valid()
    assert form.errors[field] == ["Enter a valid URL."]


def test_application_form_offers_a_starting_status_only_on_create(application):
    assert "status" in ApplicationForm().fields
    assert "status" not in ApplicationForm(instance=application).fields


def test_pick_application_needs_company_and_role_for_a_new_one(user):
    form = PickApplicationForm({}, applications=JobApplication.objects.owned_by(user))
    assert not form.is_valid()
    assert form.errors["company_name"] == ["Needed for a new application."]
    assert form.errors["role_title"] == ["Needed for a new application."]


def test_pick_application_refuses_another_users_application(user, other_user):
    from interviews.factories import JobApplicationFactory

    theirs = JobApplicationFactory(owner=other_user)
    form = PickApplicationForm(
        {"application": theirs.pk}, applications=JobApplication.objects.owned_by(user)
    )
    assert not form.is_valid()
    assert form.errors["application"] == ["Pick one of your applications from the list."]


# What was said about next steps is checked by the services, on every path that writes a
# round (tests/interviews/test_services.py; the pages show it: tests/interviews/test_views.py).


# --- The applications list's filters ------------------------------------------------------


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("duration", "ends_at", "expected_end"),
    [
        ("30", "", dt.datetime(2026, 3, 12, 10, 0)),
        ("45", "", dt.datetime(2026, 3, 12, 10, 15)),
        ("60", "", dt.datetime(2026, 3, 12, 10, 30)),
        ("90", "", dt.datetime(2026, 3, 12, 11, 0)),
        # An end time typed in wins over the preset (without JavaScript both are visible).
        ("60", "2026-03-12T10:05", dt.datetime(2026, 3, 12, 10, 5)),
        ("other", "2026-03-12T12:00", dt.datetime(2026, 3, 12, 12, 0)),
        ("", "2026-03-12T10:40", dt.datetime(2026, 3, 12, 10, 40)),
    ],
)
def test_the_round_ends_after_its_length_or_at_the_end_time(duration, ends_at, expected_end):
    user = UserFactory(time_zone="UTC")
    form = InterviewForm(_interview_data(duration=duration, ends_at=ends_at), user=user)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["ends_at"] == expected_end.replace(tzinfo=dt.UTC)


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("duration", ["other", ""])
def test_another_length_needs_an_end_time(duration):
    form = InterviewForm(_interview_data(duration=duration, ends_at=""), user=UserFactory())
    assert form.errors["ends_at"] == ["When did it end?"]


@pytest.mark.parametrize(("minutes", "preset"), [(45, "45"), (60, "60"), (50, "other")])
def test_editing_a_round_shows_its_length(minutes, preset):
    interview = InterviewFactory()
    interview.ends_at = interview.starts_at + dt.timedelta(minutes=minutes)
    form = InterviewForm(instance=interview, user=interview.owner)
    assert form.initial["duration"] == preset


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("applied_when", "date_applied", "expected", "error"),
    [
        ("earlier", "", None, None),
        ("", "", None, None),
        ("earlier", "2026-03-10", None, None),  # a date left in a hidden field is not used
        ("on", "2026-03-10", dt.date(2026, 3, 10), None),
        ("on", "", None, "Which day did you apply?"),
        ("on", "2026-03-20", None, "The date you applied cannot be in the future."),
    ],
)
def test_when_the_new_application_was_sent(applied_when, date_applied, expected, error):
    data = {
        "app-application": "",
        "app-company_name": "Hooli",
        "app-role_title": "Dev",
        "app-applied_when": applied_when,
        "app-date_applied": date_applied,
    }
    form = PickApplicationForm(data, prefix="app", applications=JobApplication.objects.none())
    if error:
        assert form.errors["date_applied"] == [error]
    else:
        assert form.is_valid(), form.errors
        assert form.new_application_fields()["date_applied"] == expected


def test_the_picker_lists_applications_by_company_then_role():
    from interviews.factories import JobApplicationFactory
    from interviews.selectors import application_choices

    user = UserFactory()
    for company, role in [("zeta", "Dev"), ("Acme", "QA"), ("acme", "Dev"), ("Beta", "PM")]:
        JobApplicationFactory(owner=user, company_name=company, role_title=role)
    form = PickApplicationForm(prefix="app", applications=application_choices(user=user))
    labels = [label for value, label in form.fields["application"].choices if value]
    assert labels == ["acme — Dev", "Acme — QA", "Beta — PM", "zeta — Dev"]
