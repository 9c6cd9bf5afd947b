"""Pages: the four access checks for each, plus behaviour."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from fulian.core.idcard import make_id_number
from fulian.core.models import AccessLog
from fulian.people.models import Person, Relation
from fulian.people.tests.factories import PersonFactory, add_category


@pytest.fixture
def zhang(cast):
    # A fixed birth date: the factory's sequence would make her a minor when it reaches 2009.
    return PersonFactory(
        village=cast.village_a1, name="张丽", mobile="13912345678", birth_date=date(1985, 3, 12)
    )


# --- list ------------------------------------------------------------------------------------------


def test_list_shows_people_in_scope_only(cast, login, zhang):
    PersonFactory(village=cast.village_b1, name="孙芳")
    PersonFactory(village=cast.village_a2, name="陈红")
    html = login(cast.vchair_a1).get(reverse("people:list")).content.decode()
    assert "张丽" in html
    assert "孙芳" not in html
    assert "陈红" not in html
    assert zhang.id_number not in html
    assert zhang.id_number_masked in html


def test_list_wrong_role_403_and_anonymous_to_login(cast, login, client):
    assert login(cast.volunteer_a1).get(reverse("people:list")).status_code == 403
    assert login(cast.nobody).get(reverse("people:list")).status_code == 403
    response = Client().get(reverse("people:list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("query", ["张丽", "zhangli", "zl", "ZL", "zhang"])
def test_search_by_chinese_pinyin_and_initials(cast, login, zhang, query):
    PersonFactory(village=cast.village_a1, name="王芳")
    html = login(cast.chair_a).get(reverse("people:list"), {"q": query}).content.decode()
    assert "张丽" in html
    assert "王芳" not in html


def test_search_by_surname_reading_from_the_table(cast, login):
    PersonFactory(village=cast.village_a1, name="曾丽")
    html = login(cast.chair_a).get(reverse("people:list"), {"q": "zengli"}).content.decode()
    assert "曾丽" in html


def test_filters_village_category_age_gender(cast, login, zhang):
    child = PersonFactory(village=cast.village_a2, name="刘小明", gender="M", birth_date=date(2018, 5, 1))
    add_category(zhang, "poor_mother")
    client = login(cast.chair_a)

    def names(**params):
        page = client.get(reverse("people:list"), params).context["page"]
        return {p.name for p in page}

    assert names(unit=cast.village_a1.pk) == {"张丽"}
    assert names(category=zhang.category_links.get().category_id) == {"张丽"}
    assert names(age_band="minor") == {"刘小明"}
    assert names(gender="M") == {child.name}
    assert names(unit=cast.group_a1.pk) == set()


def test_sort_by_strokes_and_by_pinyin(cast, login):
    for name in ["曾丽", "王芳", "丁香", "安娜"]:
        PersonFactory(village=cast.village_a1, name=name, id_number="")
    client = login(cast.chair_a)
    by_strokes = [p.name for p in client.get(reverse("people:list"), {"sort": "strokes"}).context["page"]]
    by_pinyin = [p.name for p in client.get(reverse("people:list"), {"sort": "pinyin"}).context["page"]]
    assert by_strokes == ["丁香", "王芳", "安娜", "曾丽"]  # 2, 4, 6, 12 strokes
    assert by_pinyin == ["安娜", "丁香", "王芳", "曾丽"]


def test_list_query_count_does_not_grow_with_rows(cast, login, django_assert_max_num_queries):
    client = login(cast.chair_a)
    for i in range(60):
        p = PersonFactory(village=cast.village_a1 if i % 2 else cast.village_a2, id_number="")
        add_category(p, "poor_mother")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("people:list"), {"q": "z", "sort": "strokes"})
    assert response.status_code == 200


def test_htmx_gets_the_table_only(cast, login, zhang):
    response = login(cast.chair_a).get(
        reverse("people:list"), {"q": "zl"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="people-table"
    )
    html = response.content.decode()
    assert "张丽" in html
    assert "<nav" not in html.split("pagination")[0]  # no page chrome


def test_village_chair_cannot_find_another_village_by_id_number(cast, login):
    other = PersonFactory(village=cast.village_a2, name="陈红")
    client = login(cast.vchair_a1)
    response = client.get(reverse("people:list"), {"q": other.id_number})
    assert "陈红" not in response.content.decode()
    assert response.context["page"].paginator.count == 0
    assert client.get(reverse("people:detail", args=[other.pk])).status_code == 404
    log = AccessLog.objects.get(action=AccessLog.Action.SEARCH)
    assert other.id_number not in log.target_label + log.detail
    # her own village's person is found by the same kind of search
    own = PersonFactory(village=cast.village_a1, name="张三")
    assert client.get(reverse("people:list"), {"q": own.id_number}).context["page"].paginator.count == 1


@pytest.mark.parametrize("query", ["13912345678", "139 1234 5678", "+8613912345678"])
def test_search_by_mobile_finds_her_and_writes_the_access_log(cast, login, zhang, query):
    PersonFactory(village=cast.village_a1, name="王芳", mobile="13900000000")
    client = login(cast.chair_a)
    page = client.get(reverse("people:list"), {"q": query}).context["page"]
    assert [p.name for p in page] == ["张丽"]
    log = AccessLog.objects.get(action=AccessLog.Action.SEARCH)
    assert log.detail == "按手机号查找服务对象"
    assert "13912345678" not in log.target_label  # masked in the log as on the page
    assert "5678" in log.target_label


def test_search_by_mobile_stays_in_scope_and_misses_near_numbers(cast, login, zhang):
    client = login(cast.chair_b)
    assert client.get(reverse("people:list"), {"q": "13912345678"}).context["page"].paginator.count == 0
    client = login(cast.chair_a)
    assert client.get(reverse("people:list"), {"q": "13912345679"}).context["page"].paginator.count == 0
    # a changed mobile is found under the new number only
    zhang.mobile = "13700000001"
    zhang.save()
    assert client.get(reverse("people:list"), {"q": "13912345678"}).context["page"].paginator.count == 0
    assert client.get(reverse("people:list"), {"q": "13700000001"}).context["page"].paginator.count == 1


def test_search_by_chinese_prefix_is_exact_at_the_range_ends(cast, login):
    """王 finds 王… and nothing that merely sorts next to it (玉 U+7389 < 王 U+738B < 玛 U+739B)."""
    for name in ["王", "王芳", "王\U0002a6a5", "玉兰", "玛丽", "汪洋"]:
        PersonFactory(village=cast.village_a1, name=name, id_number="")
    client = login(cast.chair_a)
    found = {p.name for p in client.get(reverse("people:list"), {"q": "王"}).context["page"]}
    assert found == {"王", "王芳", "王\U0002a6a5"}
    assert [p.name for p in client.get(reverse("people:list"), {"q": "王芳"}).context["page"]] == ["王芳"]


# --- detail and unmask -----------------------------------------------------------------------------


def test_detail_four_ways(cast, login, client, zhang):
    url = reverse("people:detail", args=[zhang.pk])
    response = login(cast.member_a1).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert zhang.id_number not in html
    assert "13912345678" not in html
    assert "139****5678" in html
    assert login(cast.chair_b).get(url).status_code == 404
    assert login(cast.volunteer_a1).get(url).status_code == 403
    assert Client().get(url).status_code == 302


def test_unmask_shows_one_record_and_writes_the_access_log(cast, login, zhang):
    client = login(cast.vchair_a1)
    url = reverse("people:unmask", args=[zhang.pk])
    html = client.post(url).content.decode()
    assert zhang.id_number in html
    assert "13912345678" in html
    log = AccessLog.objects.get(action=AccessLog.Action.UNMASK)
    assert (log.user, log.target_id, log.unit) == (cast.vchair_a1, str(zhang.pk), cast.village_a1)


def test_unmask_four_ways(cast, login, client, zhang):
    url = reverse("people:unmask", args=[zhang.pk])
    assert login(cast.chair_b).post(url).status_code == 404
    assert login(cast.member_a1).post(url).status_code == 403  # may view, may not unmask
    assert login(cast.county_user).post(url).status_code == 403
    assert Client().post(url).status_code == 302
    assert login(cast.chair_a).get(url).status_code == 405
    assert not AccessLog.objects.filter(action=AccessLog.Action.UNMASK).exists()


def test_minor_record_hides_address_and_notes_and_logs_the_view(cast, login):
    child = PersonFactory(
        village=cast.village_a1,
        name="王小宝",
        birth_date=date(2018, 1, 1),
        residence_address="青龙村3组5号",
        notes="父母外出务工",
        id_number="",
    )
    html = login(cast.member_a1).get(reverse("people:detail", args=[child.pk])).content.decode()
    assert "青龙村3组5号" not in html
    assert "父母外出务工" not in html
    assert "未成年人尚未登记监护人" in html
    assert AccessLog.objects.filter(action=AccessLog.Action.VIEW, target_id=str(child.pk)).exists()
    html = login(cast.vchair_a1).post(reverse("people:unmask", args=[child.pk])).content.decode()
    assert "青龙村3组5号" in html


def test_sensitive_category_hidden_from_roles_without_unmask(cast, login, zhang):
    add_category(zhang, "dv_victim")
    assert (
        "家庭暴力受害人"
        not in login(cast.member_a1).get(reverse("people:detail", args=[zhang.pk])).content.decode()
    )
    assert (
        "家庭暴力受害人"
        in login(cast.chair_a).get(reverse("people:detail", args=[zhang.pk])).content.decode()
    )


# --- create and edit -------------------------------------------------------------------------------


def form_data(cast, **kw):
    data = {
        "name": "王秀英",
        "id_number": make_id_number("511781", date(1985, 3, 8), 22),
        "village": cast.village_a1.pk,
        "mobile": "13812345678",
        "ethnicity": "汉族",
    }
    data.update(kw)
    return data


def test_create_four_ways(cast, login, client):
    url = reverse("people:create")
    response = login(cast.vchair_a1).post(url, form_data(cast))
    person = Person.objects.get(name="王秀英")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    # an outsider cannot pick a village outside her scope: the choice is refused, nothing is saved
    response = login(cast.chair_b).post(url, form_data(cast, name="外人", id_number=""))
    assert "所选村(社区)不在您的管辖范围内" in response.content.decode()
    assert not Person.objects.filter(name="外人").exists()
    assert login(cast.member_a1).get(url).status_code == 403
    assert Client().get(url).status_code == 302


def test_create_shows_chinese_field_errors(cast, login):
    response = login(cast.vchair_a1).post(
        reverse("people:create"), form_data(cast, name="", id_number="511781198503080001", mobile="123")
    )
    html = response.content.decode()
    assert "姓名不能为空" in html
    assert not Person.objects.exists()
    response = login(cast.vchair_a1).post(
        reverse("people:create"), form_data(cast, id_number="511781198503080001", mobile="123")
    )
    html = response.content.decode()
    assert "居民身份证号校验码错误" in html
    assert "手机号码应为11位" in html


def test_create_duplicate_id_links_the_visible_record(cast, login, zhang):
    html = (
        login(cast.chair_a)
        .post(reverse("people:create"), form_data(cast, id_number=zhang.id_number))
        .content.decode()
    )
    assert reverse("people:detail", args=[zhang.pk]) in html
    assert Person.objects.count() == 1


def test_create_duplicate_id_outside_scope_is_neutral(cast, login):
    hidden = PersonFactory(village=cast.village_b1, name="孙秘密")
    html = (
        login(cast.vchair_a1)
        .post(reverse("people:create"), form_data(cast, id_number=hidden.id_number))
        .content.decode()
    )
    assert "该身份证号无法登记" in html
    assert "孙秘密" not in html
    assert reverse("people:detail", args=[hidden.pk]) not in html


def test_create_similar_person_asks_then_saves_on_confirm(cast, login):
    PersonFactory(village=cast.village_a1, name="李娜", birth_date=date(1990, 1, 2), id_number="")
    client = login(cast.vchair_a1)
    data = form_data(cast, name="李娜", id_number="", birth_date="1990-01-02", gender="F")
    response = client.post(reverse("people:create"), data)
    assert "请确认不是同一人" in response.content.decode()
    assert Person.objects.filter(name="李娜").count() == 1
    response = client.post(reverse("people:create"), {**data, "confirm_similar": "True"})
    assert response.status_code == 302
    assert Person.objects.filter(name="李娜").count() == 2


def test_create_minor_requires_a_guardian_found_by_id_number(cast, login, zhang):
    client = login(cast.vchair_a1)
    data = form_data(cast, name="张小宝", id_number="", birth_date="2019-06-01", gender="M")
    assert "未成年人必须登记监护人" in client.post(reverse("people:create"), data).content.decode()
    response = client.post(reverse("people:create"), {**data, "guardian": zhang.id_number})
    assert response.status_code == 302
    child = Person.objects.get(name="张小宝")
    assert child.relations.get().relative == zhang


def test_edit_keeps_id_when_left_blank_and_never_prints_it(cast, login, zhang):
    client = login(cast.vchair_a1)
    url = reverse("people:edit", args=[zhang.pk])
    html = client.get(url).content.decode()
    assert zhang.id_number not in html
    assert "13912345678" not in html
    data = form_data(
        cast, name="张丽华", id_number="", mobile="", birth_date=zhang.birth_date.isoformat(), gender="F"
    )
    assert client.post(url, data).status_code == 302
    zhang.refresh_from_db()
    assert zhang.name == "张丽华"
    assert zhang.name_initials == "zlh"
    assert zhang.id_number
    assert zhang.mobile == "13912345678"


def test_edit_four_ways(cast, login, client, zhang):
    url = reverse("people:edit", args=[zhang.pk])
    assert login(cast.chair_a).get(url).status_code == 200
    assert login(cast.chair_b).get(url).status_code == 404
    assert login(cast.member_a1).get(url).status_code == 403
    assert Client().get(url).status_code == 302


# --- relations -------------------------------------------------------------------------------------


def test_relation_add_and_remove_four_ways(cast, login, client, zhang):
    husband = PersonFactory(village=cast.village_a1, name="李强", gender="M")
    url = reverse("people:relation_add", args=[zhang.pk])
    assert login(cast.chair_b).post(url, {"kind": "spouse", "relative": husband.pk}).status_code == 404
    assert login(cast.member_a1).post(url, {"kind": "spouse", "relative": husband.pk}).status_code == 403
    assert Client().post(url, {"kind": "spouse", "relative": husband.pk}).status_code == 302
    assert not Relation.objects.exists()
    assert login(cast.vchair_a1).post(url, {"kind": "spouse", "relative": husband.pk}).status_code == 302
    relation = Relation.objects.get()
    assert (relation.relative, relation.kind) == (husband, "spouse")
    remove = reverse("people:relation_remove", args=[relation.pk])
    assert login(cast.chair_b).post(remove).status_code == 404
    assert login(cast.member_a1).post(remove).status_code == 403
    assert login(cast.vchair_a1).post(remove).status_code == 302
    assert not Relation.objects.exists()


def test_relation_to_someone_out_of_scope_is_not_found(cast, login, zhang):
    outsider = PersonFactory(village=cast.village_b1)
    response = login(cast.vchair_a1).post(
        reverse("people:relation_add", args=[zhang.pk]), {"kind": "spouse", "relative": outsider.id_number}
    )
    assert response.status_code == 400
    assert "未找到该亲属" in response.content.decode()


# --- merge -----------------------------------------------------------------------------------------


def test_merge_preview_then_confirm(cast, login):
    keep = PersonFactory(village=cast.village_a1, name="王芳", id_number="")
    drop = PersonFactory(village=cast.village_a2, name="王芳")
    add_category(drop, "migrant")
    client = login(cast.chair_a)
    html = client.get(reverse("people:merge"), {"keep": keep.pk, "drop": drop.pk}).content.decode()
    assert "人员类别记录：1 条" in html
    drop.refresh_from_db()
    assert drop.merged_into is None  # a preview changes nothing
    response = client.post(reverse("people:merge"), {"keep": keep.pk, "drop": drop.pk, "confirm": "True"})
    assert response.status_code == 302
    drop.refresh_from_db()
    assert drop.merged_into == keep
    listed = [p.pk for p in client.get(reverse("people:list")).context["page"]]
    assert listed == [keep.pk]  # the merged record is hidden from the list


def test_merge_four_ways(cast, login, client):
    a = PersonFactory(village=cast.village_a1, id_number="")
    b = PersonFactory(village=cast.village_a1, id_number="")
    url = reverse("people:merge")
    params = {"keep": a.pk, "drop": b.pk}
    assert login(cast.staff_a).get(url, params).status_code == 200
    assert login(cast.chair_b).get(url, params).status_code == 404
    assert login(cast.vchair_a1).get(url, params).status_code == 403
    assert Client().get(url, params).status_code == 302


def test_home_page_counts_people_per_village(cast, login):
    PersonFactory(village=cast.village_a1, id_number="")
    PersonFactory(village=cast.village_a1, id_number="")
    PersonFactory(village=cast.village_b1, id_number="")
    ctx = login(cast.chair_a).get(reverse("core:home")).context
    keys = [s.key for s in ctx["stats"]]
    assert "people" in keys
    counts = {unit.name: values[keys.index("people")] for unit, values in ctx["rows"]}
    assert counts["青龙村"] == 2
    assert counts["红旗村"] == 0


def test_list_count_is_capped_for_huge_scopes(cast, login, monkeypatch):
    from fulian.people import views

    monkeypatch.setattr(views, "COUNT_CAP", 3)
    for _ in range(5):
        PersonFactory(village=cast.village_a1, id_number="")
    response = login(cast.chair_a).get(reverse("people:list"))
    assert "超过 3 人" in response.content.decode()
    assert len(response.context["page"]) == 3
