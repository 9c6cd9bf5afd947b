"""Walk every route of the /api/v1/ router on the whole demo: no list or detail ever answers 5xx.

For each viewset with a detail route, some demo user whose role reads it finds an object in her list and
opens it (200); every other demo user gets 200, 403 or 404 for the same id — never a server error. This is
the class of bug where a detail route asked the scoping policy about a model it does not know (the
activity types' 500).
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from config.api_urls import router
from fulian.core.periods import Period
from fulian.orgs.models import OrgUnit
from fulian.orgs.services.demo import DEMO_USERS
from fulian.reports.services import summary_create


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _first_id(client: APIClient, basename: str):
    response = client.get(reverse(f"{basename}-list"))
    assert response.status_code < 500, (basename, response.status_code)
    if response.status_code != 200:
        return None
    body = response.json()
    rows = body.get("results", body) if isinstance(body, dict) else body
    return rows[0]["id"] if isinstance(rows, list) and rows and "id" in rows[0] else None


@pytest.mark.django_db
def test_every_api_route_answers_without_server_error_for_every_demo_user():
    from django.contrib.auth import get_user_model

    call_command("load_demo", stdout=StringIO())  # the demo's own dates; nothing here depends on them
    users = list(get_user_model().objects.filter(username__in=[u.username for u in DEMO_USERS]))
    assert len(users) == len(DEMO_USERS)
    clients = [(u.username, _client(u)) for u in users]

    county_user = next(u for u in users if u.username == "county")
    summary_create(user=county_user, unit=OrgUnit.objects.get(code="511781"), period=Period.year(2025))

    opened: dict[str, str] = {}
    missing = []
    for _prefix, viewset, basename in router.registry:
        if not hasattr(viewset, "list"):
            continue
        ids = [(username, _first_id(client, basename)) for username, client in clients]
        if not hasattr(viewset, "retrieve"):
            continue
        found = next(((username, pk) for username, pk in ids if pk is not None), None)
        if found is None:
            missing.append(basename)
            continue
        username, pk = found
        url = reverse(f"{basename}-detail", args=[pk])
        for other, client in clients:
            status = client.get(url).status_code
            assert status < 500, (url, other, status)
            if other == username:
                assert status == 200, (url, other, status)
        opened[basename] = username
    assert not missing, f"no demo user found an object to open for: {missing}"
    assert "activity-type" in opened
