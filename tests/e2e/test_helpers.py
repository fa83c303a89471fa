"""The e2e helpers that need no browser."""

import pytest

from .conftest import require_feature


def test_require_feature_lets_a_real_page_through():
    require_feature("profile", "signup")


def test_require_feature_skips_while_a_section_is_a_placeholder(monkeypatch):
    import tests.security.object_urls as object_urls

    monkeypatch.setattr(object_urls, "is_placeholder", lambda callback: True)
    with pytest.raises(pytest.skip.Exception, match="feature not merged yet: today"):
        require_feature("today")


def test_require_feature_refuses_an_unknown_name():
    with pytest.raises(AssertionError, match="no URL named"):
        require_feature("no-such-page")
