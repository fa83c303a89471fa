import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from followups.factories import FollowUpStepFactory
from followups.models import StepKind, StepStatus
from interviews.factories import InterviewFactory, JobApplicationFactory
from references.factories import ApplicationReferenceFactory, ReferenceFactory
from references.models import ApplicationReference, Briefing, Reference

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.UTC)


def reference_data(**overrides):
    data = {
        "name": "Dana Whitfield",
        "relationship": "manager",
        "company": "Northwind",
        "title": "Engineering Manager",
        "email": "dana@example.com",
        "phone": "",
        "preferred_contact": "email",
        "agreed": "on",
        "notes": "",
    }
    data.update(overrides)
    return data


# --- List, create, edit, delete ---------------------------------------------------------


def test_list_shows_only_my_references(user_client, user, other_user):
    ReferenceFactory(owner=user, name="Dana Whitfield")
    ReferenceFactory(owner=other_user, name="Mallory Secret")
    response = user_client.get(reverse("references:list"))
    assert response.status_code == 200
    assert "Dana Whitfield" in response.text
    assert "Mallory Secret" not in response.text


def test_list_has_an_empty_state(user_client):
    response = user_client.get(reverse("references:list"))
    assert "Add your first reference" in response.text


def test_create_reference(user_client, user):
    response = user_client.post(reverse("references:create"), reference_data())
    reference = Reference.objects.get()
    assert response.status_code == 302
    assert response.url == reference.get_absolute_url()
    assert (reference.owner, reference.name, reference.agreed) == (user, "Dana Whitfield", True)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"name": "x" * 201}, "name", "at most 200 characters"),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"email": ""}, "email", "Add an email address, or pick another contact method."),
        (
            {"preferred_contact": "phone", "phone": ""},
            "phone",
            "Add a phone number, or pick another contact method.",
        ),
        ({"relationship": "enemy"}, "relationship", "Select a valid choice."),
    ],
)
def test_create_reference_validation(user_client, overrides, field, message):
    response = user_client.post(reverse("references:create"), reference_data(**overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Reference.objects.exists()


def test_edit_reference(user_client, user):
    reference = ReferenceFactory(owner=user, name="Dana")
    response = user_client.post(
        reverse("references:edit", args=[reference.pk]), reference_data(name="Dana W.")
    )
    assert response.status_code == 302
    reference.refresh_from_db()
    assert reference.name == "Dana W."


def test_delete_reference_asks_then_deletes(user_client, user):
    reference = ReferenceFactory(owner=user, name="Dana")
    url = reverse("references:delete", args=[reference.pk])
    assert "Delete Dana?" in user_client.get(url).text
    response = user_client.post(url)
    assert response.url == reverse("references:list")
    assert not Reference.objects.exists()


# --- Detail and history ------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_detail_shows_history_briefing_and_contact(user_client, user):
    reference = ReferenceFactory(owner=user, name="Dana")
    briefed = ApplicationReferenceFactory(
        reference=reference,
        application__company_name="Acme Robotics",
        briefed_at=NOW - dt.timedelta(days=2),
        employer_contacted_on=dt.date(2026, 3, 9),
    )
    ApplicationReferenceFactory(reference=reference, application__company_name="Globex")
    response = user_client.get(reverse("references:detail", args=[reference.pk]))
    assert response.status_code == 200
    text = response.text
    assert "Acme Robotics" in text and "Globex" in text
    assert "Not briefed yet" in text
    assert "by the employer on" in text and "9 Mar 2026" in text
    assert response.context["last_briefed_at"] == briefed.briefed_at
    assert response.context["contacted_count"] == 1


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(("employers", "warned"), [(3, False), (4, True)])
def test_overuse_warning_on_list_and_detail(user_client, user, employers, warned):
    reference = ReferenceFactory(owner=user, name="Dana")
    for i in range(employers):
        ApplicationReferenceFactory(
            reference=reference,
            application__company_name=f"Company {i}",
            given_on=timezone.localdate() - dt.timedelta(days=i * 5),
        )
    for url in (reverse("references:list"), reverse("references:detail", args=[reference.pk])):
        assert ("Go easy on Dana" in user_client.get(url).text) is warned


# --- Attach / detach ---------------------------------------------------------------------


def test_attach_gives_my_reference_to_my_application(user_client, user):
    reference = ReferenceFactory(owner=user)
    application = JobApplicationFactory(owner=user)
    response = user_client.post(
        reverse("references:attach", args=[application.pk]),
        {"reference": reference.pk, "given_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    assert response.url == application.get_absolute_url()
    assert ApplicationReference.objects.get().reference == reference


def test_attach_refuses_another_users_reference(user_client, user, other_user):
    foreign = ReferenceFactory(owner=other_user)
    application = JobApplicationFactory(owner=user)
    response = user_client.post(
        reverse("references:attach", args=[application.pk]),
        {"reference": foreign.pk, "given_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 400
    assert "Pick one of your own references" in response.text
    assert not ApplicationReference.objects.exists()


def test_attach_refuses_a_future_date(user_client, user):
    reference = ReferenceFactory(owner=user)
    application = JobApplicationFactory(owner=user)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = user_client.post(
        reverse("references:attach", args=[application.pk]),
        {"reference": reference.pk, "given_on": tomorrow.isoformat()},
    )
    assert response.status_code == 400
    assert "This date is in the future." in response.text
    assert not ApplicationReference.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_attach_warns_when_it_makes_more_than_three_employers(user_client, user):
    reference = ReferenceFactory(owner=user, name="Dana")
    for i in range(3):
        ApplicationReferenceFactory(reference=reference, application__company_name=f"C{i}")
    application = JobApplicationFactory(owner=user, company_name="Fourth Co")
    page = user_client.get(reverse("references:attach", args=[application.pk]))
    assert "Giving them to this employer makes 4 employers in 30 days." in page.text
    response = user_client.post(
        reverse("references:attach", args=[application.pk]),
        {"reference": reference.pk, "given_on": "2026-03-10"},
        follow=True,
    )
    assert "Go easy on Dana: they have now been given to 4 employers in 30 days." in response.text


def test_attach_follows_a_safe_next_only(user_client, user):
    reference = ReferenceFactory(owner=user)
    application = JobApplicationFactory(owner=user)
    response = user_client.post(
        reverse("references:attach", args=[application.pk]),
        {
            "reference": reference.pk,
            "given_on": timezone.localdate().isoformat(),
            "next": "https://evil.example/",
        },
    )
    assert response.url == application.get_absolute_url()


def test_a_next_that_is_not_a_site_path_is_ignored(user_client, user):
    given = ApplicationReferenceFactory(reference__owner=user)
    response = user_client.post(reverse("references:detach", args=[given.pk]), {"next": "0"})
    assert response.status_code == 302
    assert response.url == given.application.get_absolute_url()


def test_detach_asks_then_removes(user_client, user):
    given = ApplicationReferenceFactory(reference__owner=user)
    url = reverse("references:detach", args=[given.pk])
    assert user_client.get(url).status_code == 200
    response = user_client.post(url)
    assert response.url == given.application.get_absolute_url()
    assert not ApplicationReference.objects.exists()


def test_employer_contact_records_the_day(user_client, user):
    given = ApplicationReferenceFactory(reference__owner=user)
    response = user_client.post(
        reverse("references:employer_contact", args=[given.pk]),
        {"contacted_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    given.refresh_from_db()
    assert given.employer_contacted_on == timezone.localdate()


def test_employer_contact_rejects_a_bad_date(user_client, user):
    given = ApplicationReferenceFactory(reference__owner=user)
    response = user_client.post(
        reverse("references:employer_contact", args=[given.pk]), {"contacted_on": "31/02/2026"}
    )
    assert response.status_code == 400
    assert "Enter a valid date." in response.text
    given.refresh_from_db()
    assert given.employer_contacted_on is None


# --- Ownership: every URL with an id ---------------------------------------------------


@pytest.fixture
def foreign(other_user):
    reference = ReferenceFactory(owner=other_user, name="Theirs", notes="untouched")
    given = ApplicationReferenceFactory(reference=reference)
    step = FollowUpStepFactory(
        interview=InterviewFactory(application=given.application, owner=other_user),
        owner=other_user,
        kind=StepKind.BRIEF_REFERENCES,
        reference=reference,
    )
    return {"reference": reference, "given": given, "step": step}


OWNED_URLS = [
    ("references:detail", "reference"),
    ("references:edit", "reference"),
    ("references:delete", "reference"),
    ("references:detach", "given"),
    ("references:employer_contact", "given"),
    ("references:brief_given", "given"),
    ("references:briefing", "step"),
]


@pytest.mark.parametrize(("name", "key"), OWNED_URLS)
def test_another_users_objects_are_404_and_unchanged(user_client, foreign, name, key):
    url = reverse(name, args=[foreign[key].pk])
    post_data = {
        **reference_data(name="Hijacked"),
        "channel": "email",
        "contacted_on": "2026-01-01",
    }
    assert user_client.get(url).status_code == 404
    assert user_client.post(url, post_data).status_code == 404

    reference = Reference.objects.get(pk=foreign["reference"].pk)
    given = ApplicationReference.objects.get(pk=foreign["given"].pk)
    foreign["step"].refresh_from_db()
    assert (reference.name, reference.notes) == ("Theirs", "untouched")
    assert (given.briefed_at, given.employer_contacted_on) == (None, None)
    assert foreign["step"].status == StepStatus.PENDING
    assert not Briefing.objects.exists()


def test_attach_to_another_users_application_is_404(user_client, user, foreign):
    mine = ReferenceFactory(owner=user)
    url = reverse("references:attach", args=[foreign["given"].application_id])
    assert user_client.get(url).status_code == 404
    response = user_client.post(url, {"reference": mine.pk, "given_on": "2026-01-01"})
    assert response.status_code == 404
    assert ApplicationReference.objects.count() == 1


def _page_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_query_count_does_not_grow_with_references(user_client, user):
    for _ in range(2):
        ApplicationReferenceFactory(reference__owner=user)
    with_two = _page_queries(user_client, reverse("references:list"))
    for _ in range(6):
        ApplicationReferenceFactory(reference__owner=user)
    assert _page_queries(user_client, reverse("references:list")) == with_two
