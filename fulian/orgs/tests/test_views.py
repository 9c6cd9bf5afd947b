"""Org pages: the tree, a unit's page, federation seats and zones, each with its four access checks."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from fulian.orgs.models import FederationMember, Position, Zone

HX = {"HTTP_HX_REQUEST": "true"}


def _member(unit, name="李红", position=Position.CHAIR, start=datetime.date(2021, 5, 1), end=None):
    return FederationMember.objects.create(
        unit=unit, name=name, position=position, term_start=start, term_end=end
    )


def _assert_login_redirect(client, url, method="get"):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


# --- the tree ---------------------------------------------------------------------------------------


def test_tree_starts_at_the_users_top_unit(cast, login):
    response = login(cast.chair_a).get(reverse("orgs:tree"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "竹峪镇" in body
    assert "万源市" not in body  # above her grant
    assert 'aria-expanded="true"' in body
    assert "古东关街道" not in body  # another town
    assert reverse("orgs:children", args=[cast.village_a1.pk]) in body  # her villages, ready to open


def test_a_single_home_unit_opens_with_its_children(cast, login, django_assert_max_num_queries):
    client = login(cast.chair_a)
    with django_assert_max_num_queries(8):
        body = client.get(reverse("orgs:tree")).content.decode()
    assert "青龙村" in body
    assert "红旗村" in body
    assert "一组" not in body  # deeper levels stay lazy
    several = login(cast.county_user).get(reverse("orgs:tree")).content.decode()
    assert "竹峪镇" in several  # the county opens on its towns
    assert "青龙村" not in several


def test_tree_wrong_role_gets_403(cast, login):
    assert login(cast.volunteer_a1).get(reverse("orgs:tree")).status_code == 403
    assert login(cast.caseworker_a).get(reverse("orgs:tree")).status_code == 403


def test_tree_anonymous_goes_to_login(cast, client):
    _assert_login_redirect(client, reverse("orgs:tree"))


def test_children_fragment_lists_children_with_counts(cast, login, django_assert_max_num_queries):
    client = login(cast.chair_a)
    url = reverse("orgs:children", args=[cast.town_a.pk])
    with django_assert_max_num_queries(8):
        response = client.get(url, **HX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body  # a fragment
    assert "青龙村" in body
    assert "红旗村" in body
    assert "1个下级" in body  # 青龙村 has 一组
    assert reverse("orgs:children", args=[cast.village_a1.pk]) in body


def test_children_query_count_does_not_grow_with_children(cast, login, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from conftest import make_unit
    from fulian.orgs.models import Level

    client = login(cast.chair_a)
    url = reverse("orgs:children", args=[cast.town_a.pk])
    client.get(url, **HX)  # warm the session
    with CaptureQueriesContext(connection) as ctx:
        client.get(url, **HX)
    before = len(ctx.captured_queries)
    for i in range(10):
        make_unit(cast.town_a, name=f"新村{i}", level=Level.VILLAGE, code=f"5117811063{i:02d}")
    with django_assert_num_queries(before):
        response = client.get(url, **HX)
    assert "新村9" in response.content.decode()


def test_children_outsider_gets_404(cast, login):
    assert login(cast.chair_b).get(reverse("orgs:children", args=[cast.town_a.pk]), **HX).status_code == 404


def test_children_wrong_role_and_anonymous(cast, login, client):
    url = reverse("orgs:children", args=[cast.town_a.pk])
    _assert_login_redirect(client, url)
    assert login(cast.volunteer_a1).get(url, **HX).status_code == 403


def test_children_without_htmx_goes_to_the_unit_page(cast, login):
    response = login(cast.chair_a).get(reverse("orgs:children", args=[cast.town_a.pk]))
    assert response.status_code == 302
    assert response.url == reverse("orgs:unit", args=[cast.town_a.pk])


def test_retired_units_are_greyed_with_dates_and_can_be_hidden(cast, login):
    cast.village_a2.active_from = datetime.date(2001, 1, 1)
    cast.village_a2.active_until = datetime.date(2020, 6, 30)
    cast.village_a2.save()
    client = login(cast.chair_a)
    url = reverse("orgs:children", args=[cast.town_a.pk])
    body = client.get(url, **HX).content.decode()
    assert "红旗村" in body
    assert "已撤销" in body
    assert "2001-01-01 至 2020-06-30" in body
    hidden = client.get(url + "?retired=hide", **HX).content.decode()
    assert "红旗村" not in hidden
    assert "青龙村" in hidden


def test_search_by_name_and_code_stays_in_scope(cast, login, django_assert_max_num_queries):
    client = login(cast.chair_a)
    with django_assert_max_num_queries(9):
        body = client.get(reverse("orgs:tree"), {"q": "村"}).content.decode()
    assert "青龙村" in body
    assert "红旗村" in body
    assert "东城社区" not in body
    assert "竹峪镇 › 青龙村" not in body  # breadcrumb lists ancestors, not the unit itself
    by_code = client.get(reverse("orgs:tree"), {"q": "511781106202"}).content.decode()
    assert "红旗村" in by_code
    assert "青龙村" not in by_code
    outsider = login(cast.chair_b).get(reverse("orgs:tree"), {"q": "青龙"}).content.decode()
    assert "青龙村" not in outsider
    assert "没有找到匹配的单位" in outsider


def test_search_htmx_returns_only_the_results_fragment(cast, login):
    response = login(cast.chair_a).get(
        reverse("orgs:tree"), {"q": "红旗"}, HTTP_HX_TARGET="org-tree-body", **HX
    )
    body = response.content.decode()
    assert "<html" not in body
    assert "<form" not in body
    assert "红旗村" in body
    assert 'data-testid="search-results"' in body


# --- a unit's page ----------------------------------------------------------------------------------


def test_unit_page_shows_facts_subunits_and_federation(cast, login, django_assert_max_num_queries):
    cast.town_a.previous_names = ["竹峪乡"]
    cast.town_a.save()
    zone = Zone.objects.create(town=cast.town_a, name="东片")
    cast.village_a1.zone = zone
    cast.village_a1.save()
    _member(cast.town_a, "李红", Position.CHAIR)
    _member(cast.town_a, "王芳", Position.VICE_CHAIR_PART)
    _member(
        cast.town_a,
        "赵敏",
        Position.COMMITTEE,
        end=datetime.date(2021, 1, 1),
        start=datetime.date(2016, 1, 1),
    )
    client = login(cast.chair_a)
    # fixed cost ~11 queries, plus one per registered sub-unit stat (apps add theirs)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("orgs:unit", args=[cast.town_a.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    for text in ("511781106", "乡镇/街道", "镇", "竹峪乡", "青龙村", "红旗村", "东片", "李红", "王芳"):
        assert text in body, text
    fed = body[body.index('data-testid="federation"') :]
    assert fed.index('<h2 class="h6 mt-2">主席') < fed.index("副主席")
    past = body[body.index('data-testid="past-terms"') :]
    assert "赵敏" in past
    assert "2016-01-01 至 2021-01-01" in past
    assert reverse("orgs:federation_add", args=[cast.town_a.pk]) in body
    assert reverse("orgs:zones", args=[cast.town_a.pk]) in body


def test_unit_page_breadcrumbs_stop_at_the_users_top_unit(cast, login):
    body = login(cast.chair_a).get(reverse("orgs:unit", args=[cast.group_a1.pk])).content.decode()
    crumbs = body[body.index('data-testid="breadcrumbs"') : body.index("</ol>")]
    assert "竹峪镇" in crumbs
    assert "青龙村" in crumbs
    assert "一组" in crumbs
    assert "万源市" not in crumbs


def test_unit_page_outsider_gets_404(cast, login):
    assert login(cast.chair_b).get(reverse("orgs:unit", args=[cast.town_a.pk])).status_code == 404
    assert login(cast.vchair_a1).get(reverse("orgs:unit", args=[cast.village_a2.pk])).status_code == 404


def test_unit_page_wrong_role_and_anonymous(cast, login, client):
    url = reverse("orgs:unit", args=[cast.village_a1.pk])
    _assert_login_redirect(client, url)
    assert login(cast.volunteer_a1).get(url).status_code == 403


def test_unit_page_hides_edit_buttons_from_committee_member(cast, login):
    body = login(cast.member_a1).get(reverse("orgs:unit", args=[cast.village_a1.pk])).content.decode()
    assert "添加成员" not in body
    body = login(cast.vchair_a1).get(reverse("orgs:unit", args=[cast.village_a1.pk])).content.decode()
    assert "添加成员" in body


# --- federation seats -------------------------------------------------------------------------------


def _member_post(**over):
    data = {
        "name": "张桂英",
        "position": Position.VICE_CHAIR_PART,
        "term_start": "2021-05-01",
        "term_end": "",
        "phone": "13800001234",
        "workplace": "青龙村村委会",
        "note": "",
    }
    data.update(over)
    return data


def test_village_chair_adds_a_member_to_her_village(cast, login):
    client = login(cast.vchair_a1)
    url = reverse("orgs:federation_add", args=[cast.village_a1.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _member_post())
    assert response.status_code == 302
    member = FederationMember.objects.get(unit=cast.village_a1)
    assert member.name == "张桂英"
    assert member.term_end is None
    entry = LogEntry.objects.get_for_object(member).get()
    assert entry.actor == cast.vchair_a1


def test_member_form_refuses_term_end_before_start_and_bad_phone(cast, login):
    client = login(cast.vchair_a1)
    url = reverse("orgs:federation_add", args=[cast.village_a1.pk])
    response = client.post(url, _member_post(term_end="2020-01-01", phone="12345"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "任期结束不能早于任期开始" in body
    assert "联系电话格式不正确" in body
    response = client.post(url, _member_post(name="", term_start="2021-13-01"))
    body = response.content.decode()
    assert "请填写姓名" in body
    assert "任期开始日期格式不正确" in body
    assert not FederationMember.objects.exists()


def test_member_add_committee_member_gets_403(cast, login):
    url = reverse("orgs:federation_add", args=[cast.village_a1.pk])
    client = login(cast.member_a1)
    assert client.get(url).status_code == 403
    assert client.post(url, _member_post()).status_code == 403
    assert not FederationMember.objects.exists()


def test_member_add_village_chair_of_another_village_gets_404(cast, login):
    url = reverse("orgs:federation_add", args=[cast.village_a1.pk])
    assert login(cast.vchair_a2).post(url, _member_post()).status_code == 404
    assert login(cast.chair_b).post(url, _member_post()).status_code == 404
    assert not FederationMember.objects.exists()


def test_member_add_anonymous_goes_to_login(cast, client):
    _assert_login_redirect(client, reverse("orgs:federation_add", args=[cast.village_a1.pk]), "post")


def test_member_edit(cast, login, client):
    member = _member(cast.village_a1)
    url = reverse("orgs:federation_edit", args=[member.pk])
    _assert_login_redirect(client, url)
    assert login(cast.chair_b).get(url).status_code == 404
    assert login(cast.member_a1).get(url).status_code == 403
    chair = login(cast.chair_a)
    assert "李红" in chair.get(url).content.decode()
    response = chair.post(url, _member_post(name="李红梅", position=Position.CHAIR))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.name == "李红梅"
    assert member.phone == "13800001234"
    bad = chair.post(url, _member_post(term_start="2022-01-01", term_end="2021-01-01"))
    assert "任期结束不能早于任期开始" in bad.content.decode()
    member.refresh_from_db()
    assert member.term_end is None


def test_member_end_term(cast, login, client):
    member = _member(cast.village_a1, start=datetime.date(2021, 5, 1))
    url = reverse("orgs:federation_end", args=[member.pk])
    _assert_login_redirect(client, url, "post")
    assert login(cast.chair_b).post(url, {"term_end": "2024-01-01"}).status_code == 404
    assert login(cast.member_a1).post(url, {"term_end": "2024-01-01"}).status_code == 403
    chair = login(cast.vchair_a1)
    fragment = chair.get(url, **HX)
    assert 'data-testid="end-form"' in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    bad = chair.post(url, {"term_end": "2020-01-01"}, **HX)
    assert bad.status_code == 200
    assert "任期结束不能早于任期开始（2021-05-01）" in bad.content.decode()
    member.refresh_from_db()
    assert member.term_end is None
    ok = chair.post(url, {"term_end": "2024-01-01"}, **HX)
    assert ok.status_code == 204
    assert ok["HX-Redirect"] == reverse("orgs:unit", args=[cast.village_a1.pk])
    member.refresh_from_db()
    assert member.term_end == datetime.date(2024, 1, 1)
    assert not member.is_current


# --- zones ------------------------------------------------------------------------------------------


def test_zone_list(cast, login, client, django_assert_max_num_queries):
    Zone.objects.create(town=cast.town_a, name="东片")
    url = reverse("orgs:zones", args=[cast.town_a.pk])
    _assert_login_redirect(client, url)
    assert login(cast.chair_b).get(url).status_code == 404
    assert login(cast.vchair_a1).get(url).status_code == 403
    assert login(cast.assessor_a).get(url).status_code == 403
    staff = login(cast.staff_a)
    with django_assert_max_num_queries(12):
        response = staff.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "东片" in body
    assert "青龙村" in body


def test_zones_only_for_towns(cast, login):
    assert login(cast.chair_a).get(reverse("orgs:zones", args=[cast.village_a1.pk])).status_code == 404


def test_zone_create_assigns_villages(cast, login, client):
    url = reverse("orgs:zone_create", args=[cast.town_a.pk])
    _assert_login_redirect(client, url, "post")
    assert login(cast.vchair_a1).post(url, {"name": "东片"}).status_code == 403
    assert login(cast.chair_b).post(url, {"name": "东片"}).status_code == 404
    chair = login(cast.chair_a)
    response = chair.post(url, {"name": " 东片 ", "villages": [cast.village_a1.pk, cast.village_a2.pk]})
    assert response.status_code == 302
    zone = Zone.objects.get()
    assert zone.name == "东片"
    assert set(zone.villages.values_list("name", flat=True)) == {"青龙村", "红旗村"}
    dup = chair.post(url, {"name": "东片"})
    assert "本乡镇已有名为“东片”的片区" in dup.content.decode()
    assert Zone.objects.count() == 1


def test_zone_refuses_villages_of_other_towns(cast, login):
    response = login(cast.county_user).post(
        reverse("orgs:zone_create", args=[cast.town_a.pk]), {"name": "东片", "villages": [cast.village_b1.pk]}
    )
    assert response.status_code == 200
    assert "不是本乡镇的村/社区" in response.content.decode()
    assert not Zone.objects.exists()


def test_zone_service_refuses_villages_of_other_towns(cast):
    from django.core.exceptions import ValidationError

    from fulian.orgs.services.units import zone_create

    with pytest.raises(ValidationError, match="东城社区"):
        zone_create(town=cast.town_a, name="东片", villages=[cast.village_b1])
    assert not Zone.objects.exists()


def test_zone_edit_renames_and_moves_a_village_between_zones(cast, login, client):
    east = Zone.objects.create(town=cast.town_a, name="东片")
    west = Zone.objects.create(town=cast.town_a, name="西片")
    cast.village_a1.zone = east
    cast.village_a1.save()
    url = reverse("orgs:zone_edit", args=[west.pk])
    _assert_login_redirect(client, url)
    assert login(cast.chair_b).get(url).status_code == 404
    assert login(cast.vchair_a1).get(url).status_code == 403
    chair = login(cast.chair_a)
    assert "现属东片" in chair.get(url).content.decode()
    response = chair.post(url, {"name": "西北片", "villages": [cast.village_a1.pk]})
    assert response.status_code == 302
    west.refresh_from_db()
    cast.village_a1.refresh_from_db()
    assert west.name == "西北片"
    assert cast.village_a1.zone == west  # a village is in one zone at most
    assert not east.villages.exists()


def test_zone_delete_refuses_a_zone_with_villages_unless_unassigned(cast, login, client):
    zone = Zone.objects.create(town=cast.town_a, name="东片")
    cast.village_a1.zone = zone
    cast.village_a1.save()
    url = reverse("orgs:zone_delete", args=[zone.pk])
    _assert_login_redirect(client, url, "post")
    assert login(cast.chair_b).post(url).status_code == 404
    assert login(cast.vchair_a1).post(url).status_code == 403
    chair = login(cast.chair_a)
    assert chair.get(url).status_code == 405
    response = chair.post(url, follow=True)
    assert "还有1个村/社区" in response.content.decode()
    assert Zone.objects.filter(pk=zone.pk).exists()
    chair.post(url, {"unassign": "on"})
    assert not Zone.objects.filter(pk=zone.pk).exists()
    cast.village_a1.refresh_from_db()
    assert cast.village_a1.zone is None


def test_menu_shows_org_tree_to_staff_only(cast, login):
    assert reverse("orgs:tree") in login(cast.vchair_a1).get(reverse("core:home")).content.decode()
    assert reverse("orgs:tree") not in login(cast.volunteer_a1).get(reverse("core:home")).content.decode()


def test_a_federation_has_one_chair_at_a_time(cast, login):
    _member(cast.village_a1, "李红", Position.CHAIR, start=datetime.date(2021, 5, 1))
    client = login(cast.vchair_a1)
    url = reverse("orgs:federation_add", args=[cast.village_a1.pk])
    refused = client.post(url, _member_post(name="王梅", position=Position.CHAIR, term_start="2023-01-01"))
    assert refused.status_code == 200
    assert "任期与主席李红（2021-05-01 至 今）的任期重叠" in refused.content.decode()
    assert FederationMember.objects.filter(position=Position.CHAIR).count() == 1
    # vice-chairs are many; a chair whose term follows the previous one is fine
    client.post(url, _member_post(name="陈芳", position=Position.VICE_CHAIR_PART))
    member = FederationMember.objects.get(name="李红")
    client.post(reverse("orgs:federation_end", args=[member.pk]), {"term_end": "2022-12-31"})
    ok = client.post(url, _member_post(name="王梅", position=Position.CHAIR, term_start="2023-01-01"))
    assert ok.status_code == 302
    assert FederationMember.objects.filter(position=Position.CHAIR).count() == 2
