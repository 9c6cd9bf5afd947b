"""Browser security headers on every response the application makes (docs/security.md), and
`manage.py check --deploy` clean with the production environment that docs/deploy.md documents."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from fulian.accounts.services import token_issue


def _assert_private(response) -> None:
    assert response["Cache-Control"] == "no-store", response.get("Cache-Control")
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy, policy


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/accounts/login/", 200),
        ("/healthz", 200),
        ("/aid/public/00000000-0000-4000-8000-000000000000/", 404),
    ],
)
def test_public_responses_are_not_stored_either(db, client, url, status):
    response = client.get(url)
    assert response.status_code == status
    _assert_private(response)


def test_pages_of_a_logged_in_user_are_never_stored(cast, login):
    response = login(cast.chair_a).get("/")
    assert response.status_code == 200
    _assert_private(response)


def test_downloads_are_never_stored(cast, login):
    response = login(cast.county_user).get(
        "/reports/stats/", {"unit": cast.county.pk, "kind": "year", "year": 2025, "format": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    _assert_private(response)


def test_api_answers_are_never_stored(cast, api_client):
    _, key = token_issue(user=cast.chair_a)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    response = api_client.get("/api/v1/me/")
    assert response.status_code == 200
    _assert_private(response)


def test_static_files_keep_their_cache(db, client):
    response = client.get("/static/css/fulian.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_hsts_is_sent_over_https_when_configured(db, client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


# --- check --deploy with the documented production environment --------------------------------------

DEPLOY_DOC = Path(settings.BASE_DIR) / "docs" / "deploy.md"


def documented_environment() -> dict[str, str]:
    """The KEY=VALUE lines of the block under `<!-- production-env -->` in docs/deploy.md."""
    text = DEPLOY_DOC.read_text(encoding="utf-8")
    block = re.search(r"<!-- production-env -->\s*```env\n(.*?)```", text, re.S)
    assert block, "docs/deploy.md lost its production environment block"
    pairs = [line.split("=", 1) for line in block.group(1).splitlines() if line and not line.startswith("#")]
    return dict(pairs)


def _check_deploy(environment: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = dict(environment)
    secret = tmp_path / "secret_key"
    secret.write_text("k" + uuid.uuid4().hex + uuid.uuid4().hex, encoding="utf-8")
    env["SECRET_KEY_FILE"] = str(secret)
    for name in ("STATIC_ROOT", "MEDIA_ROOT", "FULIAN_VAR_DIR", "FULIAN_FIELD_KEY_FILE"):
        if name in env:
            env[name] = str(tmp_path / name.lower())
    env.update(PATH=os.environ.get("PATH", ""), PYTHONPATH=str(settings.BASE_DIR))
    return subprocess.run(
        [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )


def test_check_deploy_is_clean_with_the_documented_production_environment(tmp_path):
    environment = documented_environment()
    assert environment.get("HTTPS") == "true"
    assert "DEBUG" not in environment
    result = _check_deploy(environment, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_without_https(tmp_path):
    environment = {k: v for k, v in documented_environment().items() if k != "HTTPS"}
    result = _check_deploy(environment, tmp_path)
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr, result.stderr
