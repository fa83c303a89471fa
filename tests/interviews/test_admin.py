import pytest
from django.urls import reverse

from accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = UserFactory(email="admin@example.com", is_staff=True, is_superuser=True)
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.mark.parametrize("model", ["jobapplication", "interview", "interviewer", "statuschange"])
def test_admin_lists_search_and_change_pages_work(admin_client, interview, model):
    changelist = reverse(f"admin:interviews_{model}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "Acme"}).status_code == 200
    assert admin_client.get(reverse(f"admin:interviews_{model}_add")).status_code == 200


def test_admin_application_page_has_the_status_history_inline(admin_client, interview):
    url = reverse("admin:interviews_jobapplication_change", args=[interview.application.pk])
    assert b"Status changes" in admin_client.get(url).content


def test_admin_interview_page_has_the_interviewer_inline(admin_client, interview):
    url = reverse("admin:interviews_interview_change", args=[interview.pk])
    assert b"Ada Lovelace" in admin_client.get(url).content
