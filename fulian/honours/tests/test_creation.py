"""创建: 申报 → 受理 (创建中) → 命名 (the title recorded) → 复查 (合格, or 撤销称号), each step with its
date, user and reason; refusals; who may act; the list and its filters; the figures and their records;
and the four access checks of every page and API call."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fulian.core.periods import Period
from fulian.core.tests.pages import post_four_ways
from fulian.honours import figures, services_creation
from fulian.honours.models import Award, Creation, CreationStep, HonourLevel

from .factories import kind, make_campaign

D = datetime.date
S = Creation.Status


@pytest.fixture
def villa(cast, clock):
    """青龙村 declares to the county it is creating a county-level 巾帼示范村 (1 March 2027)."""
    clock.set(D(2027, 3, 1))
    return services_creation.creation_apply(
        user=cast.vchair_a1,
        kind=kind("巾帼示范村"),
        level=HonourLevel.COUNTY,
        unit=cast.village_a1,
        village=cast.village_a1,
        supervisor=cast.county,
        plan="建设妇女之家",
    )


def step(cast, creation, what, on, **kw):
    return services_creation.creation_step(user=cast.county_user, creation=creation, step=what, on=on, **kw)


def test_a_village_goes_from_declared_to_named_and_is_revoked_on_a_failed_recheck(cast, villa, clock, login):
    assert villa.status == S.APPLIED
    assert villa.holder_name == "青龙村"
    clock.set(D(2027, 12, 31))
    step(cast, villa, "accept", D(2027, 3, 10), note="同意创建")
    assert villa.status == S.BUILDING
    step(cast, villa, "name_failed", D(2027, 6, 1), note="妇女之家未建成")
    assert villa.status == S.BUILDING
    step(cast, villa, "name", D(2027, 9, 1), next_review_on=D(2029, 9, 1))
    assert (villa.status, villa.next_review_on) == (S.NAMED, D(2029, 9, 1))
    award = villa.award
    assert (award.kind.name, award.level, award.awarded_on, award.awarding_body) == (
        "巾帼示范村",
        HonourLevel.COUNTY,
        D(2027, 9, 1),
        "万源市妇联",
    )
    assert award.village == cast.village_a1
    assert award.revoked_on is None
    clock.set(D(2029, 9, 30))
    step(cast, villa, "review_passed", D(2029, 9, 20), next_review_on=D(2031, 9, 1))
    assert (villa.status, villa.next_review_on) == (S.NAMED, D(2031, 9, 1))
    step(cast, villa, "review_failed", D(2029, 9, 30), note="妇女之家长期关闭")
    award.refresh_from_db()
    assert villa.status == S.REVOKED
    assert villa.next_review_on is None
    assert (award.revoked_on, award.revoke_reason) == (D(2029, 9, 30), "复查不合格：妇女之家长期关闭")
    steps = [(s.step, s.on, s.by_id) for s in villa.steps.all()]
    assert steps == [
        ("apply", D(2027, 3, 1), cast.vchair_a1.pk),
        ("accept", D(2027, 3, 10), cast.county_user.pk),
        ("name_failed", D(2027, 6, 1), cast.county_user.pk),
        ("name", D(2027, 9, 1), cast.county_user.pk),
        ("review_passed", D(2029, 9, 20), cast.county_user.pk),
        ("review_failed", D(2029, 9, 30), cast.county_user.pk),
    ]
    assert villa.steps.get(step="name_failed").note == "妇女之家未建成"
    page = login(cast.member_a1).get(reverse("honours:award", args=[award.pk])).content.decode()
    assert "2029-09-30 复查不合格：妇女之家长期关闭" in page


def test_a_refusal_needs_its_reason_and_ends_the_creation(cast, villa):
    with pytest.raises(ValidationError) as exc:
        step(cast, villa, "refuse", D(2027, 3, 1))
    assert exc.value.message_dict == {"note": ["“不予受理”须填写理由"]}
    assert villa.steps.count() == 1  # nothing half-saved
    step(cast, villa, "refuse", D(2027, 3, 1), note="未达到申报条件")
    assert villa.status == S.REFUSED
    with pytest.raises(ValidationError) as exc:
        step(cast, villa, "accept", D(2027, 3, 1))
    assert "该单位状态为“不予受理”，不能办理“受理，进入创建”" in exc.value.messages


def test_steps_follow_the_order_of_states_and_dates(cast, villa, clock):
    with pytest.raises(ValidationError) as exc:
        step(cast, villa, "name", D(2027, 3, 1))
    assert exc.value.messages == ["该单位状态为“已申报”，不能办理“验收合格，命名”"]
    with pytest.raises(ValidationError) as exc:
        step(cast, villa, "accept", D(2027, 2, 28))
    assert exc.value.message_dict == {"on": ["日期不能早于上一环节（2027年03月01日）"]}
    with pytest.raises(ValidationError) as exc:
        step(cast, villa, "accept", D(2027, 3, 2))
    assert exc.value.message_dict == {"on": ["日期不能晚于今天"]}
    step(cast, villa, "accept", D(2027, 3, 1))  # the same day as the previous step is fine
    with pytest.raises(ValidationError) as exc:
        step(cast, villa, "name", D(2027, 3, 1), next_review_on=D(2027, 3, 1))
    assert exc.value.message_dict == {"next_review_on": ["下次复查日期须晚于办理日期"]}
    assert villa.status == S.BUILDING
    assert Award.objects.count() == 0


def test_only_the_unit_it_was_declared_to_acts_and_the_same_holder_declares_once(cast, villa):
    # the town chair sees her village's creation, but the county names it
    with pytest.raises(PermissionDenied, match="无权执行此操作"):
        services_creation.creation_step(user=cast.chair_a, creation=villa, step="accept", on=D(2027, 3, 1))
    with pytest.raises(ValidationError) as exc:
        services_creation.creation_apply(
            user=cast.vchair_a1,
            kind=kind("巾帼示范村"),
            level=HonourLevel.COUNTY,
            unit=cast.village_a1,
            village=cast.village_a1,
            supervisor=cast.county,
        )
    assert exc.value.messages == ["青龙村已在创建或已命名县级“巾帼示范村”"]
    with pytest.raises(ValidationError) as exc:
        services_creation.creation_apply(
            user=cast.chair_b,
            kind=kind("巾帼文明岗"),
            level=HonourLevel.TOWN,
            unit=cast.town_b,
            holder_name="东城社区卫生服务站",
            supervisor=cast.town_a,
        )
    assert exc.value.message_dict == {"supervisor": ["东城社区卫生服务站不在竹峪镇范围内"]}
    with pytest.raises(
        PermissionDenied, match="无权执行此操作"
    ):  # a village chair declares for her own village only
        services_creation.creation_apply(
            user=cast.vchair_a2,
            kind=kind("巾帼示范村"),
            level=HonourLevel.TOWN,
            unit=cast.village_a1,
            village=cast.village_a1,
            supervisor=cast.town_a,
        )


def test_a_creation_round_sets_the_unit_that_names_and_the_title_must_match(cast, clock):
    clock.set(D(2027, 3, 1))
    campaign = make_campaign(cast, "巾帼示范村", level=HonourLevel.COUNTY)
    c = services_creation.creation_apply(
        user=cast.chair_a,
        kind=kind("巾帼示范村"),
        level=HonourLevel.COUNTY,
        unit=cast.town_a,
        village=cast.village_a2,
        campaign=campaign,
    )
    assert (c.supervisor, c.supervisor_path) == (cast.county, cast.county.path)
    with pytest.raises(ValidationError) as exc:
        services_creation.creation_apply(
            user=cast.chair_a,
            kind=kind("巾帼示范村"),
            level=HonourLevel.TOWN,
            unit=cast.town_a,
            village=cast.village_a1,
            campaign=campaign,
        )
    assert exc.value.message_dict == {"campaign": [f"“{campaign}”不是乡镇级“巾帼示范村”的创建活动"]}


def test_the_list_filters_by_campaign_kind_and_status(cast, villa, login):
    campaign = make_campaign(cast, "巾帼文明岗", level=HonourLevel.COUNTY)
    post = services_creation.creation_apply(
        user=cast.chair_a,
        kind=kind("巾帼文明岗"),
        level=HonourLevel.COUNTY,
        unit=cast.town_a,
        holder_name="竹峪镇卫生院妇产科",
        staff_total=20,
        staff_women=15,
        campaign=campaign,
    )
    step(cast, villa, "accept", D(2027, 3, 1))
    client = login(cast.county_user)
    url = reverse("honours:creations")

    def names(query):
        page = client.get(url, query).content.decode()
        return [n for n in ("青龙村", "竹峪镇卫生院妇产科") if n in page]

    assert names({}) == ["青龙村", "竹峪镇卫生院妇产科"]
    assert names({"campaign": campaign.pk}) == ["竹峪镇卫生院妇产科"]
    assert names({"kind": kind("巾帼示范村").pk}) == ["青龙村"]
    assert names({"status": "building"}) == ["青龙村"]
    assert names({"status": "applied"}) == ["竹峪镇卫生院妇产科"]
    assert post.status == S.APPLIED


def test_figures_count_the_steps_in_the_period_with_their_records(cast, villa, clock):
    clock.set(D(2027, 12, 31))
    step(cast, villa, "accept", D(2027, 3, 10))
    step(cast, villa, "name", D(2027, 9, 1))
    step(cast, villa, "review_failed", D(2027, 12, 31), note="复查不合格")

    def fig(start, end):
        return figures.figures(user=cast.county_user, unit=cast.county, start=start, end=end)

    year = fig(D(2027, 1, 1), D(2027, 12, 31))
    assert (year["honours.creations_applied"], year["honours.creations_named"]) == (1, 1)
    assert year["honours.creations_revoked"] == 1
    assert year["honours.collectives"] == 1  # the naming is an award of the year
    before = fig(D(2027, 1, 1), D(2027, 8, 31))  # named on 1 September: the day after the period
    assert (before["honours.creations_applied"], before["honours.creations_named"]) == (1, 0)
    assert fig(D(2027, 9, 1), D(2027, 12, 30))["honours.creations_named"] == 1
    assert fig(D(2027, 9, 1), D(2027, 12, 30))["honours.creations_revoked"] == 0
    by_town = figures.figures(
        user=cast.county_user, unit=cast.county, start=D(2027, 1, 1), end=D(2027, 12, 31), group_by_child=True
    )
    assert by_town[cast.town_a.pk]["honours.creations_named"] == 1
    assert by_town[cast.town_b.pk]["honours.creations_named"] == 0
    from fulian.core import figures as core_figures

    trace = core_figures.records(
        "honours.creations_named",
        user=cast.county_user,
        unit=cast.county,
        period=Period(D(2027, 1, 1), D(2027, 12, 31)),
    )
    assert trace.total() == 1
    assert trace.parts[0].rows.get().creation == villa
    # the town B chair counts nothing of town A
    assert (
        figures.figures(user=cast.chair_b, unit=cast.town_b, start=D(2027, 1, 1), end=D(2027, 12, 31))[
            "honours.creations_applied"
        ]
        == 0
    )


def test_the_unit_page_shows_the_creation_and_its_status(cast, villa, login):
    page = login(cast.member_a1).get(reverse("orgs:unit", args=[cast.village_a1.pk])).content.decode()
    assert "创建县级“巾帼示范村”" in page
    assert "已申报" in page


def pages(villa):
    """(url, right user, wrong role, is a record of town A)"""
    return [
        (reverse("honours:creations"), "member_a1", "caseworker_a", False),
        (reverse("honours:creation_create"), "vchair_a1", "member_a1", False),
        (reverse("honours:creation", args=[villa.pk]), "member_a1", "caseworker_a", True),
    ]


def test_pages_four_ways(cast, villa, login, client):
    for url, right, wrong, is_record in pages(villa):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"], url
        assert login(getattr(cast, wrong)).get(url).status_code == 403, url
        outsider = login(cast.chair_b).get(url)
        if is_record:
            assert outsider.status_code == 404, url
        else:
            assert "青龙村" not in outsider.content.decode(), url
        page = login(getattr(cast, right)).get(url)
        assert page.status_code == 200, url
        client.logout()
    detail = login(cast.county_user).get(reverse("honours:creation", args=[villa.pk])).content.decode()
    assert "办理" in detail
    assert "建设妇女之家" in detail


def test_the_step_post_four_ways_and_its_refusal_message(cast, villa, login):
    url = reverse("honours:creation_step", args=[villa.pk])
    post_four_ways(
        login,
        url,
        {"step": "accept", "on": "2027-03-01"},
        works_as=cast.county_user,
        outsider=cast.chair_b,
        wrong_role=cast.staff_a,
    )
    villa.refresh_from_db()
    assert villa.status == S.BUILDING
    page = login(cast.county_user).post(url, {"step": "name_failed", "on": "2027-03-01"}, follow=True)
    assert "“验收不合格”须填写理由" in page.content.decode()
    assert villa.steps.count() == 2


def test_the_apply_page_declares_a_creation(cast, login, clock):
    clock.set(D(2027, 3, 1))
    body = {
        "kind": kind("巾帼示范村").pk,
        "level": HonourLevel.TOWN,
        "unit": cast.village_a1.pk,
        "village": cast.village_a1.pk,
        "supervisor": cast.town_a.pk,
        "applied_on": "2027-03-01",
    }
    response = login(cast.vchair_a1).post(reverse("honours:creation_create"), body)
    c = Creation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("honours:creation", args=[c.pk])
    assert (c.supervisor, c.created_by) == (cast.town_a, cast.vchair_a1)
    refused = login(cast.vchair_a1).post(reverse("honours:creation_create"), body)
    assert "青龙村已在创建或已命名乡镇级“巾帼示范村”" in refused.content.decode()


def test_api_four_ways_declare_and_step(cast, villa, api_client):
    url = "/api/v1/honours/creations/"
    assert api_client.get(url).status_code == 401
    api_client.force_authenticate(cast.caseworker_a)
    assert api_client.get(url).status_code == 403
    api_client.force_authenticate(cast.chair_b)
    assert api_client.get(url).json()["count"] == 0
    assert api_client.get(f"{url}{villa.pk}/").status_code == 404
    api_client.force_authenticate(cast.member_a1)
    assert api_client.get(url, {"status": "applied"}).json()["count"] == 1
    assert api_client.get(url, {"status": "named"}).json()["count"] == 0
    assert api_client.get(f"{url}{villa.pk}/").json()["steps"][0]["step"] == "apply"
    assert api_client.post(f"{url}{villa.pk}/step/", {"step": "accept"}).status_code == 403
    api_client.force_authenticate(cast.county_user)
    refused = api_client.post(f"{url}{villa.pk}/step/", {"step": "refuse"})
    assert refused.status_code == 400
    assert refused.json() == {"note": ["“不予受理”须填写理由"]}
    done = api_client.post(f"{url}{villa.pk}/step/", {"step": "accept", "on": "2027-03-01"})
    assert done.status_code == 200
    assert done.json()["status"] == "building"
    assert CreationStep.objects.filter(creation=villa).count() == 2
