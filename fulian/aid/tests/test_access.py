"""Four checks for every aid page and endpoint: works, outsider 404, wrong role 403, anonymous to login
(API: 401)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fulian.aid import services

from .factories import make_person, make_programme, noticed

PDF = b"%PDF-1.4 signed receipt"


@pytest.fixture
def world(cast):
    programme = make_programme(cast.county_user, cast.county)
    app = noticed(
        cast,
        services.application_submit(
            user=cast.vchair_a1, programme=programme, person=make_person(cast.village_a1), amount=800
        ),
    )
    d = services.disbursement_create(
        user=cast.chair_a, application=app, amount=500, receipt=SimpleUploadedFile("r.pdf", PDF)
    )
    objection = services.objection_record(user=cast.chair_a, notice=app.notice, content="请核实")
    return {"programme": programme, "app": app, "d": d, "notice": app.notice, "objection": objection}


def _object_urls(w):
    _p, a, d, n, o = w["programme"], w["app"], w["d"], w["notice"], w["objection"]
    return [
        ("get", f"/aid/applications/{a.pk}/", None),
        ("post", f"/aid/applications/{a.pk}/withdraw/", {"note": "x"}),
        (
            "post",
            f"/aid/applications/{a.pk}/disburse/",
            {"kind": "cash", "amount": "100", "paid_on": "2026-01-01"},
        ),
        ("post", f"/aid/disbursements/{d.pk}/cancel/", {"reason": "x"}),
        ("post", f"/aid/disbursements/{d.pk}/edit/", {"amount": "400", "paid_on": "2026-01-01"}),
        ("post", f"/aid/disbursements/{d.pk}/receipt/", {}),
        ("get", f"/aid/disbursements/{d.pk}/receipt/file/", None),
        ("get", f"/aid/notices/{n.pk}/", None),
        ("get", f"/aid/notices/{n.pk}/print/", None),
        ("post", f"/aid/notices/{n.pk}/publish/", {}),
        ("post", f"/aid/notices/{n.pk}/objections/", {"content": "x", "received_on": "2026-01-01"}),
        ("post", f"/aid/objections/{o.pk}/resolve/", {"upheld": "0", "resolution": "x"}),
    ]


def test_outsider_gets_404_on_every_object_page(cast, world, client):
    client.force_login(cast.chair_b)
    for method, url, data in _object_urls(world):
        assert getattr(client, method)(url, data).status_code == 404, url
    # A town programme of town A is invisible to town B.
    town_programme = make_programme(cast.chair_a, cast.town_a)
    for url in (f"/aid/programmes/{town_programme.pk}/", f"/aid/programmes/{town_programme.pk}/apply/"):
        assert client.get(url).status_code == 404, url
    assert world["app"].person.name not in client.get("/aid/applications/").content.decode()


def test_wrong_role_gets_403(cast, world, client):
    client.force_login(cast.caseworker_a)  # no aid capability at all
    for method, url, data in _object_urls(world):
        assert getattr(client, method)(url, data).status_code == 403, url
    for url in ("/aid/", "/aid/applications/", "/aid/programmes/new/"):
        assert client.get(url).status_code == 403, url
    client.force_login(cast.assessor_a)  # may look, may not act
    assert client.get(f"/aid/applications/{world['app'].pk}/").status_code == 200
    for method, url, data in _object_urls(world):
        if method == "post":
            assert client.post(url, data).status_code == 403, url
    p = world["programme"].pk
    for url in (
        f"/aid/programmes/{p}/apply/",
        f"/aid/programmes/{p}/notices/new/",
        f"/aid/programmes/{p}/edit/",
    ):
        assert client.get(url).status_code == 403, url
    client.force_login(cast.chair_a)  # a town chair cannot edit the county's programme
    assert client.get(f"/aid/programmes/{p}/edit/").status_code == 403


def test_anonymous_goes_to_login(cast, world, client):
    p = world["programme"].pk
    urls = [u for _, u, _ in _object_urls(world)] + [
        "/aid/",
        "/aid/applications/",
        "/aid/programmes/new/",
        f"/aid/programmes/{p}/",
        f"/aid/programmes/{p}/edit/",
        f"/aid/programmes/{p}/apply/",
        f"/aid/programmes/{p}/notices/new/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]


def test_right_users_work(cast, world, client):
    p, a, d, n, o = (world[k] for k in ("programme", "app", "d", "notice", "objection"))
    client.force_login(cast.chair_a)
    for url in (
        "/aid/",
        "/aid/applications/",
        f"/aid/programmes/{p.pk}/",
        f"/aid/programmes/{p.pk}/apply/?q=张",
        f"/aid/programmes/{p.pk}/notices/new/",
        f"/aid/applications/{a.pk}/",
        f"/aid/notices/{n.pk}/",
        f"/aid/notices/{n.pk}/print/",
        f"/aid/disbursements/{d.pk}/receipt/file/",
    ):
        assert client.get(url).status_code == 200, url
    assert (
        client.post(f"/aid/objections/{o.pk}/resolve/", {"upheld": "0", "resolution": "不属实"}).status_code
        == 302
    )
    assert (
        client.post(
            f"/aid/disbursements/{d.pk}/edit/", {"amount": "600", "paid_on": "2026-01-02"}
        ).status_code
        == 302
    )
    d.refresh_from_db()
    assert str(d.amount) == "600.00"
    client.force_login(cast.county_user)
    assert client.get("/aid/programmes/new/").status_code == 200
    assert client.get(f"/aid/programmes/{p.pk}/edit/").status_code == 200


def test_programme_list_query_count_is_capped(cast, world, client, django_assert_max_num_queries):
    for i in range(5):
        make_programme(cast.county_user, cast.county, name=f"节日慰问{i}")
    client.force_login(cast.chair_a)
    with django_assert_max_num_queries(12):
        assert client.get("/aid/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get("/aid/applications/").status_code == 200


def test_api_four_ways(cast, world, api_client):
    a, d = world["app"], world["d"]
    urls = [
        f"/api/v1/aid/applications/{a.pk}/",
        f"/api/v1/aid/disbursements/{d.pk}/",
        f"/api/v1/aid/programmes/{world['programme'].pk}/",
    ]
    for url in urls:
        assert api_client.get(url).status_code == 401, url
    api_client.force_authenticate(cast.chair_b)
    for url in urls[:2]:
        assert api_client.get(url).status_code == 404, url
    # The county programme is visible to town B, but its totals count only town B's records.
    assert api_client.get(urls[2]).json()["disbursed"] == "0.00"
    api_client.force_authenticate(cast.caseworker_a)
    for url in urls:
        assert api_client.get(url).status_code == 403, url
    api_client.force_authenticate(cast.assessor_a)
    assert api_client.post(f"/api/v1/aid/disbursements/{d.pk}/cancel/", {"reason": "x"}).status_code == 403
    assert api_client.post(f"/api/v1/aid/applications/{a.pk}/approve/").status_code == 403
    api_client.force_authenticate(cast.chair_a)
    assert api_client.get(urls[2]).json()["disbursed"] == "500.00"
    person = make_person(cast.village_a2, "赵敏")
    created = api_client.post(
        "/api/v1/aid/applications/",
        {"programme": world["programme"].pk, "person": person.pk, "amount": "5000"},
        format="json",
    )
    assert created.status_code == 400
    assert "amount" in created.json()
    created = api_client.post(
        "/api/v1/aid/applications/",
        {"programme": world["programme"].pk, "person": person.pk, "amount": "600"},
        format="json",
    )
    assert created.status_code == 201
    new = created.json()["id"]
    assert api_client.post(f"/api/v1/aid/applications/{new}/review/").json()["status"] == "reviewed"
    refused = api_client.post(f"/api/v1/aid/applications/{new}/approve/")  # she submitted and reviewed it
    assert refused.status_code == 400
    assert "审批人不能是提交人或审核人" in refused.json()["non_field_errors"][0]
    api_client.force_authenticate(cast.county_user)
    assert api_client.post(f"/api/v1/aid/applications/{new}/approve/").json()["status"] == "approved"
    api_client.force_authenticate(cast.chair_a)
    refused = api_client.post(
        "/api/v1/aid/disbursements/", {"application": new, "amount": "600"}, format="json"
    )
    assert refused.status_code == 400
    cancelled = api_client.post(
        f"/api/v1/aid/disbursements/{d.pk}/cancel/", {"reason": "重复"}, format="json"
    )
    assert cancelled.json()["status"] == "cancelled"
