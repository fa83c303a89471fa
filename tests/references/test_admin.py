import pytest
from django.urls import reverse

from accounts.factories import UserFactory
from references.factories import ApplicationReferenceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    ["admin:references_reference_changelist", "admin:references_applicationreference_changelist"],
)
def test_admin_lists_references(client, name):
    ApplicationReferenceFactory()
    client.force_login(
        UserFactory(is_staff=True, is_superuser=True),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    assert client.get(reverse(name)).status_code == 200
