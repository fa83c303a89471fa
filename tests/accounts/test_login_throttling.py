import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _login(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_wrong_passwords_lock_the_account_even_for_the_right_password(client, user, password):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, user.email, "wrong password")
        assert response.status_code == 200  # the form again, with its error

    response = _login(client, user.email, "wrong password")
    assert response.status_code == 429

    response = _login(client, user.email, password)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_correct_password_before_the_limit_logs_in_and_resets_the_count(client, user, password):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, user.email, "wrong password")
    assert _login(client, user.email, password).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, user.email, "wrong password").status_code == 200
