"""The OpenAPI schema generates cleanly and the doc page loads nothing from a CDN."""

import os
import re

import pytest
from django.core.management import call_command
from drf_spectacular.management.commands.spectacular import SchemaGenerationError

from fulian.accounts.services import token_issue


def test_schema_generates_without_warnings(tmp_path, capsys):
    """Like `manage.py spectacular --validate --fail-on-warn`; a failure lists the warnings."""
    out = tmp_path / "schema.yaml"
    try:
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    except SchemaGenerationError:
        pytest.fail("OpenAPI schema warnings:\n" + capsys.readouterr().err)
    text = out.read_text(encoding="utf-8")
    assert "/api/v1/units/{id}/tree/" in text
    assert "/api/v1/me/memberships/" in text
    assert "/api/v1/token/" in text


@pytest.fixture
def docs_login(settings):
    def _set(required: bool) -> None:
        settings.FULIAN = {**settings.FULIAN, "API_DOCS_LOGIN_REQUIRED": required}

    return _set


def test_docs_login_is_required_by_default_unless_debug():
    import subprocess
    import sys

    code = "from django.conf import settings; print(settings.FULIAN['API_DOCS_LOGIN_REQUIRED'])"
    for debug, expected in (("False", "True"), ("True", "False")):
        out = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": debug},
            capture_output=True,
            text=True,
            check=True,
        )
        assert out.stdout.strip() == expected, (debug, out.stderr)


@pytest.mark.django_db
def test_schema_and_docs_need_a_login_when_the_setting_is_on(cast, client, api_client, docs_login):
    docs_login(True)
    assert client.get("/api/schema/").status_code == 401
    response = client.get("/api/docs/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/api/docs/"
    _, key = token_issue(user=cast.volunteer_a1)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api_client.get("/api/schema/").status_code == 200
    client.force_login(cast.volunteer_a1)
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.django_db
def test_schema_endpoint_is_open_when_the_setting_is_off_and_is_chinese_titled(client, docs_login):
    docs_login(False)
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert "妇联工作平台 API" in response.content.decode()


@pytest.mark.django_db
def test_docs_page_loads_scripts_from_our_own_static_files(client, docs_login):
    docs_login(False)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, html
    assert all(not s.startswith(("http://", "https://", "//")) for s in sources), sources
    assert any("drf_spectacular_sidecar" in s for s in sources)
