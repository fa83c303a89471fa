from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.urls import reverse

from evaluations.factories import EvaluationFactory
from evaluations.models import Evaluation
from followups.factories import FollowUpStepFactory
from followups.models import FollowUpStep
from interviews.factories import InterviewerFactory, InterviewFactory, JobApplicationFactory
from interviews.models import Interview, Interviewer, JobApplication, StatusChange
from pipeline.models import ImportUpload
from references.factories import ApplicationReferenceFactory
from references.models import ApplicationReference, Reference

DELETE = reverse("pipeline:account_delete")
MODELS = (
    JobApplication,
    StatusChange,
    Interview,
    Interviewer,
    FollowUpStep,
    Reference,
    ApplicationReference,
    Evaluation,
    ImportUpload,
)


def give_data(owner):
    application = JobApplicationFactory(owner=owner)
    StatusChange.objects.create(application=application, from_status="applied", to_status="offer")
    interview = InterviewFactory(application=application)
    InterviewerFactory(interview=interview)
    FollowUpStepFactory(interview=interview)
    ApplicationReferenceFactory(reference__owner=owner, application=application)
    EvaluationFactory(interview=interview)
    ImportUpload.objects.create(owner=owner, filename="x.csv", content="a,b\n1,2\n")


def counts(owner):
    return {model.__name__: model.objects.owned_by(owner).count() for model in MODELS}


def test_confirmation_page_lists_what_goes(user_client, user):
    give_data(user)
    response = user_client.get(DELETE)
    assert response.status_code == 200
    assert "1 application and their status history" in response.text
    assert "Type your email address to confirm" in response.text


def test_wrong_email_deletes_nothing(user_client, user):
    give_data(user)
    response = user_client.post(DELETE, {"email": "someone@else.com"})
    assert response.status_code == 400
    assert "That is not your email address" in response.text
    user.refresh_from_db()
    assert all(n == 1 for n in counts(user).values())


def test_get_deletes_nothing(user_client, user):
    give_data(user)
    user_client.get(DELETE)
    assert all(n == 1 for n in counts(user).values())


def test_deleting_removes_everything_of_the_user_and_nothing_of_others(
    user_client, user, other_user
):
    give_data(user)
    give_data(other_user)
    for owner in (user, other_user):
        Authenticator.objects.create(
            user=owner, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00", "used_mask": 0}
        )
    before_other = counts(other_user)
    user_pk = user.pk

    response = user_client.post(DELETE, {"email": user.email.upper()})

    assert response.status_code == 302
    assert response.url == reverse("landing")
    assert not type(user).objects.filter(pk=user_pk).exists()
    assert all(n == 0 for n in counts(user).values())
    assert JobApplication.objects.filter(owner_id=user_pk).count() == 0
    assert counts(other_user) == before_other
    assert list(EmailAddress.objects.values_list("email", flat=True)) == [other_user.email]
    assert list(Authenticator.objects.values_list("user", flat=True)) == [other_user.pk]
    # Logged out: the next page asks to log in.
    assert user_client.get(reverse("pipeline:board")).status_code == 302
