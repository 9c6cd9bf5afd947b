"""The four access checks of a page that changes data, for any app's tests (docs/testing.md)."""

from __future__ import annotations

from django.test import Client


def post_four_ways(login, url: str, data: dict, *, works_as, outsider, wrong_role):
    """Post `data` to `url`: anonymous → the login page, an outsider → 404 (the record does not exist for
    her), a wrong role → 403 — each changing nothing the caller checks afterwards — then as the right user,
    whose response (a redirect after the write) is returned."""
    response = Client().post(url, data)
    assert response.status_code == 302, url
    assert "/accounts/login/" in response["Location"], url
    assert login(outsider).post(url, data).status_code == 404, url
    assert login(wrong_role).post(url, data).status_code == 403, url
    response = login(works_as).post(url, data)
    assert response.status_code == 302, response.content.decode()[:300]
    return response
