"""The family-planning veto (违反计划生育政策N年内一票否决): the window at both edges, the record of a
relative counting for a family, approval refused with the rule named, the check shown on the
nomination without the record; the record itself encrypted at rest, masked on the list, its reading
logged; and the four access checks of its pages and API."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from fulian.core.models import AccessLog
from fulian.core.tests.pages import post_four_ways
from fulian.honours import rules, selectors, services, services_support
from fulian.honours.models import FamilyPlanningRecord

from .factories import kind, make_campaign, make_person

D = datetime.date
REFERENCE = D(2027, 6, 15)


def test_the_window_is_the_n_years_before_the_reference_date():
    assert rules.years_before(REFERENCE, 5) == D(2022, 6, 15)
    assert rules.years_before(D(2028, 2, 29), 1) == D(2027, 2, 28)
    assert not rules.within_years(D(2022, 6, 15), REFERENCE, 5)  # 5 full years ago: outside
    assert rules.within_years(D(2022, 6, 16), REFERENCE, 5)  # a day later: inside
    assert rules.within_years(REFERENCE, REFERENCE, 5)
    assert not rules.within_years(D(2027, 6, 16), REFERENCE, 5)  # after the reference date
    failed = rules.check_family_planning(1, 5)
    assert not failed.passed
    assert failed.text == "一票否决：当事人或家庭成员5年内有违反计划生育政策的记录，请与乡镇（街道）核实"
    assert rules.check_family_planning(0, 5).text == "5年内无违反计划生育政策记录"


@pytest.fixture
def family(cast, clock):
    """A county 五好文明家庭 campaign (reference date 15 June 2027) with the veto set at 5 years, and
    the family of 刘红 (her husband registered as her relative) nominated."""
    clock.set(D(2027, 6, 1))
    five = kind("五好文明家庭")
    five.veto_family_planning_years = 5
    five.save()
    campaign = make_campaign(cast, "五好文明家庭", close=D(2027, 6, 30), reference_date=REFERENCE)
    head = make_person(cast.village_a1, "刘红")
    husband = make_person(cast.village_a1, "王强", gender="M")
    from fulian.people.services import relation_add

    relation_add(user=cast.vchair_a1, person=head, relative=husband, kind="spouse")
    n = services.nomination_submit(
        user=cast.vchair_a1, campaign=campaign, nominated_by=cast.village_a1, person=head, deeds="孝老爱亲"
    )
    return n, husband


def record(cast, person, on, user=None):
    return services_support.family_planning_add(
        user=user or cast.chair_a,
        person=person,
        occurred_on=on,
        source="县卫生健康局处理决定书",
        account="超生一孩",
    )


def fp_check(n):
    return next(c for c in selectors.checks(n) if c.code == "family_planning")


@pytest.mark.parametrize(("on", "vetoed"), [(D(2022, 6, 15), False), (D(2022, 6, 16), True)])
def test_a_relatives_record_vetoes_within_the_window_only(cast, family, on, vetoed):
    n, husband = family
    assert fp_check(n).passed
    record(cast, husband, on)
    assert fp_check(n).passed is not vetoed
    if vetoed:
        with pytest.raises(ValidationError) as exc:
            services.nomination_review(user=cast.county_user, nomination=n, approve=True)
        assert exc.value.messages == [
            "未通过资格审查：一票否决：当事人或家庭成员5年内有违反计划生育政策的记录，请与乡镇（街道）核实"
        ]
    else:
        services.nomination_review(user=cast.county_user, nomination=n, approve=True)
        n.refresh_from_db()
        assert n.status == n.Status.APPROVED


def test_the_check_shows_on_the_nomination_without_the_record(cast, family, login):
    n, husband = family
    record(cast, husband, D(2025, 1, 1))
    page = login(cast.member_a1).get(reverse("honours:nomination", args=[n.pk])).content.decode()
    assert "违反计划生育政策的记录" in page
    assert "超生" not in page
    assert "县卫生健康局处理决定书" not in page
    api = login(cast.member_a1).get(f"/api/v1/honours/nominations/{n.pk}/").json()
    shown = next(c for c in api["checks"] if c["code"] == "family_planning")
    assert shown["passed"] is False


def test_a_kind_without_the_setting_does_not_check(cast, clock):
    clock.set(D(2027, 6, 1))
    campaign = make_campaign(cast, "最美家庭", close=D(2027, 6, 30))
    head = make_person(cast.village_a1, "刘红")
    record(cast, head, D(2027, 1, 1))
    n = services.nomination_submit(
        user=cast.vchair_a1, campaign=campaign, nominated_by=cast.village_a1, person=head, deeds="事迹"
    )
    assert "family_planning" not in [c.code for c in selectors.checks(n)]


def test_the_record_is_encrypted_masked_and_its_reading_logged(cast, family, login):
    _, husband = family
    r = record(cast, husband, D(2025, 1, 1))
    with connection.cursor() as cur:
        cur.execute("SELECT account FROM honours_familyplanningrecord WHERE id = %s", [r.pk])
        (raw,) = cur.fetchone()
    assert raw.startswith("v1:")
    assert "超生" not in raw
    page = login(cast.chair_a).get(reverse("honours:family_planning_list")).content.decode()
    assert "王*" in page
    assert "王强" not in page
    assert "超生" not in page
    assert not AccessLog.objects.exists()
    detail = login(cast.chair_a).get(reverse("honours:family_planning", args=[r.pk])).content.decode()
    assert "王强" in detail
    assert "超生一孩" in detail
    log = AccessLog.objects.get()
    assert (log.user, log.target_type, log.unit) == (
        cast.chair_a,
        "honours.familyplanningrecord",
        cast.village_a1,
    )


def test_who_enters_records_and_the_dates_they_take(cast, family, clock):
    _, husband = family
    with pytest.raises(PermissionDenied, match="无权执行此操作"):  # village chairs do not keep these records
        record(cast, husband, D(2025, 1, 1), user=cast.vchair_a1)
    with pytest.raises(PermissionDenied, match="无权执行此操作"):  # nor a town's chair for another town
        record(cast, husband, D(2025, 1, 1), user=cast.chair_b)
    with pytest.raises(ValidationError) as exc:
        record(cast, husband, D(2027, 6, 2))
    assert exc.value.message_dict == {"occurred_on": ["处理决定日期不能晚于今天"]}
    record(cast, husband, D(2027, 6, 1))
    assert FamilyPlanningRecord.objects.get().unit_path == cast.village_a1.path


def test_pages_four_ways(cast, family, login, client):
    _, husband = family
    r = record(cast, husband, D(2025, 1, 1))
    for url, is_record in [
        (reverse("honours:family_planning_list"), False),
        (reverse("honours:family_planning_create"), False),
        (reverse("honours:family_planning", args=[r.pk]), True),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"], url
        assert login(cast.staff_a).get(url).status_code == 403, url
        outsider = login(cast.chair_b).get(url)
        if is_record:
            assert outsider.status_code == 404, url
        else:
            assert "王*" not in outsider.content.decode(), url
        assert login(cast.chair_a).get(url).status_code == 200, url
        client.logout()


def test_create_and_delete_posts_four_ways(cast, family, login):
    _, husband = family
    body = {"person": husband.pk, "occurred_on": "2024-03-01", "source": "镇计生办通报"}
    url = reverse("honours:family_planning_create")
    response = Client().post(url, body)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert login(cast.staff_a).post(url, body).status_code == 403
    outsider = login(cast.chair_b).post(url, body)  # town A's person is not hers to pick
    assert outsider.status_code == 400  # the form comes back with its error
    assert not FamilyPlanningRecord.objects.exists()
    response = login(cast.chair_a).post(url, body)
    r = FamilyPlanningRecord.objects.get()
    assert response["Location"] == reverse("honours:family_planning", args=[r.pk])
    post_four_ways(
        login,
        reverse("honours:family_planning_delete", args=[r.pk]),
        {},
        works_as=cast.chair_a,
        outsider=cast.chair_b,
        wrong_role=cast.staff_a,
    )
    assert not FamilyPlanningRecord.objects.exists()


def test_api_four_ways(cast, family, api_client):
    _, husband = family
    r = record(cast, husband, D(2025, 1, 1))
    url = "/api/v1/honours/family-planning/"
    assert api_client.get(url).status_code == 401
    api_client.force_authenticate(cast.staff_a)
    assert api_client.get(url).status_code == 403
    api_client.force_authenticate(cast.chair_b)
    assert api_client.get(url).json()["count"] == 0
    assert api_client.get(f"{url}{r.pk}/").status_code == 404
    api_client.force_authenticate(cast.chair_a)
    listed = api_client.get(url).json()["results"]
    assert listed == [
        {"id": r.pk, "person_name": "王*", "occurred_on": "2025-01-01", "source": "县卫生健康局处理决定书"}
    ]
    one = api_client.get(f"{url}{r.pk}/").json()
    assert (one["person_name"], one["account"]) == ("王强", "超生一孩")
    assert AccessLog.objects.filter(user=cast.chair_a).count() == 1
    made = api_client.post(url, {"person": husband.pk, "occurred_on": "2026-01-01", "source": "通报"})
    assert made.status_code == 201
    assert api_client.delete(f"{url}{made.json()['id']}/").status_code == 204
    assert FamilyPlanningRecord.objects.count() == 1
