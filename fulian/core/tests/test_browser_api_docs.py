"""Browser: the API doc page renders from our own static files, with no request leaving the server."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_render_without_any_outside_request(cast, page, live_server, browser_login):
    browser_login(page, cast.chair_a)  # the docs need a login (FULIAN API_DOCS_LOGIN_REQUIRED)
    hosts = set()
    page.on("request", lambda r: hosts.add(r.url.split("/")[2]))
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
    assert "妇联工作平台 API" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector("text=/api/v1/activities/", timeout=60_000)  # the first operations listed
    assert hosts == {live_server.url.split("/")[2]}
