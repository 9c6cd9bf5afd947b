"""Browser: Chromium accepts the security headers as sent — no console complaint about the
Permissions-Policy (an unknown feature name is reported as an error), the referrer or opener policy."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_load_without_console_errors_about_the_headers(cast, page, browser_login):
    messages = []
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
    base = browser_login(page, cast.chair_a)
    for path in ("/", "/accounts/tokens/"):
        response = page.goto(f"{base}{path}")
        assert response.status == 200
        assert response.headers["cache-control"] == "no-store"
        assert "camera=()" in response.headers["permissions-policy"]
        page.wait_for_load_state()
    about_headers = ("Permissions-Policy", "Referrer", "Cross-Origin-Opener", "Strict-Transport")
    assert not [m for m in messages if any(h.lower() in m.lower() for h in about_headers)], messages
