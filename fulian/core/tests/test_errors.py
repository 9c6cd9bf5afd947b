"""Error pages in Chinese inside the layout; JSON under /api/; 403 logged as a warning; 500 needs nothing."""

import json
import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.test import Client, RequestFactory
from django.urls import reverse

from fulian.core import errors
from fulian.people.tests.factories import PersonFactory


def test_403_says_why_in_chinese_inside_the_layout(cast, login):
    response = login(cast.volunteer_a1).get(reverse("people:list"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "您的角色无权访问此页面" in html  # the scoping policy's own message
    assert 'data-testid="main-menu"' in html  # the menu
    assert 'data-testid="current-user"' in html
    assert "回到首页" in html
    assert "Forbidden" not in html


def test_403_is_logged_as_a_warning_not_an_error(cast, login, caplog):
    with caplog.at_level(logging.INFO, logger="django.request"):
        login(cast.volunteer_a1).get(reverse("people:list"))
    levels = {r.levelname for r in caplog.records if r.name == "django.request"}
    assert levels == {"WARNING"}


def test_404_outside_the_scope_shows_the_policy_message(cast, login):
    person = PersonFactory(village=cast.village_b1)
    response = login(cast.chair_a).get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "该记录不存在或不在您的管辖范围内" in html
    assert 'data-testid="main-menu"' in html


def test_an_unknown_address_is_a_chinese_404_even_for_anonymous_users(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html
    assert "Not Found" not in html


def test_english_messages_from_django_are_replaced_by_plain_chinese():
    request = RequestFactory().get("/x/")
    response = errors.permission_denied(request, PermissionDenied("Forbidden"))
    assert "您的角色无权访问此页面" in response.content.decode()
    assert "Forbidden" not in response.content.decode()


def test_400_page_is_chinese():
    response = errors.bad_request(RequestFactory().get("/x/"), ValueError("bad"))
    assert response.status_code == 400
    assert "提交的内容无法处理" in response.content.decode()


def test_csrf_failure_explains_and_keeps_the_menu(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.chair_a)
    response = client.post(reverse("people:create"), {"name": "张丽"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "页面已过期" in html
    assert "刷新后重新提交" in html
    assert 'data-testid="main-menu"' in html


def test_500_page_renders_without_request_context_or_database(monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("数据库不可用")

    monkeypatch.setattr("fulian.core.context_processors.menu_for", broken)
    request = RequestFactory().get("/people/")  # no session, no user
    response = errors.server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器出错" in html
    assert "妇联工作平台" in html  # the site's frame
    assert 'data-testid="main-menu"' not in html  # no menu: it needs the database


def test_500_falls_back_to_plain_html_if_the_template_fails(monkeypatch):
    def broken(name):
        raise OSError("模板读不出")

    monkeypatch.setattr("fulian.core.errors.loader.get_template", broken)
    response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "服务器出错" in response.content.decode()


def test_a_menu_that_fails_falls_back_to_the_page_without_it(cast, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("数据库不可用")

    request = RequestFactory().get("/x/")
    request.user = cast.chair_a
    monkeypatch.setattr("fulian.core.context_processors.menu_for", broken)
    response = errors.page_not_found(request, None)
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html
    assert 'data-testid="main-menu"' not in html


@pytest.mark.parametrize("path", ["/api/v1/no-such-thing/", "/api/v1/persons/999999/"])
def test_the_api_answers_errors_in_json_and_chinese(cast, path):
    client = Client()
    client.force_login(cast.chair_a)
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in detail)


def test_the_api_refuses_a_wrong_role_in_chinese_json(cast):
    client = Client()
    client.force_login(cast.volunteer_a1)
    response = client.get("/api/v1/persons/")
    assert response.status_code == 403
    assert "无权" in response.json()["detail"]


def test_a_server_error_under_the_api_is_json():
    response = errors.server_error(RequestFactory().get("/api/v1/persons/"))
    assert response.status_code == 500
    assert json.loads(response.content) == {"detail": errors.DEFAULTS[500][1]}


def _client(user=None, **kwargs) -> Client:
    client = Client(**kwargs)
    if user is not None:
        client.force_login(user)
    return client


def test_error_pages_are_never_stored_and_keep_the_policy(cast, monkeypatch):
    """Each error page as the whole stack answers it, middleware included: no-store and the CSP."""

    def broken(*args, **kwargs):
        raise RuntimeError("统计出错")

    monkeypatch.setattr("fulian.core.views.compute_stats", broken)
    outsider = PersonFactory(village=cast.village_b1)
    responses = {
        "403-role": _client(cast.volunteer_a1).get(reverse("people:list")),
        "403-csrf": _client(cast.chair_a, enforce_csrf_checks=True).post(reverse("people:create"), {}),
        "404-scope": _client(cast.chair_a).get(reverse("people:detail", args=[outsider.pk])),
        "404-address": _client().get("/no-such-page/"),
        "500": _client(cast.chair_a, raise_request_exception=False).get(reverse("core:home")),
    }
    assert {name: r.status_code for name, r in responses.items()} == {
        "403-role": 403,
        "403-csrf": 403,
        "404-scope": 404,
        "404-address": 404,
        "500": 500,
    }
    assert "服务器出错" in responses["500"].content.decode()
    for name, response in responses.items():
        assert response["Cache-Control"] == "no-store", name
        assert "script-src 'self'" in response["Content-Security-Policy"], name
