"""Each eligibility rule at its boundary, as pure functions, and then through a nomination's checks."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fulian.honours import rules, selectors, services
from fulian.honours.models import Award, HonourLevel

from .factories import kind, make_campaign, make_person

IN_THE_YEAR = datetime.date(2027, 6, 15)  # the campaigns of these tests are 2027's (make_campaign)


@pytest.fixture(autouse=True)
def _within_the_campaign_year(clock):
    """These rules are tested at fixed dates of 2027, nominations open until 31 December: the clock stays in
    that year whatever day the suite runs on (FULIAN_TEST_CLOCK)."""
    clock.set(IN_THE_YEAR)


def test_women_share_49_fails_and_50_passes():
    assert not rules.check_women_share(49, 100, Decimal("50")).passed
    ok = rules.check_women_share(50, 100, Decimal("50"))
    assert ok.passed
    assert ok.text == "女性占比50%（50/100），要求不低于50%"


def test_women_share_of_a_collective_59_99_fails_60_passes():
    assert not rules.check_women_share(5999, 10000, Decimal("60")).passed
    assert rules.check_women_share(6000, 10000, Decimal("60")).passed


def test_women_share_unknown_or_impossible_fails_with_its_reason():
    assert "未填写" in rules.check_women_share(None, None, Decimal("50")).text
    bad = rules.check_women_share(12, 10, Decimal("50"))
    assert not bad.passed
    assert bad.text == "女职工人数不能多于职工总数"


@pytest.mark.parametrize(
    ("since", "months"),
    [
        (datetime.date(2025, 6, 15), 24),
        (datetime.date(2025, 6, 16), 23),
        (datetime.date(2025, 1, 31), 28),
        (datetime.date(2027, 6, 15), 0),
    ],
)
def test_months_between(since, months):
    assert rules.months_between(since, datetime.date(2027, 6, 15)) == months


def test_lower_title_23_months_fails_24_passes():
    on = datetime.date(2027, 6, 15)
    assert not rules.check_lower_title(datetime.date(2025, 6, 16), on, 24, "巾帼文明岗").passed
    assert rules.check_lower_title(datetime.date(2025, 6, 15), on, 24, "巾帼文明岗").passed
    missing = rules.check_lower_title(None, on, 24, "巾帼文明岗")
    assert not missing.passed
    assert "未获得下一级" in missing.text


def test_repeat_within_five_years_fails_on_both_sides_of_the_boundary():
    assert not rules.check_repeat(2023, 2027, 5, "三八红旗集体").passed  # 4 years on
    assert rules.check_repeat(2022, 2027, 5, "三八红旗集体").passed  # 5 years on
    assert rules.check_repeat(None, 2027, 5, "三八红旗集体").passed


def test_quota_at_and_over():
    assert rules.check_quota(3, 3, "竹峪镇").passed
    over = rules.check_quota(4, 3, "竹峪镇")
    assert not over.passed
    assert over.text.endswith("超出名额")


# --- through a nomination ---------------------------------------------------------------------------


def _past(cast, name, level, awarded_on, **holder):
    k = kind(name)
    return Award.objects.create(
        kind=k,
        level=level,
        year=awarded_on.year,
        awarded_on=awarded_on,
        awarding_body="竹峪镇妇联",
        holder_type=k.holder_type,
        unit_path=cast.town_a.path,
        **holder,
    )


def _nominate(cast, campaign, **kw):
    return services.nomination_submit(
        user=cast.chair_a, campaign=campaign, nominated_by=cast.town_a, deeds="事迹", **kw
    )


@pytest.mark.parametrize(("women", "passes"), [(49, False), (50, True)])
def test_wenminggang_checks_women_share_and_the_lower_title(cast, women, passes):
    campaign = make_campaign(cast, "巾帼文明岗", reference_date=datetime.date(2027, 6, 15))
    _past(cast, "巾帼文明岗", HonourLevel.TOWN, datetime.date(2025, 6, 15), holder_name="竹峪镇卫生院护理部")
    n = _nominate(cast, campaign, holder_name="竹峪镇卫生院护理部", staff_total=100, staff_women=women)
    by_code = {c.code: c for c in selectors.checks(n)}
    assert by_code["women"].passed is passes
    assert by_code["lower"].passed
    assert (selectors.failed(n) == []) is passes


def test_wenminggang_lower_title_one_day_short_is_refused_on_approval(cast):
    campaign = make_campaign(cast, "巾帼文明岗", reference_date=datetime.date(2027, 6, 15))
    _past(cast, "巾帼文明岗", HonourLevel.TOWN, datetime.date(2025, 6, 16), holder_name="竹峪镇卫生院护理部")
    n = _nominate(cast, campaign, holder_name="竹峪镇卫生院护理部", staff_total=10, staff_women=8)
    with pytest.raises(ValidationError) as exc:
        services.nomination_review(user=cast.county_user, nomination=n, approve=True)
    assert "满23个月，要求满24个月" in exc.value.messages[0]


@pytest.mark.parametrize(("last_year", "passes"), [(2022, True), (2023, False)])
def test_sanba_collective_repeat_window(cast, last_year, passes):
    campaign = make_campaign(cast, "三八红旗集体")
    _past(cast, "三八红旗集体", HonourLevel.COUNTY, datetime.date(last_year, 3, 8), holder_name="青龙村妇联")
    n = _nominate(cast, campaign, holder_name="青龙村妇联", staff_total=10, staff_women=6)
    repeat = next(c for c in selectors.checks(n) if c.code == "repeat")
    assert repeat.passed is passes


def test_quota_of_a_town_is_enforced_on_the_next_nomination(cast):
    campaign = make_campaign(cast, "三八红旗手")
    services.quota_set(user=cast.county_user, campaign=campaign, unit=cast.town_a, places=1)
    _nominate(cast, campaign, person=make_person(cast.village_a1, "王芳"))
    with pytest.raises(ValidationError) as exc:
        _nominate(cast, campaign, person=make_person(cast.village_a2, "李娟"))
    assert exc.value.messages == ["竹峪镇分配名额1个，已推荐1个，名额已满"]
    with pytest.raises(ValidationError) as other:
        services.nomination_submit(
            user=cast.chair_b,
            campaign=campaign,
            nominated_by=cast.town_b,
            person=make_person(cast.village_b1, "赵敏"),
            deeds="事迹",
        )
    assert other.value.message_dict["nominated_by"] == ["古东关街道没有分配推荐名额"]


def test_open_dv_case_vetoes_a_family(cast):
    from fulian.cases.models import Case

    campaign = make_campaign(cast, "最美家庭")
    head = make_person(cast.village_a1, "刘红")
    n = _nominate(cast, campaign, person=head)
    assert next(c for c in selectors.checks(n) if c.code == "veto").passed
    Case.objects.create(
        handling_unit=cast.town_a,
        village=cast.village_a1,
        unit_path=cast.village_a1.path,
        person=head,
        channel="visit",
        type=Case.Type.DOMESTIC_VIOLENCE,
    )
    veto = next(c for c in selectors.checks(n) if c.code == "veto")
    assert not veto.passed
    assert veto.text.startswith("一票否决")
