"""Four checks for every activity page and endpoint: works, outsider 404, wrong role 403, anonymous
to login (API: 401)."""

import pytest

from fulian.activities.models import ActivityType

from .factories import make_activity

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def activity(cast):
    return make_activity(cast.vchair_a1, cast.village_a1, participant_count=40)


def _urls(a):
    att = a.attachments.first()
    return [
        ("get", f"/activities/{a.pk}/", None),
        ("get", f"/activities/{a.pk}/edit/", None),
        ("get", f"/activities/{a.pk}/participants/search/?name=张", None),
        ("post", f"/activities/{a.pk}/teams/", {"name": "一队", "members": 5}),
        ("post", f"/activities/{a.pk}/participants/", {"person": "0"}),
        ("get", f"/activities/{a.pk}/attachments/{att.pk}/", None),
        ("post", f"/activities/{a.pk}/attachments/{att.pk}/delete/", {}),
        ("post", f"/activities/{a.pk}/delete/", {}),
    ]


@pytest.fixture
def with_attachment(cast, activity):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fulian.activities import services

    services.attachment_add(
        user=cast.vchair_a1, activity=activity, upload=SimpleUploadedFile("a.png", PNG, "image/png")
    )
    return activity


def test_outsider_gets_404_on_every_object_page(cast, with_attachment, client):
    client.force_login(cast.chair_b)
    for method, url, data in _urls(with_attachment):
        assert getattr(client, method)(url, data).status_code == 404, url


def test_wrong_role_gets_403(cast, with_attachment, client):
    # The case worker has no activity capability at all; the assessor may look but not change.
    client.force_login(cast.caseworker_a)
    for method, url, data in _urls(with_attachment):
        assert getattr(client, method)(url, data).status_code == 403, url
    for url in ("/activities/", "/activities/calendar/", "/activities/new/", "/activities/lists/"):
        assert client.get(url).status_code == 403, url
    client.force_login(cast.assessor_a)
    assert client.get(f"/activities/{with_attachment.pk}/").status_code == 200
    for method, url, data in _urls(with_attachment)[1:]:
        if "attachments" in url and method == "get":
            continue
        assert getattr(client, method)(url, data).status_code == 403, url
    assert client.get("/activities/new/").status_code == 403
    client.force_login(cast.member_a1)
    assert client.post("/activities/lists/", {"list": "type", "name": "读书会"}).status_code == 403


def test_anonymous_goes_to_login(cast, with_attachment, client):
    urls = [u for _, u, _ in _urls(with_attachment)]
    for url in [*urls, "/activities/", "/activities/calendar/", "/activities/new/", "/activities/lists/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]


def test_right_user_works(cast, with_attachment, client):
    a = with_attachment
    client.force_login(cast.chair_a)
    for url in (
        "/activities/",
        "/activities/calendar/?month=2026-03",
        "/activities/new/",
        "/activities/lists/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert a.title in client.get("/activities/").content.decode()
    assert a.title in client.get("/activities/calendar/?month=2026-03").content.decode()
    assert client.get(f"/activities/{a.pk}/").status_code == 200
    assert client.get(f"/activities/{a.pk}/edit/").status_code == 200
    att = a.attachments.first()
    assert client.get(f"/activities/{a.pk}/attachments/{att.pk}/").status_code == 200
    assert client.post(f"/activities/{a.pk}/teams/", {"name": "一队", "members": 5}).status_code == 302
    assert a.teams.count() == 1
    assert (
        client.post("/activities/lists/", {"list": "kind", "name": "书籍", "unit": "本"}).status_code == 302
    )
    assert client.post(f"/activities/{a.pk}/attachments/{att.pk}/delete/").status_code == 302
    assert client.post(f"/activities/{a.pk}/delete/").status_code == 302
    assert not type(a).objects.filter(pk=a.pk).exists()


def test_outsider_list_and_calendar_do_not_show_town_a(cast, activity, client):
    client.force_login(cast.chair_b)
    assert activity.title not in client.get("/activities/").content.decode()
    assert activity.title not in client.get("/activities/calendar/?month=2026-03").content.decode()


def test_list_query_count_is_capped(cast, client, django_assert_max_num_queries):
    for i in range(25):
        make_activity(cast.chair_a, cast.village_a1 if i % 2 else cast.town_a, title=f"活动{i}")
    client.force_login(cast.chair_a)
    with django_assert_max_num_queries(15):
        assert client.get("/activities/").status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get("/activities/calendar/?month=2026-03").status_code == 200


def test_api_four_ways(cast, activity, api_client):
    url = f"/api/v1/activities/{activity.pk}/"
    assert api_client.get(url).status_code == 401
    api_client.force_authenticate(cast.chair_b)
    assert api_client.get(url).status_code == 404
    listed = api_client.get("/api/v1/activities/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert activity.pk not in [r["id"] for r in rows]
    api_client.force_authenticate(cast.caseworker_a)
    assert api_client.get(url).status_code == 403
    api_client.force_authenticate(cast.assessor_a)
    assert api_client.patch(url, {"title": "改"}, format="json").status_code == 403
    api_client.force_authenticate(cast.chair_a)
    body = api_client.get(url).json()
    assert body["title"] == activity.title
    created = api_client.post(
        "/api/v1/activities/",
        {
            "type": activity.type_id,
            "title": "法律讲座",
            "start_date": "2026-04-01",
            "unit": cast.village_a2.pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert api_client.get("/api/v1/activity-types/").status_code == 200
    api_client.force_authenticate(cast.chair_b)
    outside = api_client.post(
        "/api/v1/activities/",
        {"type": activity.type_id, "title": "越界", "start_date": "2026-04-01", "unit": cast.village_a2.pk},
        format="json",
    )
    assert outside.status_code == 403


@pytest.mark.parametrize("who", ["chair_a", "vchair_b1", "caseworker_a", "volunteer_a1", "assessor_a"])
def test_activity_types_are_a_reference_list_any_role_reads_list_and_detail(cast, api_client, who):
    kind = ActivityType.objects.first()
    api_client.force_authenticate(getattr(cast, who))
    listed = api_client.get("/api/v1/activity-types/")
    assert listed.status_code == 200
    assert kind.pk in [r["id"] for r in listed.json()["results"]]
    detail = api_client.get(f"/api/v1/activity-types/{kind.pk}/")
    assert detail.status_code == 200
    assert detail.json()["name"] == kind.name
    assert api_client.get("/api/v1/activity-types/999999/").status_code == 404


def test_activity_types_need_a_role_and_a_login(cast, api_client):
    kind = ActivityType.objects.first()
    assert api_client.get(f"/api/v1/activity-types/{kind.pk}/").status_code == 401
    api_client.force_authenticate(cast.nobody)
    assert api_client.get(f"/api/v1/activity-types/{kind.pk}/").status_code == 403
