"""Log an interview from its invite: read, review, save; the same UID again; a CANCEL."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from followups.models import FollowUpStep, StepStatus
from interviews.factories import InterviewFactory, JobApplicationFactory
from interviews.invites import MAX_INVITE_BYTES
from interviews.models import Interview, JobApplication
from tests.html import parse

from . import invite_corpus as corpus
from .helpers import interviewer_rows, round_data

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 12, 10, 12, 0, tzinfo=dt.UTC)
URL = reverse("interviews:log_from_invite")


def upload(client, data: bytes, name="invite.ics"):
    return client.post(URL, {"file": SimpleUploadedFile(name, data, "text/calendar")})


@time_machine.travel(NOW, tick=False)
def test_an_uploaded_invite_prefills_the_log_form_and_saves_nothing(user_client):
    response = upload(user_client, corpus.GOOGLE)
    assert response.status_code == 200
    form, formset, pick = (response.context[k] for k in ("form", "formset", "pick"))
    assert form.initial["starts_at"] == dt.datetime(2026, 12, 14, 14, 0)
    assert form.initial["time_zone"] == "America/New_York"
    assert form.initial["location"] == "https://meet.google.com/abc-defg-hij"
    assert form.initial["round_label"] == "technical"
    assert [f.initial for f in formset.forms[:2]] == [
        {"name": "Priya Natarajan", "email": "priya@northwind-traders.com"},
        {"name": "Tom Berg", "email": "tom.berg@northwind-traders.com"},
    ]
    assert pick.initial == {"company_name": "Northwind Traders"}
    html = response.content.decode()
    assert 'name="invite_uid" value="4k2j9d8s7f6g5h4j3k2l1@google.com"' in html
    assert "a new one is proposed" in html
    assert not Interview.objects.exists() and not JobApplication.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_an_invite_matches_the_users_application_by_domain(user_client, user, other_user):
    JobApplicationFactory(owner=other_user, company_website="https://fabrikam.de")
    mine = JobApplicationFactory(
        owner=user, company_name="FBK", company_website="https://fabrikam.de/"
    )
    response = upload(user_client, corpus.eml_attachment(), name="invite.eml")
    assert response.context["pick"].initial == {"application": mine.pk}
    assert response.context["matched_application"] == mine


@time_machine.travel(NOW, tick=False)
def test_pasted_text_is_read_too(user_client):
    response = user_client.post(URL, {"text": corpus.ZOOM.decode()})
    assert response.context["invite"].uid == "ZOOM85012345678@zoom.us"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "That file is empty"),
        (corpus.MALFORMED, "damaged"),
        (corpus.eml_without_invite(), "no calendar invite"),
        (b"x" * (MAX_INVITE_BYTES + 10), "over 1 MB"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_a_bad_invite_gets_a_clear_message_and_nothing_is_saved(user_client, data, message):
    response = upload(user_client, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["invite"] is None
    assert not Interview.objects.exists()


def _save(client, invite_uid, **overrides):
    data = (
        {"app-application": "", "app-company_name": "Northwind", "app-role_title": "Engineer"}
        | round_data(
            **{
                "starts_at": "2026-12-14T14:00",
                "ends_at": "2026-12-14T15:00",
                "time_zone": "America/New_York",
                "expected_decision_on": "",
                "next_steps": "",
                **overrides,
            }
        )
        | interviewer_rows([{"name": "Priya Natarajan", "email": "priya@northwind-traders.com"}])
        | {"invite_uid": invite_uid}
    )
    return client.post(reverse("interviews:log_interview"), data)


@time_machine.travel(NOW, tick=False)
def test_the_same_invite_twice_updates_the_round(user_client):
    uid = "4k2j9d8s7f6g5h4j3k2l1@google.com"
    _save(user_client, uid)
    first = Interview.objects.get()
    assert first.invite_uid == uid
    # Rescheduled: the organizer sends the same UID with a new time.
    response = upload(user_client, corpus.GOOGLE)
    assert response.context["known_round"] == first
    assert "saving updates that round" in response.content.decode()
    _save(user_client, uid, starts_at="2026-12-15T10:00", ends_at="2026-12-15T11:00")
    assert Interview.objects.count() == 1
    assert JobApplication.objects.count() == 1
    first.refresh_from_db()
    assert first.starts_at == dt.datetime(2026, 12, 15, 15, 0, tzinfo=dt.UTC)


@time_machine.travel(NOW, tick=False)
def test_another_users_uid_is_not_theirs_to_update(user_client, other_user):
    InterviewFactory(owner=other_user, invite_uid="4k2j9d8s7f6g5h4j3k2l1@google.com")
    _save(user_client, "4k2j9d8s7f6g5h4j3k2l1@google.com")
    assert Interview.objects.count() == 2


@time_machine.travel(NOW, tick=False)
def test_a_cancel_for_a_known_round_offers_to_mark_it_cancelled(user_client, user):
    _save(user_client, "4k2j9d8s7f6g5h4j3k2l1@google.com")
    interview = Interview.objects.get()
    assert FollowUpStep.objects.filter(interview=interview, status=StepStatus.PENDING).exists()
    response = upload(user_client, corpus.cancel_of())
    html = response.content.decode()
    assert "This invite cancels a round you logged" in html
    assert reverse("interviews:interview_cancel", args=[interview.pk]) in html
    response = user_client.post(reverse("interviews:interview_cancel", args=[interview.pk]))
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.cancelled_at == NOW
    assert not FollowUpStep.objects.filter(interview=interview, status=StepStatus.PENDING).exists()
    # The round's page and its application's say so, not "Upcoming".
    for url in (interview.get_absolute_url(), interview.application.get_absolute_url()):
        page = parse(user_client.get(url).content.decode())
        badges = [" ".join(b.itertext()) for b in page.iter() if "badge" in (b.get("class") or "")]
        assert "Cancelled" in badges, url
        assert "Upcoming" not in badges, url
    detail = " ".join(parse(user_client.get(response.url).content.decode()).itertext())
    assert "This round was cancelled" in " ".join(detail.split())


@time_machine.travel(NOW, tick=False)
def test_a_cancel_for_an_unknown_uid_changes_nothing(user_client):
    response = upload(user_client, corpus.cancel_of("never-logged@google.com"))
    assert "you have not logged here" in response.content.decode()
    assert not Interview.objects.exists()


def test_cancel_is_post_only_and_owned(user_client, other_user):
    theirs = InterviewFactory(owner=other_user)
    url = reverse("interviews:interview_cancel", args=[theirs.pk])
    assert user_client.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.cancelled_at is None
