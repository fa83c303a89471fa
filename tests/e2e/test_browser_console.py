"""Pages load without script errors or CSP refusals in the browser console."""

import pytest

pytestmark = pytest.mark.e2e


def _console_errors(page, path: str) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path)
    page.wait_for_load_state("networkidle")
    return errors


@pytest.mark.allow_console_errors
def test_the_console_check_sees_a_csp_refusal(page):
    page.goto("/login/")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.evaluate("document.head.insertAdjacentHTML('beforeend', '<style>p{}</style>')")
    page.wait_for_timeout(100)
    assert any("Content Security Policy" in error for error in errors)


@pytest.mark.allow_console_errors
@pytest.mark.parametrize("path", ["/", "/login/", "/signup/"])
def test_public_pages_load_without_any_console_error(page, path):
    assert _console_errors(page, path) == []
