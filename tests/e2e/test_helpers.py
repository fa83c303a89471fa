"""The e2e helpers that need no browser."""

import pytest

from .conftest import require_feature


def test_require_feature_lets_a_real_page_through():
    require_feature("profile", "signup")


def test_require_feature_refuses_an_unknown_name():
    with pytest.raises(AssertionError, match="no URL named"):
        require_feature("no-such-page")
