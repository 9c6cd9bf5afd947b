"""Builders for assessment tests: a small rubric (two categories, a bonus and a veto item), an
assessment over a town's villages, a group, and scoring helpers."""

from __future__ import annotations

from decimal import Decimal

from fulian.assessment import services
from fulian.assessment.models import Item


def make_rubric(user, town, year=2025, *, auto_key: str = ""):
    r = services.rubric_create(user=user, unit=town, year=year, title=f"{year}年村级妇联工作考核细则")
    base = services.category_save(user=user, rubric=r, name="基层基础", order=1)
    archives = services.category_save(user=user, rubric=r, name="档案台帐", order=2)
    extra = services.category_save(user=user, rubric=r, name="加分与否决", order=3)
    services.item_save(
        user=user,
        category=base,
        data={"title": "妇联组织健全", "max_points": Decimal("10"), "method": Item.Method.DOCUMENTS},
    )
    services.item_save(
        user=user,
        category=base,
        data={"title": "妇女之家阵地", "max_points": Decimal("20"), "method": Item.Method.SITE},
    )
    services.item_save(
        user=user,
        category=archives,
        data={"title": "档案分类齐全", "max_points": Decimal("20"), "method": Item.Method.DOCUMENTS},
    )
    if auto_key:
        services.item_save(
            user=user,
            category=archives,
            data={
                "title": "群众满意度",
                "max_points": Decimal("10"),
                "method": Item.Method.AUTO,
                "figure_key": auto_key,
                "target": Decimal("90"),
            },
        )
    services.item_save(
        user=user,
        category=extra,
        data={"title": "工作创新", "max_points": Decimal("5"), "kind": Item.Kind.BONUS},
    )
    services.item_save(
        user=user,
        category=extra,
        data={"title": "发生重大群体事件", "max_points": Decimal("0"), "kind": Item.Kind.VETO},
    )
    return r


def make_assessment(cast, year=2025, **kw):
    rubric = make_rubric(cast.chair_a, cast.town_a, year, **kw)
    return services.assessment_create(
        user=cast.chair_a,
        rubric=rubric,
        title=f"{year}年度村级妇联工作考核",
        settings={"weight_self": 0, "weight_regular": 40, "weight_final": 60},
    )


def item(assessment, title):
    return assessment.rubric.items().get(title=title)


def sheet_of(assessment, village):
    return assessment.sheets.get(village=village)


def hand_items(assessment):
    return list(assessment.rubric.items().filter(kind=Item.Kind.NORMAL).exclude(method=Item.Method.AUTO))


def self_score_all(user, sheet, points=None):
    for i in hand_items(sheet.assessment):
        value = points if points is not None else i.max_points
        services.score_self(user=user, sheet=sheet, item=i, points=value)


def final_score_all(user, sheet, deduction=Decimal("0")):
    for i in hand_items(sheet.assessment):
        reason = "台账不全" if deduction else ""
        services.score_final(user=user, sheet=sheet, item=i, deduction=deduction, reason=reason)


def make_group(cast, assessment, name="档案台帐组", villages=None, items=None):
    return services.group_save(
        user=cast.chair_a,
        assessment=assessment,
        name=name,
        leader=cast.staff_a,
        members=[cast.assessor_a],
        items=items if items is not None else hand_items(assessment),
        villages=villages if villages is not None else [cast.village_a1],
    )
