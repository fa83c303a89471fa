"""Another user's object id is a 404, on GET and POST alike, and nothing changes.

The cases come from object_urls.CASES; `test_every_url_with_an_object_id_is_covered` fails
as soon as a URL with an id argument is added without a case, so no page escapes this check.
Each case also has a control: its owner gets the page (or the action works), so a 404 for the
intruder means "not yours", not "broken fixture".
"""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.factories import UserFactory
from interviews.factories import JobApplicationFactory

from .object_urls import (
    CASES,
    OWNER_ACTIONS,
    OWNER_DOWNLOADS,
    OWNER_PAGES,
    Target,
    counts,
    routes_with_object_ids,
    snapshot,
)

pytestmark = pytest.mark.django_db


def test_every_url_with_an_object_id_is_covered():
    covered = {case.url_name for case in CASES}
    routes = routes_with_object_ids()
    assert routes, "the URL walk found no URL with an object id: the walk itself is broken"
    missing = sorted(f"{r.name} ({r.route})" for r in routes if r.name not in covered)
    assert not missing, (
        "URLs taking an object id without an ownership case in tests/security/object_urls.py: "
        + ", ".join(missing)
    )


def test_the_table_names_only_urls_that_exist():
    existing = {route.name for route in routes_with_object_ids()}
    assert {case.url_name for case in CASES} <= existing


@pytest.fixture
def owner():
    return UserFactory(email="owner@example.com")


@pytest.fixture
def intruder():
    return UserFactory(email="intruder@example.com")


def assert_hidden_from(
    intruder,
    url,
    target,
    post_data,
    get_statuses=frozenset({404}),
    post_statuses=frozenset({404}),
):
    """As `intruder`, GET and POST `url`: both refused, and the owner's rows untouched."""
    before = snapshot(target.watched)
    rows_before = counts(target.counted)
    intruder_client = _client_for(intruder)

    get_response = intruder_client.get(url)
    post_response = intruder_client.post(url, post_data)

    assert snapshot(target.watched) == before
    assert counts(target.counted) == rows_before
    assert get_response.status_code in get_statuses
    assert post_response.status_code in post_statuses


@pytest.mark.urls("tests.security.leaky_urls")
def test_the_check_catches_a_view_without_an_owner_filter(owner, intruder):
    application = JobApplicationFactory(owner=owner, notes="mine")
    target = Target({"pk": application.pk}, [application])
    url = reverse("leaky", kwargs=target.kwargs)

    with pytest.raises(AssertionError):
        assert_hidden_from(intruder, url, target, {"notes": "taken over"})


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_another_users_object_is_a_404_and_stays_unchanged(case, owner, intruder):
    target = case.build(owner)
    url = reverse(case.url_name, kwargs=target.kwargs)
    post_data = case.hostile_post(target, intruder)

    assert_hidden_from(intruder, url, target, post_data, case.get_statuses, case.post_statuses)


@pytest.mark.parametrize("case", [c for c in CASES if c.writes], ids=lambda case: case.id)
def test_the_intruders_post_would_change_the_owners_rows(case, owner):
    """The control of the POST half: sent by the owner, the same form goes through, so the
    unchanged rows above are the owner filter's doing, not an invalid form's."""
    target = case.build(owner)
    before, rows_before = snapshot(target.watched), counts(target.counted)

    response = _client_for(owner).post(
        reverse(case.url_name, kwargs=target.kwargs), case.hostile_post(target, owner)
    )

    assert response.status_code == 302, response.content[:500]
    assert _changed(target, before, rows_before)


def _changed(target, before, rows_before) -> bool:
    try:
        return snapshot(target.watched) != before or counts(target.counted) != rows_before
    except type(target.watched[0]).DoesNotExist:  # deleted: the biggest change of all
        return True


@pytest.mark.parametrize("case", OWNER_PAGES + OWNER_DOWNLOADS, ids=lambda case: case.id)
def test_the_owner_can_open_the_same_url(case, owner):
    """The control: the builders make objects their own pages accept."""
    target = case.build(owner)
    response = _client_for(owner).get(reverse(case.url_name, kwargs=target.kwargs))
    assert response.status_code == 200


@pytest.mark.parametrize("case", OWNER_ACTIONS, ids=lambda case: case.id)
def test_the_owner_can_run_the_same_action(case, owner):
    """The control of POST-only actions: their owner's POST goes through (and redirects)."""
    target = case.build(owner)
    url = reverse(case.url_name, kwargs=target.kwargs)
    response = _client_for(owner).post(url, case.owner_post)
    assert response.status_code == 302, response.content[:300]
