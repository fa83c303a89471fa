import pytest
from django.test import override_settings
from django.urls import reverse, set_script_prefix

from core.links import url_with_id


@pytest.mark.parametrize(
    ("viewname", "pk", "args"),
    [
        ("followups:step_action", 7, ("done",)),
        ("followups:step_action", 123456, ("snooze",)),
        ("interviews:application_detail", 1, ()),
        ("interviews:interview_detail", 42, ()),
        ("pipeline:move", 9, ()),
    ],
)
def test_it_gives_what_reverse_gives(viewname, pk, args):
    assert url_with_id(viewname, pk, *args) == reverse(viewname, args=[pk, *args])


def test_it_follows_the_script_prefix():
    try:
        set_script_prefix("/mounted/")
        assert url_with_id("pipeline:move", 3) == reverse("pipeline:move", args=[3])
        assert url_with_id("pipeline:move", 3).startswith("/mounted/")
    finally:
        set_script_prefix("/")


@override_settings(ROOT_URLCONF="tests.core.urls_elsewhere")
def test_it_follows_a_changed_urlconf():
    assert url_with_id("elsewhere", 5) == "/elsewhere/5/"
