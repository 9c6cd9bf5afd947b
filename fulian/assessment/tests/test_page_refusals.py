"""Bad input through the pages: a clear Chinese message and nothing saved."""

from fulian.assessment import services
from fulian.assessment.models import CrossCheck, Draw, Item

from .factories import item, make_assessment, sheet_of


def test_over_large_draw_on_the_page(cast, client):
    a = make_assessment(cast)
    client.force_login(cast.chair_a)
    resp = client.post(f"/assessment/{a.pk}/draws/new/", {"village_count": "9", "women_percent": "4"})
    assert "要求抽取9个村，但本次考核只有2个村" in resp.content.decode()
    assert not Draw.objects.exists()


def test_rubric_item_added_after_scoring_started_on_the_page(cast, client):
    a = make_assessment(cast)
    services.score_self(
        user=cast.vchair_a1, sheet=sheet_of(a, cast.village_a1), item=item(a, "妇联组织健全"), points=5
    )
    n = Item.objects.count()
    client.force_login(cast.chair_a)
    cat = a.rubric.categories.first()
    resp = client.post(
        f"/assessment/categories/{cat.pk}/items/", {"title": "新项", "max_points": "5"}, follow=True
    )
    assert "请另建新版本" in resp.content.decode()
    assert Item.objects.count() == n


def test_cross_check_of_one_village_is_refused(cast, client):
    from fulian.orgs.models import Zone

    a = make_assessment(cast)
    zone = Zone.objects.create(town=cast.town_a, name="东片")
    cast.village_a1.zone = zone
    cast.village_a1.save()
    client.force_login(cast.chair_a)
    resp = client.post(f"/assessment/{a.pk}/cross-checks/new/", {"zone": zone.pk}, follow=True)
    assert "至少需要2个村" in resp.content.decode()
    assert not CrossCheck.objects.exists()


def test_group_form_offers_assessors_and_staff_and_saves_the_group(cast, client):
    a = make_assessment(cast)
    client.force_login(cast.chair_a)
    page = client.get(f"/assessment/{a.pk}/groups/new/").content.decode()
    assert "吴考核员" in page
    assert "张丽" not in page  # a village chair is not offered
    it = item(a, "档案分类齐全")
    resp = client.post(
        f"/assessment/{a.pk}/groups/new/",
        {
            "name": "档案台帐组",
            "leader": cast.staff_a.pk,
            "members": [cast.assessor_a.pk],
            "items": [it.pk],
            "villages": [cast.village_a1.pk],
        },
    )
    assert resp.status_code == 302
    g = a.groups.get()
    assert (g.leader, list(g.members.all()), list(g.items.all())) == (cast.staff_a, [cast.assessor_a], [it])
    resp = client.post(f"/assessment/{a.pk}/groups/new/", {"name": "硬件设施组"})
    assert "请选择组长" in resp.content.decode()
    assert a.groups.count() == 1


def test_item_edited_on_the_page_before_scoring_and_refused_after(cast, client):
    a = make_assessment(cast)
    it = item(a, "妇联组织健全")
    client.force_login(cast.chair_a)
    data = {"title": "妇联组织健全、按期换届", "max_points": "12", "method": "documents", "kind": "normal"}
    client.post(f"/assessment/items/{it.pk}/edit/", data)
    it.refresh_from_db()
    assert (it.title, it.max_points) == ("妇联组织健全、按期换届", 12)
    services.score_self(user=cast.vchair_a1, sheet=sheet_of(a, cast.village_a1), item=it, points=5)
    resp = client.post(f"/assessment/items/{it.pk}/edit/", {**data, "max_points": "20"}, follow=True)
    assert "请另建新版本" in resp.content.decode()
    it.refresh_from_db()
    assert it.max_points == 12
