"""The OpenAPI schema generates cleanly and the doc page loads nothing from a CDN."""

import re

import pytest
from django.core.management import call_command
from drf_spectacular.management.commands.spectacular import SchemaGenerationError


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


@pytest.mark.django_db
def test_schema_endpoint_needs_no_login_and_is_chinese_titled(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert "妇联工作平台 API" in response.content.decode()


@pytest.mark.django_db
def test_docs_page_loads_scripts_from_our_own_static_files(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, html
    assert all(not s.startswith(("http://", "https://", "//")) for s in sources), sources
    assert any("drf_spectacular_sidecar" in s for s in sources)
