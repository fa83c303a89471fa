import pytest
from django.urls import reverse

from accounts.factories import UserFactory
from evaluations.factories import EvaluationFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_evaluations(client):
    EvaluationFactory()
    client.force_login(
        UserFactory(is_staff=True, is_superuser=True),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    assert client.get(reverse("admin:evaluations_evaluation_changelist")).status_code == 200
