import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_oversized_post_gets_a_friendly_400_and_changes_nothing(user_client, user):
    huge = "x" * (6 * 1024 * 1024)
    response = user_client.post(reverse("profile"), {"full_name": huge, "time_zone": "UTC"})
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
    user.refresh_from_db()
    assert user.full_name == "Casey Jordan"


def test_an_unknown_page_gets_the_404_page(user_client):
    response = user_client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_health_check_needs_no_login(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"
