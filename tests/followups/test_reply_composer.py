"""Replies to the employer's decision: a gracious one to a rejection, one to an offer."""

import pytest
from django.urls import reverse

from followups.models import ReplyDraft
from interviews.factories import JobApplicationFactory

pytestmark = pytest.mark.django_db


def url(application, kind):
    return reverse("followups:reply_composer", args=[application.pk, kind])


@pytest.fixture
def rejected(make_interview, frozen):
    interview = make_interview(interviewers=["Ana Ruiz"], follow_up_contact="Sam Lee")
    application = interview.application
    application.status = "rejected"
    application.save()
    return application


def test_the_rejection_reply_is_gracious_and_addressed(user_client, rejected):
    response = user_client.get(url(rejected, "rejection"))
    assert response.status_code == 200
    draft = response.context["draft"]
    assert draft.to == ""  # Sam's address is not on file: never Ana's under Sam's name
    assert draft.body.startswith("Dear Sam,\n\nThank you for letting me know")
    assert "considered for future roles at Globex" in draft.body
    assert "Kafka" not in draft.body  # the round's notes are not the reader's


def test_the_offer_reply_asks_for_the_offer_in_writing(user_client, rejected):
    body = user_client.get(url(rejected, "offer")).context["draft"].body
    assert "the offer in writing" in body and "by when you would like my answer" in body


def test_saving_and_marking_a_reply_sent(user_client, rejected):
    user_client.post(url(rejected, "rejection"), {"draft": "Dear Sam, thanks."})
    reply = ReplyDraft.objects.get(application=rejected, kind="rejection")
    assert reply.draft == "Dear Sam, thanks." and reply.sent_at is None
    assert user_client.get(url(rejected, "rejection")).context["draft"].body == (
        "Dear Sam, thanks."
    )
    response = user_client.post(
        url(rejected, "rejection"), {"draft": "Dear Sam, thanks.", "channel": "email"}
    )
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.sent_at is not None and reply.channel == "email"


def test_another_users_application_is_a_404(user_client, rejected):
    other = JobApplicationFactory()
    assert user_client.get(url(other, "rejection")).status_code == 404
    assert user_client.post(url(other, "rejection"), {"draft": "x"}).status_code == 404
    assert not ReplyDraft.objects.exists()


def test_an_unknown_reply_kind_is_a_404(user_client, rejected):
    assert user_client.get(url(rejected, "bogus")).status_code == 404


def test_the_reply_goes_to_the_named_contact_when_their_address_is_known(user_client, rejected):
    rejected.interviews.get().interviewers.create(name="Sam Lee", email="sam@globex.example")
    draft = user_client.get(url(rejected, "rejection")).context["draft"]
    assert (draft.to, draft.body.split("\n")[0]) == ("sam@globex.example", "Dear Sam,")


def test_the_application_page_offers_the_reply_for_its_decision(user_client, rejected):
    page = user_client.get(rejected.get_absolute_url()).content.decode()
    assert url(rejected, "rejection") in page
    rejected.status = "offer"
    rejected.save()
    page = user_client.get(rejected.get_absolute_url()).content.decode()
    assert url(rejected, "offer") in page and url(rejected, "rejection") not in page


def test_the_request_for_feedback_can_be_left_out(user_client, rejected):
    body = user_client.get(url(rejected, "rejection") + "?feedback=0").context["draft"].body
    assert "feedback" not in body and "future roles" in body
