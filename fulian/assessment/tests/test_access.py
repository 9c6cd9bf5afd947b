"""Four checks for every assessment page: works for the right user, outsider 404, wrong role 403,
anonymous to login; an assessor sees only her group's villages; lists cap their queries."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fulian.assessment import services
from fulian.assessment.models import Appeal, Score
from fulian.people.tests.factories import PersonFactory

from .factories import final_score_all, make_assessment, make_group, self_score_all, sheet_of

PDF = b"%PDF-1.4 evidence"


@pytest.fixture
def world(cast):
    for v in (cast.village_a1, cast.village_a2):
        for _ in range(5):
            PersonFactory(village=v)
    a = make_assessment(cast)
    group = make_group(cast, a, villages=[cast.village_a1])
    s1, s2 = sheet_of(a, cast.village_a1), sheet_of(a, cast.village_a2)
    cc = services.cross_check_generate(user=cast.chair_a, assessment=a, seed="1")
    draw = services.draw_create(
        user=cast.chair_a, assessment=a, seed="1", village_count=1, women_ratio=Decimal("0.4")
    )
    ev = services.evidence_add(user=cast.vchair_a1, sheet=s1, upload=SimpleUploadedFile("a.pdf", PDF))
    appeal = Appeal.objects.create(sheet=s1, content="x", filed_by=cast.vchair_a1)
    item = a.rubric.items().first()
    return {
        "a": a,
        "s1": s1,
        "s2": s2,
        "cc": cc,
        "pair": cc.pairs.first(),
        "draw": draw,
        "ev": ev,
        "appeal": appeal,
        "rubric": a.rubric,
        "cat": a.rubric.categories.first(),
        "item": item,
        "group": group,
    }


def manage_urls(w):
    a, r = w["a"].pk, w["rubric"].pk
    return [
        ("get", f"/assessment/rubrics/{r}/", None),
        ("post", f"/assessment/rubrics/{r}/copy/", {"year": "2026"}),
        ("post", f"/assessment/rubrics/{r}/categories/", {"name": "新类"}),
        ("post", f"/assessment/rubrics/{r}/assessments/new/", {"title": "x"}),
        ("post", f"/assessment/categories/{w['cat'].pk}/items/", {"title": "x", "max_points": "1"}),
        ("post", f"/assessment/items/{w['item'].pk}/edit/", {"title": "改", "max_points": "10"}),
        ("post", f"/assessment/items/{w['item'].pk}/delete/", {}),
        ("post", f"/assessment/{a}/settings/", {"weight_final": "60"}),
        ("post", f"/assessment/{a}/auto/", {}),
        ("get", f"/assessment/{a}/groups/new/", None),
        ("post", f"/assessment/{a}/cross-checks/new/", {"seed": "2"}),
        ("get", f"/assessment/{a}/draws/new/", None),
        ("post", f"/assessment/{a}/meetings/new/", {"held_on": "2025-11-21", "attendees": "各村主任"}),
        ("post", f"/assessment/{a}/publish/", {}),
        ("get", f"/assessment/{a}/ranking.xlsx", None),
        ("get", f"/assessment/{a}/ranking.docx", None),
        ("get", f"/assessment/cross-checks/{w['cc'].pk}/", None),
        ("post", f"/assessment/pairs/{w['pair'].pk}/", {}),
        ("get", f"/assessment/draws/{w['draw'].pk}/", None),
        ("post", f"/assessment/appeals/{w['appeal'].pk}/", {"outcome": "rejected", "response": "维持"}),
    ]


def view_urls(w):
    a, s = w["a"].pk, w["s1"].pk
    return [
        ("get", f"/assessment/{a}/", None),
        ("get", f"/assessment/{a}/results/", None),
        ("get", f"/assessment/sheets/{s}/", None),
        ("post", f"/assessment/sheets/{s}/score/", {"part": "self", "item": w["item"].pk, "points": "1"}),
        ("post", f"/assessment/sheets/{s}/evidence/", {}),
        ("post", f"/assessment/sheets/{s}/submit/", {}),
        ("get", f"/assessment/sheets/{s}/export.xlsx", None),
        ("get", f"/assessment/evidence/{w['ev'].pk}/", None),
    ]


def test_town_chair_reaches_every_page(cast, world, client):
    client.force_login(cast.chair_a)
    for method, url, data in manage_urls(world) + view_urls(world):
        resp = getattr(client, method)(url, data)
        assert resp.status_code in (200, 302), (url, resp.status_code)
    assert client.get("/assessment/").status_code == 200


def test_outsider_gets_404(cast, world, client):
    client.force_login(cast.chair_b)
    for method, url, data in manage_urls(world) + view_urls(world):
        assert getattr(client, method)(url, data).status_code == 404, url
    assert world["a"].title not in client.get("/assessment/").content.decode()


def test_wrong_role_gets_403(cast, world, client):
    client.force_login(cast.caseworker_a)  # no assessment capability at all
    for method, url, data in manage_urls(world) + view_urls(world):
        assert getattr(client, method)(url, data).status_code == 403, url
    assert client.get("/assessment/").status_code == 403
    client.force_login(cast.vchair_a1)  # may see her sheet, may not manage
    assert client.get(f"/assessment/sheets/{world['s1'].pk}/").status_code == 200
    for method, url, data in manage_urls(world):
        assert getattr(client, method)(url, data).status_code in (403, 404), url
    for url in (f"/assessment/{world['a'].pk}/settings/", f"/assessment/{world['a'].pk}/publish/"):
        assert client.post(url, {}).status_code == 403, url


def test_anonymous_goes_to_login(world, client):
    for method, url, data in manage_urls(world) + view_urls(world):
        resp = getattr(client, method)(url, data)
        assert resp.status_code == 302, url
        assert "/accounts/login/" in resp["Location"], url


def test_village_chair_sees_only_her_own_sheet(cast, world, client):
    client.force_login(cast.vchair_a2)
    assert client.get(f"/assessment/sheets/{world['s1'].pk}/").status_code == 404
    page = client.get(f"/assessment/{world['a'].pk}/").content.decode()
    assert "红旗村" in page
    assert "青龙村" not in page


def test_assessor_sees_only_her_groups_villages(cast, world, client):
    client.force_login(cast.assessor_a)
    assert client.get(f"/assessment/sheets/{world['s1'].pk}/").status_code == 200
    assert client.get(f"/assessment/sheets/{world['s2'].pk}/").status_code == 404
    page = client.get(f"/assessment/{world['a'].pk}/").content.decode()
    assert "青龙村" in page
    assert "红旗村" not in page
    item = world["item"]
    resp = client.post(
        f"/assessment/sheets/{world['s1'].pk}/score/",
        {"part": "final", "item": item.pk, "points": "9", "reason": "缺"},
    )
    assert resp.status_code == 302
    assert Score.objects.get(sheet=world["s1"], item=item, part="final").points == 9


def test_score_above_max_through_the_page_is_refused_with_a_message(cast, world, client):
    client.force_login(cast.vchair_a1)
    resp = client.post(
        f"/assessment/sheets/{world['s1'].pk}/score/",
        {"part": "self", "item": world["item"].pk, "points": "99"},
        follow=True,
    )
    assert "超过了该项满分" in resp.content.decode()
    assert not Score.objects.exists()


def test_submit_with_unscored_items_through_the_page_names_them(cast, world, client):
    client.force_login(cast.vchair_a1)
    resp = client.post(f"/assessment/sheets/{world['s1'].pk}/submit/", follow=True)
    assert "以下项目尚未自评" in resp.content.decode()


def test_results_page_caps_queries_and_hides_unpublished_from_villages(
    cast, world, client, django_assert_max_num_queries
):
    a = world["a"]
    for sheet, chair in ((world["s1"], cast.vchair_a1), (world["s2"], cast.vchair_a2)):
        self_score_all(chair, sheet)
        services.sheet_submit(user=chair, sheet=sheet)
        final_score_all(cast.chair_a, sheet)
        services.sheet_lock(user=cast.chair_a, sheet=sheet)
    client.force_login(cast.vchair_a1)
    assert "尚未公布" in client.get(f"/assessment/{a.pk}/results/").content.decode()
    services.assessment_publish(user=cast.chair_a, assessment=a)
    page = client.get(f"/assessment/{a.pk}/results/").content.decode()
    assert "青龙村" in page
    assert "红旗村" not in page
    client.force_login(cast.chair_a)
    with django_assert_max_num_queries(25):
        assert client.get(f"/assessment/{a.pk}/results/").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get("/assessment/").status_code == 200
