from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fulian.core.idcard import make_id_number
from fulian.people import services
from fulian.people.models import Category, Person, PersonCategory, Relation
from fulian.people.tests.factories import PersonFactory, add_category, link
from fulian.people.validation import person_validate_row


def data(village, **kw):
    base = {
        "name": "王秀英",
        "id_number": make_id_number("511781", date(1985, 3, 8), 22),
        "village": village,
        "mobile": "+86 138 1234 5678",
    }
    base.update(kw)
    return base


def test_create_derives_gender_and_birth_date_from_the_id(cast):
    person = services.person_create(user=cast.vchair_a1, data=data(cast.village_a1))
    assert (person.gender, person.birth_date) == ("F", date(1985, 3, 8))
    assert person.mobile == "13812345678"
    assert person.name_initials == "wxy"
    assert person.created_by == cast.vchair_a1


def test_disagreeing_gender_and_birth_date_are_refused_per_field(cast):
    with pytest.raises(ValidationError) as exc:
        services.person_create(
            user=cast.vchair_a1, data=data(cast.village_a1, gender="M", birth_date=date(1985, 3, 9))
        )
    assert exc.value.message_dict == {
        "gender": ["性别与身份证号不符"],
        "birth_date": ["出生日期与身份证号不符"],
    }


def test_village_outside_scope_is_refused(cast):
    with pytest.raises(ValidationError) as exc:
        services.person_create(user=cast.vchair_a1, data=data(cast.village_a2))
    assert "不在您的管辖范围内" in exc.value.message_dict["village"][0]


def test_group_must_belong_to_the_village(cast):
    with pytest.raises(ValidationError) as exc:
        services.person_create(user=cast.chair_a, data=data(cast.village_a2, group=cast.group_a1))
    assert exc.value.message_dict["group"] == ["村民小组必须属于所选的村(社区)"]


def test_same_id_number_refused_with_link_when_visible(cast):
    existing = PersonFactory(village=cast.village_a1)
    with pytest.raises(services.DuplicatePersonError) as exc:
        services.person_create(
            user=cast.chair_a, data=data(cast.village_a2, id_number=existing.id_number, name="别名")
        )
    assert exc.value.check.id_conflict_person == existing
    assert "青龙村" in exc.value.message_dict["id_number"][0]


def test_same_id_number_outside_scope_gets_a_neutral_message(cast):
    existing = PersonFactory(village=cast.village_b1, name="孙秘密")
    with pytest.raises(services.DuplicatePersonError) as exc:
        services.person_create(user=cast.vchair_a1, data=data(cast.village_a1, id_number=existing.id_number))
    message = exc.value.message_dict["id_number"][0]
    assert exc.value.check.id_conflict_person is None
    assert "孙秘密" not in message
    assert "东城社区" not in message
    assert message == "该身份证号无法登记，请联系乡镇妇联核实"


def test_same_name_and_birth_date_in_the_town_needs_confirmation(cast):
    PersonFactory(village=cast.village_a2, name="李娜", birth_date=date(1990, 1, 2), id_number="")
    fields = {"name": "李娜", "birth_date": date(1990, 1, 2), "gender": "F", "village": cast.village_a1}
    with pytest.raises(services.SimilarPersonWarning) as exc:
        services.person_create(user=cast.vchair_a1, data=fields)
    # vchair_a1 cannot see 红旗村: she is told there is one, but not who.
    assert exc.value.check.similar_count == 1
    assert exc.value.check.similar_visible == []
    person = services.person_create(user=cast.vchair_a1, data=fields, confirm_similar=True)
    assert person.pk


def test_same_name_and_birth_date_in_another_town_is_no_warning(cast):
    PersonFactory(village=cast.village_b1, name="李娜", birth_date=date(1990, 1, 2), id_number="")
    fields = {"name": "李娜", "birth_date": date(1990, 1, 2), "gender": "F", "village": cast.village_a1}
    assert services.person_create(user=cast.vchair_a1, data=fields).pk


def test_minor_needs_a_guardian(cast):
    child_fields = {
        "name": "小明",
        "gender": "M",
        "birth_date": timezone.localdate().replace(year=timezone.localdate().year - 8, day=1),
        "village": cast.village_a1,
    }
    with pytest.raises(ValidationError) as exc:
        services.person_create(user=cast.vchair_a1, data=child_fields)
    assert exc.value.message_dict["guardian"] == ["未成年人必须登记监护人"]
    mother = PersonFactory(village=cast.village_a1)
    child = services.person_create(user=cast.vchair_a1, data=child_fields, guardian=mother)
    assert child.relations.get().kind == Relation.Kind.GUARDIAN
    with pytest.raises(ValidationError, match="未成年人必须至少保留一位监护人"):
        services.relation_remove(user=cast.vchair_a1, relation=child.relations.get())


def test_guardian_outside_scope_is_not_found(cast):
    outsider = PersonFactory(village=cast.village_b1)
    child_fields = {"name": "小红", "gender": "F", "birth_date": date(2020, 1, 1), "village": cast.village_a1}
    with pytest.raises(ValidationError) as exc:
        services.person_create(user=cast.vchair_a1, data=child_fields, guardian=outsider)
    assert exc.value.message_dict["guardian"] == ["未找到该监护人"]


def test_categories_keep_their_history(cast):
    person = PersonFactory(village=cast.village_a1)
    poor, migrant = Category.objects.get(code="poor_mother"), Category.objects.get(code="migrant")
    services.person_set_categories(user=cast.vchair_a1, person=person, categories=[poor], on=date(2024, 1, 1))
    services.person_set_categories(
        user=cast.vchair_a1, person=person, categories=[migrant], on=date(2025, 6, 1)
    )
    links = {(link.category.code, link.added_on, link.removed_on) for link in person.category_links.all()}
    assert links == {
        ("poor_mother", date(2024, 1, 1), date(2025, 6, 1)),
        ("migrant", date(2025, 6, 1), None),
    }


def test_update_keeps_hash_and_path_in_step(cast):
    person = PersonFactory(village=cast.village_a1)
    new_id = make_id_number("511781", person.birth_date, 998)
    services.person_update(
        user=cast.chair_a, person=person, data={"id_number": new_id, "village": cast.village_a2}
    )
    person.refresh_from_db()
    assert person.village_path == cast.village_a2.path
    assert person.id_number_hash == services.id_number_hash(new_id)


def test_update_by_outsider_is_refused(cast):
    person = PersonFactory(village=cast.village_a1)
    with pytest.raises(ValidationError, match="您无权修改该服务对象"):
        services.person_update(user=cast.chair_b, person=person, data={"name": "改名"})


def test_merge_keeps_every_link_from_both(cast):
    keep = PersonFactory(village=cast.village_a1, name="王芳", mobile="", id_number="")
    drop = PersonFactory(village=cast.village_a2, name="王芳", residence_address="浙江义乌")
    child = PersonFactory(village=cast.village_a1, name="王小宝", birth_date=date(2018, 1, 1), id_number="")
    husband = PersonFactory(village=cast.village_a1, name="李强", gender="M", id_number="")
    link(child, drop, Relation.Kind.GUARDIAN)
    link(keep, husband, Relation.Kind.SPOUSE)
    link(drop, husband, Relation.Kind.SPOUSE)  # the same link twice: kept once
    link(keep, drop, Relation.Kind.OTHER)  # a link between the two disappears
    add_category(keep, "poor_mother", added_on=date(2024, 1, 1))
    add_category(drop, "poor_mother", added_on=date(2023, 1, 1))
    add_category(drop, "migrant", added_on=date(2023, 5, 1), removed_on=date(2024, 5, 1))
    earlier = PersonFactory(village=cast.village_a2, name="王芳", id_number="")
    Person.objects.filter(pk=earlier.pk).update(merged_into=drop)
    drop_id = drop.id_number

    services.person_merge(user=cast.chair_a, keep=keep, drop=drop)

    keep.refresh_from_db()
    drop.refresh_from_db()
    assert drop.merged_into == keep
    assert keep.id_number == drop_id  # filled from the merged record
    assert keep.id_number_hash == services.id_number_hash(drop_id)
    assert drop.id_number_hash == ""
    assert keep.mobile == drop.mobile
    assert keep.residence_address == "浙江义乌"
    assert Relation.objects.get(person=child).relative == keep
    assert Relation.objects.filter(person=keep, relative=husband).count() == 1
    assert not Relation.objects.filter(person=keep, relative=keep).exists()
    cats = {(c.category.code, c.added_on, c.removed_on) for c in keep.category_links.all()}
    assert cats == {("poor_mother", date(2023, 1, 1), None), ("migrant", date(2023, 5, 1), date(2024, 5, 1))}
    assert not PersonCategory.objects.filter(person=drop).exists()
    assert Person.objects.get(pk=earlier.pk).merged_into == keep


def test_merge_refuses_different_id_numbers_and_outsiders(cast):
    a = PersonFactory(village=cast.village_a1)
    b = PersonFactory(village=cast.village_a1)
    with pytest.raises(ValidationError, match="身份证号不同"):
        services.person_merge(user=cast.chair_a, keep=a, drop=b)
    c = PersonFactory(village=cast.village_a1, id_number="")
    with pytest.raises(ValidationError, match="无权"):
        services.person_merge(user=cast.chair_b, keep=a, drop=c)
    with pytest.raises(ValidationError, match="无权"):
        services.person_merge(user=cast.vchair_a1, keep=a, drop=c)


def test_merge_repoints_other_apps_links_through_hooks(cast, monkeypatch):
    keep = PersonFactory(village=cast.village_a1, id_number="")
    drop = PersonFactory(village=cast.village_a1, id_number="")
    calls = []
    monkeypatch.setitem(
        services._MERGE_HOOKS, ("people.relation", "person"), lambda k, d: calls.append((k.pk, d.pk))
    )
    services.person_merge(user=cast.chair_a, keep=keep, drop=drop)
    assert calls == [(keep.pk, drop.pk)]


def test_validate_row_reports_every_field_in_chinese(cast):
    check = person_validate_row(
        name="",
        id_number="511781199001011230",
        birth_date="2999-01-01",
        mobile="12345",
        village=None,
        education="博士后",
    )
    assert set(check.errors) == {
        "name",
        "id_number",
        "birth_date",
        "mobile",
        "village",
        "education",
        "gender",
    }
    assert check.errors["id_number"] == "居民身份证号校验码错误，请核对"
