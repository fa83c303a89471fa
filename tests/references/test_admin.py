import pytest
from django.urls import reverse

from accounts.factories import UserFactory
from evaluations.factories import EvaluationFactory
from references.factories import ApplicationReferenceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    [
        "admin:references_reference_changelist",
        "admin:references_applicationreference_changelist",
        "admin:evaluations_evaluation_changelist",
    ],
)
def test_admin_lists_references_and_evaluations(client, name):
    admin = UserFactory(is_staff=True, is_superuser=True)
    ApplicationReferenceFactory()
    EvaluationFactory()
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse(name)).status_code == 200
