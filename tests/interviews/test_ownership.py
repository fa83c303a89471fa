"""Every URL of the interviews app, walked with another user's ids: 404, nothing changed."""

import datetime as dt

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from interviews.factories import InterviewerFactory, InterviewFactory, JobApplicationFactory
from interviews.models import Interview, Interviewer, JobApplication, StatusChange

from .helpers import interviewer_rows, round_data

pytestmark = pytest.mark.django_db

# Which object each <pk> names. A new URL with a pk must be added here, or the test fails.
PK_KINDS = {
    "application_detail": "application",
    "application_update": "application",
    "application_delete": "application",
    "application_status": "application",
    "interview_create": "application",
    "interview_detail": "interview",
    "interview_update": "interview",
    "interview_delete": "interview",
    "interview_cancel": "interview",
}


def _interviews_patterns() -> list[URLPattern]:
    for entry in get_resolver().url_patterns:
        if getattr(entry, "namespace", None) == "interviews":
            return list(entry.url_patterns)
    raise AssertionError("the interviews URLs are not included")


def _snapshot():
    """Every row of every interviews model, field by field."""
    return {
        model.__name__: sorted(
            (tuple(sorted(model_to_dict(obj).items(), key=str)) for obj in model.objects.all()),
            key=str,
        )
        for model in (JobApplication, Interview, Interviewer, StatusChange)
    }


@pytest.fixture
def theirs(other_user):
    application = JobApplicationFactory(owner=other_user, company_name="Theirs Ltd")
    interview = InterviewFactory(application=application)
    interviewer = InterviewerFactory(interview=interview)
    return {"application": application, "interview": interview, "interviewer": interviewer}


def _valid_post(name, theirs):
    """A payload the view would accept from the owner, so a leak would show as a change."""
    interviewer = theirs["interviewer"]
    return {
        "company_name": "Hijacked",
        "role_title": "Hijacked",
        "date_applied": dt.date.today().isoformat(),
        "status": "withdrawn",
        "note": "hijacked",
        **round_data(
            starts_at=dt.date.today().isoformat() + "T09:00",
            ends_at=dt.date.today().isoformat() + "T10:00",
            topics="Hijacked",
            expected_decision_on=(dt.date.today() + dt.timedelta(days=7)).isoformat(),
        ),
        **(
            interviewer_rows([{"name": "Hijacked"}])
            if name == "interview_create"
            else interviewer_rows(
                [{"id": interviewer.pk, "interview": theirs["interview"].pk, "name": "Hijacked"}],
                initial=1,
            )
        ),
    }


def test_every_pk_url_is_covered():
    names = {p.name for p in _interviews_patterns() if "pk" in p.pattern.converters}
    assert names == set(PK_KINDS)


@pytest.mark.parametrize("name", sorted(PK_KINDS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_users_ids_are_404_and_change_nothing(user_client, theirs, name, method):
    url = reverse(f"interviews:{name}", args=[theirs[PK_KINDS[name]].pk])
    before = _snapshot()
    if method == "get":
        response = user_client.get(url)
    else:
        response = user_client.post(url, _valid_post(name, theirs))
    assert response.status_code == 404
    assert _snapshot() == before


def test_log_interview_cannot_attach_a_round_to_another_users_application(user_client, theirs):
    before = _snapshot()
    data = (
        {"app-application": str(theirs["application"].pk)}
        | round_data()
        | interviewer_rows([{"name": "Someone"}])
    )
    response = user_client.post(reverse("interviews:log_interview"), data)
    assert response.status_code == 200
    assert "application" in response.context["pick"].errors
    assert _snapshot() == before


def test_pages_without_ids_show_only_the_users_own_rows(user_client, theirs):
    for name in ("application_list", "log_interview", "application_create"):
        response = user_client.get(reverse(f"interviews:{name}"))
        assert response.status_code == 200
        assert b"Theirs Ltd" not in response.content


def test_anonymous_visitors_are_sent_to_log_in(client, theirs):
    for pattern in _interviews_patterns():
        kwargs = {"pk": theirs[PK_KINDS[pattern.name]].pk} if pattern.name in PK_KINDS else {}
        response = client.get(reverse(f"interviews:{pattern.name}", kwargs=kwargs))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "name",
    [
        "application_update",
        "application_delete",
        "application_status",
        "interview_create",
        "interview_update",
        "interview_delete",
    ],
)
def test_the_same_post_from_the_owner_does_change_things(theirs, other_user, name):
    """The control for the test above: its payloads are ones the views act on."""
    owner = Client()
    owner.force_login(other_user)
    before = _snapshot()
    url = reverse(f"interviews:{name}", args=[theirs[PK_KINDS[name]].pk])
    response = owner.post(url, _valid_post(name, theirs))
    assert response.status_code == 302
    assert _snapshot() != before
