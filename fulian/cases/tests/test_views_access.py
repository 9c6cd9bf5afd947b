"""Four checks for every page: the right user works; an outsider gets 404 (a case) or sees nothing (a
list); a wrong role gets 403; anonymous goes to the login page."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from conftest import make_user
from fulian.cases import services
from fulian.cases.models import Case
from fulian.core.roles import Role

REASON = "当事人正处于危险中，承办人无法联系"


@pytest.fixture
def world(clock, cw):
    user = cw.cast.caseworker_a
    referral = services.referral_create(user=user, case=cw.case, body=cw.bodies["police"], asked="出警")
    order = services.order_apply(
        user=user, case=cw.case, body=cw.bodies["court"], applicant="federation", applied_at=clock.now
    )
    worker2 = make_user("caseworker_a2", (cw.cast.town_a, Role.CASE_WORKER))
    services.break_glass(user=cw.cast.staff_a, number=cw.case.number, reason=REASON)
    return SimpleNamespace(cw=cw, referral=referral, order=order, worker2=worker2)


def _views(w):
    pk = w.cw.case.pk
    b = w.cw.bodies
    return {
        "detail": ("get", reverse("cases:detail", args=[pk]), {}),
        "export": ("get", reverse("cases:export", args=[pk]), {}),
        "print": ("get", reverse("cases:print", args=[pk]), {}),
        "assess": ("post", reverse("cases:assess", args=[pk]), {"q_weapon": "on"}),
        "handle": ("post", reverse("cases:handle", args=[pk]), {"note": "安全计划"}),
        "referral_add": (
            "post",
            reverse("cases:referral_add", args=[pk]),
            {"body": b["legal_aid"].pk, "asked": "法律援助", "referred_on": "2026-03-02"},
        ),
        "referral_update": (
            "post",
            reverse("cases:referral_update", args=[pk, w.referral.pk]),
            {"status": "done", "outcome": "已出警", "closed_on": "2026-03-02"},
        ),
        "warning_add": (
            "post",
            reverse("cases:warning_add", args=[pk]),
            {"body": b["police"].pk, "issued_on": "2026-03-02"},
        ),
        "order_apply": (
            "post",
            reverse("cases:order_apply", args=[pk]),
            {"body": b["court"].pk, "applicant": "victim", "applied_at": "2026-03-02T08:00"},
        ),
        "order_decide": (
            "post",
            reverse("cases:order_decide", args=[pk, w.order.pk]),
            {"decision": "rejected", "decided_at": "2026-03-02T09:00"},
        ),
        "followup_add": (
            "post",
            reverse("cases:followup_add", args=[pk]),
            {"visited_on": "2026-03-02", "method": "phone", "note": "平安"},
        ),
        "close": (
            "post",
            reverse("cases:close", args=[pk]),
            {"outcome": "resolved", "satisfaction": "very", "note": "x"},
        ),
        "reopen": ("post", reverse("cases:reopen", args=[pk]), {"reason": "再次求助"}),
        "assign": ("post", reverse("cases:assign", args=[pk]), {"worker": w.worker2.pk}),
    }


CASE_VIEWS = [
    "detail",
    "export",
    "print",
    "assess",
    "handle",
    "referral_add",
    "referral_update",
    "warning_add",
    "order_apply",
    "order_decide",
    "followup_add",
    "close",
    "reopen",
    "assign",
]
# The user for whom the view works, and a user who sees the case but whose role lacks the action.
RIGHT = dict.fromkeys(CASE_VIEWS, "caseworker_a") | {"assign": "chair_a"}
WRONG_ROLE = {name: "staff_a" for name in CASE_VIEWS if name != "detail"} | {"assign": "caseworker_a"}


def _call(client, method, url, data):
    return client.get(url) if method == "get" else client.post(url, data)


@pytest.mark.parametrize("name", CASE_VIEWS)
def test_right_user_works(world, login, name):
    method, url, data = _views(world)[name]
    response = _call(login(getattr(world.cw.cast, RIGHT[name])), method, url, data)
    if method == "get":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response.url == reverse("cases:detail", args=[world.cw.case.pk])


@pytest.mark.parametrize("name", CASE_VIEWS)
def test_outsider_gets_404(world, login, name):
    method, url, data = _views(world)[name]
    assert _call(login(world.cw.cast.chair_b), method, url, data).status_code == 404
    assert _call(login(world.worker2), method, url, data).status_code == 404


@pytest.mark.parametrize("name", sorted(WRONG_ROLE))
def test_wrong_role_gets_403(world, login, name):
    method, url, data = _views(world)[name]
    before = list(Case.objects.values_list("status", "risk_level"))
    assert _call(login(getattr(world.cw.cast, WRONG_ROLE[name])), method, url, data).status_code == 403
    assert list(Case.objects.values_list("status", "risk_level")) == before


@pytest.mark.parametrize("name", CASE_VIEWS)
def test_anonymous_goes_to_login(world, client, name):
    method, url, data = _views(world)[name]
    response = _call(client, method, url, data)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


PAGES = {
    "list": ("cases:list", "caseworker_a"),
    "intake": ("cases:intake", "caseworker_a"),
    "break_glass": ("cases:break_glass", "staff_a"),
    "stats": ("cases:stats", "county_user"),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_pages_four_ways(world, login, client, name):
    url_name, right = PAGES[name]
    url = reverse(url_name)
    assert client.get(url).status_code == 302  # anonymous
    ok = login(getattr(world.cw.cast, right)).get(url)
    assert ok.status_code == 200
    assert login(world.cw.cast.vchair_a1).get(url).status_code == 403  # wrong role
    outsider = login(world.cw.cast.chair_b).get(url)  # her own town's (empty) page
    assert outsider.status_code == 200
    assert world.cw.case.number not in outsider.content.decode()


def test_list_query_count_does_not_grow_with_cases(world, login, django_assert_max_num_queries):
    from .factories import make_case

    client = login(world.cw.cast.chair_a)
    with django_assert_max_num_queries(30):
        client.get(reverse("cases:list"))
    for _ in range(8):
        make_case(world.cw.cast)
    with django_assert_max_num_queries(30) as ctx:
        response = client.get(reverse("cases:list"))
    assert response.content.decode().count('href="/cases/') >= 9
    assert len(ctx.captured_queries) <= 30


def test_detail_query_count_is_bounded(world, login, django_assert_max_num_queries):
    client = login(world.cw.cast.caseworker_a)
    with django_assert_max_num_queries(40):
        assert client.get(reverse("cases:detail", args=[world.cw.case.pk])).status_code == 200
