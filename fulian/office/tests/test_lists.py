"""Saved recipient lists (常用名单): saved once, resolved when a notice or an SMS message is sent (so they
follow new posts and rosters), scoped; every bad choice named; the pages' and the API's access checks."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fulian.core.roles import Role
from fulian.office import services
from fulian.office.models import RecipientList
from fulian.orgs.models import FederationMember, Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def chairs_list(cast):
    return services.recipient_list_create(
        user=cast.chair_a, unit=cast.town_a, name="各村妇联主席", roles=[Role.VILLAGE_CHAIR]
    )


def _notice(cast, saved, **kw):
    return services.notice_send(
        user=cast.chair_a, unit=cast.town_a, title="报送材料", body="请按时报送。", recipient_list=saved, **kw
    )


def test_a_notice_to_a_list_reaches_whom_the_list_names_at_send_time(cast, chairs_list):
    first = _notice(cast, chairs_list)
    assert {r.user for r in first.receipts.all()} == {cast.vchair_a1, cast.vchair_a2}
    # a new village chair after the list was saved is reached by the next notice; one who left is not
    Membership.objects.create(user=cast.member_a1, unit=cast.village_a1, role=Role.VILLAGE_CHAIR)
    Membership.objects.filter(user=cast.vchair_a2).update(is_active=False)
    second = _notice(cast, chairs_list)
    assert {r.user for r in second.receipts.all()} == {cast.vchair_a1, cast.member_a1}
    assert first.receipts.count() == 2  # what was sent stays as it was


def test_a_list_adds_to_the_choice_without_doubling_anyone(cast, chairs_list):
    notice = _notice(cast, chairs_list, people=[cast.vchair_a1, cast.staff_a])
    assert sorted(r.user.username for r in notice.receipts.all()) == ["staff_a", "vchair_a1", "vchair_a2"]


def test_hand_picked_people_and_no_roles_means_every_cadre(cast):
    picked = services.recipient_list_create(
        user=cast.chair_a, unit=cast.town_a, name="两人", cadres=False, people=[cast.staff_a, cast.vchair_a2]
    )
    assert {r.user for r in _notice(cast, picked).receipts.all()} == {cast.staff_a, cast.vchair_a2}
    village = services.recipient_list_create(
        user=cast.chair_a, unit=cast.town_a, name="红旗村全体", units=[cast.village_a1], subunits=False
    )
    got = {r.user for r in _notice(cast, village).receipts.all()}
    assert got == {cast.vchair_a1, cast.member_a1, cast.volunteer_a1}


def test_bad_choices_are_named_and_nothing_is_saved(cast):
    with pytest.raises(ValidationError) as err:
        services.recipient_list_create(
            user=cast.chair_a, unit=cast.village_a1, name="x", units=[cast.village_a2], cadres=True
        )
    assert "不是" in str(err.value.message_dict["units"])
    with pytest.raises(ValidationError) as err:
        services.recipient_list_create(user=cast.chair_a, unit=cast.town_a, name="x", people=[cast.vchair_b1])
    assert err.value.message_dict["people"] == ["钱主任不在竹峪镇及下级单位任职"]
    with pytest.raises(ValidationError) as err:
        services.recipient_list_create(user=cast.chair_a, unit=cast.town_a, name="x", cadres=False)
    assert "至少选择一类" in err.value.message_dict["cadres"][0]
    assert not RecipientList.objects.exists()


def test_an_outsider_cannot_save_or_use_a_list(cast, chairs_list):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="无权执行此操作"):
        services.recipient_list_create(user=cast.chair_b, unit=cast.town_a, name="x")
    with pytest.raises(PermissionDenied, match="无权执行此操作"):
        services.notice_send(
            user=cast.chair_b, unit=cast.town_b, title="t", body="b", recipient_list=chairs_list
        )


def test_an_sms_to_a_list_takes_cadres_roster_and_people_once_per_phone(cast, clock):
    from fulian.sms import selectors as sms_selectors
    from fulian.sms import services as sms_services

    clock.set(datetime.datetime(2027, 6, 15, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=8))))
    for user, phone in ((cast.vchair_a1, "13900000001"), (cast.vchair_a2, "13900000002"), (cast.staff_a, "")):
        user.phone = phone
        user.save(update_fields=["phone"])
    FederationMember.objects.create(
        unit=cast.village_a1, name="李执委", position="committee", phone="13900000003",
        term_start=datetime.date(2026, 1, 1),
    )  # fmt: skip
    FederationMember.objects.create(  # the same phone as a cadre: one message
        unit=cast.village_a2, name="陈芳", position="chair", phone="13900000002",
        term_start=datetime.date(2026, 1, 1),
    )  # fmt: skip
    FederationMember.objects.create(  # left before today: not reached
        unit=cast.village_a2, name="旧执委", position="committee", phone="13900000009",
        term_start=datetime.date(2020, 1, 1), term_end=datetime.date(2026, 12, 31),
    )  # fmt: skip
    saved = services.recipient_list_create(
        user=cast.chair_a, unit=cast.town_a, name="主席和名册", roles=[Role.VILLAGE_CHAIR], roster=True,
        people=[cast.staff_a],
    )  # fmt: skip
    message = sms_services.message_compose(
        user=cast.chair_a, unit=cast.town_a, text="{姓名}您好", sign_name="竹峪妇联", audience="saved",
        recipient_list=saved,
    )  # fmt: skip
    recipients, invalid = sms_selectors.audience_of(message)
    assert sorted(r.phone for r in recipients) == ["13900000001", "13900000002", "13900000003"]
    assert invalid == 1  # 赵专干 has no mobile
    with pytest.raises(ValidationError) as err:
        sms_services.message_compose(
            user=cast.chair_a, unit=cast.town_a, text="x", sign_name="竹峪妇联", audience="saved"
        )
    assert err.value.message_dict["recipient_list"] == ["请选择常用名单"]


def test_pages_four_access_checks(client, login, cast, chairs_list):
    urls = [reverse("office:recipient_lists"), reverse("office:recipient_list_create")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    for url in urls:
        assert login(cast.volunteer_a1).get(url).status_code == 403
    page = login(cast.chair_a).get(urls[0]).content.decode()
    assert "各村妇联主席" in page
    assert "竹峪镇及下级单位的村(社区)妇联主席" in page
    assert "各村妇联主席" not in login(cast.chair_b).get(urls[0]).content.decode()  # another town's list


def test_the_form_saves_a_list_and_names_a_bad_choice(login, cast):
    client = login(cast.chair_a)
    url = reverse("office:recipient_list_create")
    response = client.post(url, {"unit": cast.town_a.pk, "name": "空名单"})
    assert response.status_code == 400
    assert "至少选择一类" in response.content.decode()
    response = client.post(
        url,
        {
            "unit": cast.town_a.pk,
            "name": "村主席",
            "cadres": "on",
            "subunits": "on",
            "roles": ["village_chair"],
        },
    )
    assert response.status_code == 302
    assert RecipientList.objects.get().roles == ["village_chair"]


def test_api_lists_four_ways(api_client, cast, chairs_list):
    url = "/api/v1/office/lists/"
    assert api_client.get(url).status_code == 401
    api_client.force_authenticate(cast.volunteer_a1)
    assert api_client.get(url).status_code == 403
    api_client.force_authenticate(cast.chair_b)
    assert api_client.get(f"{url}{chairs_list.pk}/").status_code == 404
    response = api_client.post(url, {"unit": cast.town_a.pk, "name": "x"}, format="json")
    assert response.status_code == 400  # town A is not hers
    api_client.force_authenticate(cast.chair_a)
    body = api_client.get(f"{url}{chairs_list.pk}/").json()
    assert body["name"] == "各村妇联主席"
    assert "妇联主席" in body["description"]
    made = api_client.post(
        url, {"unit": cast.town_a.pk, "name": "名册", "cadres": False, "roster": True}, format="json"
    )
    assert made.status_code == 201, made.json()
