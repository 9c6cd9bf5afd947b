"""Rubric versions, scores, the sheet workflow and its refusals (nothing saved)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fulian.assessment import selectors, services
from fulian.assessment.models import Item, Rubric, Score, Sheet

from .factories import final_score_all, item, make_assessment, make_group, self_score_all, sheet_of


@pytest.fixture
def a(cast):
    return make_assessment(cast)


def test_assessment_opens_one_sheet_per_village_of_the_town(cast, a):
    assert sorted(s.village.name for s in a.sheets.all()) == ["红旗村", "青龙村"]
    assert a.rubric.max_total == Decimal("50")


def test_copy_last_years_rubric_keeps_categories_and_items(cast, a):
    new = services.rubric_copy(user=cast.chair_a, rubric=a.rubric, year=2026)
    assert new.year == 2026
    assert new.version == 1
    assert new.copied_from == a.rubric
    assert [c.name for c in new.categories.all()] == ["基层基础", "档案台帐", "加分与否决"]
    assert new.items().count() == a.rubric.items().count()
    again = services.rubric_copy(user=cast.chair_a, rubric=a.rubric, year=2025)
    assert again.version == 2


def test_rubric_edited_after_scoring_started_is_refused(cast, a):
    sheet = sheet_of(a, cast.village_a1)
    services.score_self(user=cast.vchair_a1, sheet=sheet, item=item(a, "妇联组织健全"), points=8)
    target = item(a, "妇联组织健全")
    with pytest.raises(ValidationError, match="新版本"):
        services.item_save(user=cast.chair_a, category=target.category, item=target, data={"max_points": 30})
    with pytest.raises(ValidationError, match="新版本"):
        services.category_save(user=cast.chair_a, rubric=a.rubric, name="新类别")
    target.refresh_from_db()
    assert target.max_points == Decimal("10")
    assert a.rubric.categories.count() == 3


def test_score_above_the_maximum_is_refused_and_nothing_saved(cast, a):
    sheet = sheet_of(a, cast.village_a1)
    with pytest.raises(ValidationError, match="超过了该项满分10"):
        services.score_self(user=cast.vchair_a1, sheet=sheet, item=item(a, "妇联组织健全"), points=11)
    assert not Score.objects.exists()


def test_deductions_stop_at_zero_and_need_a_reason(cast, a):
    sheet = sheet_of(a, cast.village_a1)
    it = item(a, "妇联组织健全")
    with pytest.raises(ValidationError, match="扣分理由"):
        services.score_final(user=cast.chair_a, sheet=sheet, item=it, deduction=3)
    s = services.score_final(user=cast.chair_a, sheet=sheet, item=it, deduction=25, reason="无换届资料")
    assert s.points == 0


def test_submit_with_unscored_items_is_refused_naming_them(cast, a):
    sheet = sheet_of(a, cast.village_a1)
    services.score_self(user=cast.vchair_a1, sheet=sheet, item=item(a, "妇联组织健全"), points=9)
    with pytest.raises(ValidationError) as exc:
        services.sheet_submit(user=cast.vchair_a1, sheet=sheet)
    assert "妇女之家阵地" in str(exc.value)
    assert "档案分类齐全" in str(exc.value)
    assert "妇联组织健全" not in str(exc.value)
    sheet.refresh_from_db()
    assert sheet.status == Sheet.Status.DRAFT


def test_submit_return_correct_lock(cast, a):
    sheet = sheet_of(a, cast.village_a1)
    self_score_all(cast.vchair_a1, sheet)
    services.sheet_submit(user=cast.vchair_a1, sheet=sheet)
    with pytest.raises(ValidationError, match="不能修改自评分"):
        services.score_self(user=cast.vchair_a1, sheet=sheet, item=item(a, "妇联组织健全"), points=1)
    services.sheet_return(user=cast.chair_a, sheet=sheet, reason="自评分偏高，请核实")
    services.score_self(user=cast.vchair_a1, sheet=sheet, item=item(a, "妇联组织健全"), points=7)
    services.sheet_submit(user=cast.vchair_a1, sheet=sheet)
    with pytest.raises(ValidationError, match="尚未评分"):
        services.sheet_lock(user=cast.chair_a, sheet=sheet)
    final_score_all(cast.chair_a, sheet)
    services.sheet_lock(user=cast.chair_a, sheet=sheet)
    assert sheet.status == Sheet.Status.LOCKED
    with pytest.raises(ValidationError, match="已锁定"):
        services.score_final(user=cast.chair_a, sheet=sheet, item=item(a, "妇联组织健全"), points=1)


def test_village_chair_cannot_submit_another_villages_sheet(cast, a):
    with pytest.raises(PermissionDenied, match="无权"):
        services.sheet_submit(user=cast.vchair_a2, sheet=sheet_of(a, cast.village_a1))


def test_difference_between_self_and_assessor_beyond_threshold_is_flagged(cast, a):
    sheet = sheet_of(a, cast.village_a1)
    services.score_self(user=cast.vchair_a1, sheet=sheet, item=item(a, "妇联组织健全"), points=10)
    services.score_self(user=cast.vchair_a1, sheet=sheet, item=item(a, "档案分类齐全"), points=20)
    chair = cast.chair_a
    services.score_final(user=chair, sheet=sheet, item=item(a, "妇联组织健全"), points=9, reason="小缺")
    services.score_final(user=chair, sheet=sheet, item=item(a, "档案分类齐全"), points=12, reason="缺")
    flags = {r.item.title: r.flagged for r in selectors.sheet_rows(user=cast.chair_a, sheet=sheet)}
    assert flags["档案分类齐全"] is True
    assert flags["妇联组织健全"] is False


def test_assessor_scores_only_her_groups_items_and_villages(cast, a):
    make_group(cast, a, items=[item(a, "档案分类齐全")], villages=[cast.village_a1])
    s1, s2 = sheet_of(a, cast.village_a1), sheet_of(a, cast.village_a2)
    services.score_final(user=cast.assessor_a, sheet=s1, item=item(a, "档案分类齐全"), points=20)
    with pytest.raises(PermissionDenied, match="不由您所在的考核组评分"):
        services.score_final(user=cast.assessor_a, sheet=s1, item=item(a, "妇联组织健全"), points=10)
    with pytest.raises(PermissionDenied, match="无权"):
        services.score_final(user=cast.assessor_a, sheet=s2, item=item(a, "档案分类齐全"), points=10)


def test_group_members_must_be_assessors_or_staff(cast, a):
    with pytest.raises(ValidationError, match="不是本镇的考核员"):
        services.group_save(
            user=cast.chair_a, assessment=a, name="硬件设施组", leader=cast.staff_a, members=[cast.vchair_b1]
        )
    assert not a.groups.exists()


def test_veto_item_forces_the_bottom_grade_and_ranks_last(cast, a):
    for v in (cast.village_a1, cast.village_a2):
        sheet = sheet_of(a, v)
        self_score_all(cast.vchair_a1 if v == cast.village_a1 else cast.vchair_a2, sheet)
        final_score_all(cast.chair_a, sheet)
    services.score_final(
        user=cast.chair_a, sheet=sheet_of(a, cast.village_a1), item=item(a, "发生重大群体事件"), vetoed=True
    )
    rows = {r.sheet.village.name: r for r in selectors.results(assessment=a)}
    assert rows["青龙村"].result.grade == "不合格"
    assert rows["青龙村"].rank == 2
    assert rows["红旗村"].result.grade == "优秀"


def test_settings_weights_must_add_to_100(cast, a):
    with pytest.raises(ValidationError, match="权重之和"):
        services.assessment_settings(user=cast.chair_a, assessment=a, settings={"weight_final": 70})
    a.refresh_from_db()
    assert a.weight_final == 60


def test_auto_item_takes_its_value_from_the_ledgers(cast, monkeypatch):
    a = make_assessment(cast, auto_key="surveys.satisfaction")

    def fake_collect(*, user, unit, period, group_by_child=False):
        return {cast.village_a1.pk: {"surveys.satisfaction": Decimal("45")}}

    monkeypatch.setattr("fulian.core.figures.collect", fake_collect)
    services.auto_scores_refresh(user=cast.chair_a, assessment=a)
    auto = item(a, "群众满意度")
    s1 = Score.objects.get(sheet=sheet_of(a, cast.village_a1), item=auto)
    s2 = Score.objects.get(sheet=sheet_of(a, cast.village_a2), item=auto)
    assert (s1.value, s1.points) == (Decimal("45"), Decimal("5"))
    assert s2.points == 0
    with pytest.raises(ValidationError, match="自动计分"):
        services.score_self(user=cast.vchair_a1, sheet=sheet_of(a, cast.village_a1), item=auto, points=10)


def test_rubric_for_a_village_is_refused(cast):
    with pytest.raises(ValidationError, match="乡镇"):
        services.rubric_create(user=cast.chair_a, unit=cast.village_a1, year=2025, title="x")
    assert not Rubric.objects.exists()


def test_auto_item_needs_a_figure_and_target(cast, a):
    r = services.rubric_copy(user=cast.chair_a, rubric=a.rubric, year=2026)
    with pytest.raises(ValidationError, match="数据自动的项目须指定数据指标"):
        services.item_save(
            user=cast.chair_a,
            category=r.categories.first(),
            data={"title": "活动", "max_points": 5, "method": Item.Method.AUTO},
        )
    assert not Item.objects.filter(category__rubric=r, title="活动").exists()
