"""Recipients by role, roster, registry category and saved list — within the sending unit's subtree, one
per phone, those without a valid mobile counted apart."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fulian.orgs.models import FederationMember, Position
from fulian.people.models import Category, Person, PersonCategory
from fulian.sms import selectors, services

pytestmark = pytest.mark.django_db


def compose(cast, unit, audience, **kw):
    return services.message_compose(
        user=cast.county_user, unit=unit, text="{姓名}您好", sign_name="万源妇联", audience=audience, **kw
    )


def names(message):
    recipients, invalid = selectors.audience_of(message)
    return sorted(r.name for r in recipients), invalid


def test_cadres_by_role_within_the_subtree_one_per_phone(cast):
    for user, phone in (
        (cast.vchair_a1, "13900000011"),
        (cast.vchair_a2, "13900000012"),
        (cast.vchair_b1, ""),
    ):
        user.phone = phone
        user.save()
    cast.chair_a.phone = "13900000011"  # the same phone as 张丽's: one message, to the first found
    cast.chair_a.save()
    town = compose(cast, cast.town_a, "cadres", roles=["village_chair", "town_chair"])
    assert names(town) == (["王主席", "陈芳"], 0)
    county = compose(cast, cast.county, "cadres", roles=["village_chair"])
    assert names(county) == (["张丽", "陈芳"], 1)  # 钱主任 has no mobile
    with pytest.raises(ValidationError) as err:
        compose(cast, cast.county, "cadres", roles=[])
    assert err.value.message_dict["roles"] == ["请选择至少一个角色"]


def test_roster_members_current_on_the_day(cast, clock):
    clock.set(dt.datetime(2027, 6, 15, 10, 0))
    common = {"unit": cast.village_a1, "position": Position.COMMITTEE}
    FederationMember.objects.create(
        name="在任", phone="13900000021", term_start=dt.date(2026, 1, 1), **common
    )
    FederationMember.objects.create(
        name="已离任",
        phone="13900000022",
        term_start=dt.date(2020, 1, 1),
        term_end=dt.date(2027, 6, 14),
        **common,
    )
    FederationMember.objects.create(name="今天离任", phone="13900000023", term_start=dt.date(2020, 1, 1),
                                    term_end=dt.date(2027, 6, 15), **common)  # fmt: skip
    FederationMember.objects.create(
        name="号码错", phone="0818-8621234", term_start=dt.date(2026, 1, 1), **common
    )
    assert names(compose(cast, cast.town_a, "members")) == (["今天离任", "在任"], 1)
    assert names(compose(cast, cast.town_b, "members")) == ([], 0)


def test_registry_category_now_not_removed(cast):
    category = Category.objects.create(code="poor_mother_sms", name="贫困母亲（短信）")
    for i, (village, removed) in enumerate(((cast.village_a1, None), (cast.village_a1, dt.date(2027, 1, 1)),
                                            (cast.village_b1, None))):  # fmt: skip
        person = Person.objects.create(
            name=f"对象{i}", birth_date=dt.date(1980, 1, 1), gender="F", village=village,
            village_path=village.path, mobile=f"1390000003{i}",
        )  # fmt: skip
        PersonCategory.objects.create(
            person=person, category=category, added_on=dt.date(2026, 1, 1), removed_on=removed
        )
    assert names(compose(cast, cast.town_a, "category", category=category)) == (["对象0"], 0)
    assert names(compose(cast, cast.county, "category", category=category)) == (["对象0", "对象2"], 0)


def test_a_schedule_in_the_past_is_refused_and_nothing_written(cast, draft, clock):
    clock.set(dt.datetime(2027, 6, 15, 10, 0))
    message = draft(2)
    with pytest.raises(ValidationError) as err:
        services.message_send(
            user=cast.county_user, message=message, at=timezone.make_aware(dt.datetime(2027, 6, 15, 9, 58))
        )
    assert err.value.message_dict["scheduled_at"] == ["定时发送时间已过，请选择以后的时间"]
    assert not message.deliveries.exists()
    services.message_send(
        user=cast.county_user, message=message, at=timezone.make_aware(dt.datetime(2027, 6, 15, 15, 0))
    )
    message.refresh_from_db()
    assert message.status == "scheduled"
    assert message.deliveries.count() == 2
