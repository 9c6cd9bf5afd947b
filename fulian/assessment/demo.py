"""Demo: a finished (published) assessment for the first town, with groups, cross-checks by zone, a draw,
questionnaires answered (by `fulian/surveys/demo.py`, between `load` and `finish`), sheets scored and
locked, a zone meeting and an appeal; an open one for the second town, with sheets at every stage."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError

from fulian.orgs.models import Zone

from . import services
from .models import Item

CATEGORIES = [
    ("基层基础", [("妇联组织健全、按期换届", 10, "documents"), ("妇女之家阵地规范", 10, "site")]),
    ("文明家庭创建", [("开展最美家庭评选", 10, "documents")]),
    ("妇儿维权", [("矛盾纠纷排查调处", 10, "documents")]),
    ("双学双比/巾帼建功", [("组织技能培训", 10, "documents")]),
    ("档案台帐", [("档案分类齐全、规范", 15, "documents")]),
    ("流动人口", [("流动妇女信息台账", 10, "site")]),
]


# ctx.extra key under which load() leaves the assessment that the surveys demo answers and finish() publishes
TO_FINISH = "assessment.to_finish"


def _rubric(user, town, year):
    r = services.rubric_create(user=user, unit=town, year=year, title=f"{year}年度村级妇联工作考核细则")
    for order, (name, items) in enumerate(CATEGORIES, start=1):
        cat = services.category_save(user=user, rubric=r, name=name, order=order)
        for title, points, method in items:
            services.item_save(
                user=user,
                category=cat,
                data={
                    "title": title,
                    "max_points": Decimal(points),
                    "method": method,
                    "guidance": "缺一项扣2分，扣完为止",
                },
            )
    cat = services.category_save(user=user, rubric=r, name="群众满意度与加分", order=9)
    services.item_save(
        user=user,
        category=cat,
        data={
            "title": "群众满意度（问卷）",
            "max_points": Decimal(15),
            "method": Item.Method.AUTO,
            "figure_key": "surveys.satisfaction",
            "target": Decimal(90),
            "guidance": "满意度≥90%得满分，以下按比例计分",
        },
    )
    services.item_save(
        user=user, category=cat, data={"title": "工作创新", "max_points": Decimal(5), "kind": "bonus"}
    )
    services.item_save(user=user, category=cat, data={"title": "发生涉妇女重大群体性事件", "kind": "veto"})
    return r


def _zones(ctx, town, villages):
    zones = [Zone.objects.get_or_create(town=town, name=n)[0] for n in ("东片", "西片")]
    for k, v in enumerate(villages):
        if v.zone_id is None:
            v.zone = zones[0] if k < len(villages) / 2 else zones[1]
            v.save(update_fields=["zone"])
    return zones


def _draw(user, a, seed):
    try:
        return services.draw_create(
            user=user,
            assessment=a,
            seed=seed,
            village_count=min(8, a.sheets.count()),
            women_ratio=Decimal("0.04"),
        )
    except ValidationError:  # a drawn village without registered women: draw villages only
        return services.draw_create(
            user=user, assessment=a, seed=seed, village_count=min(8, a.sheets.count())
        )


def _score(ctx, a, sheets, user, *, lock: bool):
    items = [i for i in a.rubric.items() if i.kind == "normal" and not i.is_auto]
    for sheet in sheets:
        for it in items:
            services.score_self(
                user=user, sheet=sheet, item=it, points=it.max_points - ctx.rng.choice([0, 0, 1])
            )
        services.sheet_submit(user=user, sheet=sheet)
        if not lock:
            continue
        for it in items:
            d = ctx.rng.choice([0, 0, 0, 1, 2, 4])
            services.score_final(
                user=user, sheet=sheet, item=it, deduction=d, reason="台账不全，资料缺页" if d else ""
            )
        bonus = a.rubric.items().filter(kind="bonus").first()
        if bonus and ctx.rng.random() < 0.3:
            services.score_final(user=user, sheet=sheet, item=bonus, points=ctx.rng.choice([2, 3]))
        services.sheet_notes(
            user=user,
            sheet=sheet,
            regular_points=(a.rubric.max_total * ctx.rng.randint(75, 98) / 100).quantize(Decimal("0.1")),
            cross_findings="档案基本齐全",
        )
        services.sheet_lock(user=user, sheet=sheet)


def _finished(ctx, town, user, staff):
    """Up to the draw. The surveys demo then answers the questionnaire of the drawn villages, and
    `finish()` scores, locks and publishes (the satisfaction figure feeds an auto-scored item)."""
    year = ctx.today.year
    villages = ctx.villages_of(town)
    zones = _zones(ctx, town, villages)
    a = services.assessment_create(
        user=user, rubric=_rubric(user, town, year), title=f"{year}年度村级妇联工作考核"
    )
    items = [i for i in a.rubric.items() if i.kind == "normal" and not i.is_auto]
    for n, name in enumerate(["硬件设施组", "档案台帐组", "流动人口组"]):
        services.group_save(
            user=user,
            assessment=a,
            name=name,
            leader=user,
            members=staff,
            items=items[n::3],
            villages=[s.village for s in a.sheets.select_related("village")],
        )
    for n, z in enumerate(zones, start=1):  # seeds by the zone's place, not its id (same on any database)
        if a.sheets.filter(village__zone=z).count() >= 2:
            services.cross_check_generate(user=user, assessment=a, zone=z, seed=f"{year}{n:02d}")
    draw = _draw(user, a, f"{year}1121")
    ctx.extra[TO_FINISH] = {"assessment": a, "draw": draw, "town": town, "user": user, "zones": zones}
    return a


def finish(ctx) -> None:
    """Score, lock and publish the assessment left by `load()`, once the questionnaire is answered."""
    pending = ctx.extra.pop(TO_FINISH, None)
    if pending is None:
        return
    a, user, zones = pending["assessment"], pending["user"], pending["zones"]
    services.auto_scores_refresh(user=user, assessment=a)
    _score(ctx, a, list(a.sheets.all()), user, lock=True)
    for z in zones:
        services.meeting_add(
            user=user,
            assessment=a,
            zone=z,
            held_on=ctx.today - dt.timedelta(days=20),
            attendees=f"{z.name}各村妇联主席、巾帼志愿者代表",
            notes="回顾全年工作，查找不足，理清明年思路。",
        )
    services.assessment_publish(user=user, assessment=a, appeal_days=7)
    sheet = a.sheets.order_by("village__path").last()
    appeal = services.appeal_file(user=user, sheet=sheet, content="我村妇女之家已于年中改建，请复核。")
    services.appeal_decide(user=user, appeal=appeal, outcome="rejected", response="经复核，维持原评分。")


def _open(ctx, town, user, staff):
    year = ctx.today.year
    a = services.assessment_create(
        user=user, rubric=_rubric(user, town, year), title=f"{year}年度村级妇联工作考核"
    )
    items = [i for i in a.rubric.items() if i.kind == "normal" and not i.is_auto]
    sheets = list(a.sheets.select_related("village"))
    services.group_save(
        user=user,
        assessment=a,
        name="档案台帐组",
        leader=user,
        members=staff,
        items=items,
        villages=[s.village for s in sheets],
    )
    if len(sheets) >= 2:
        services.cross_check_generate(user=user, assessment=a, seed=f"{year}0001")
    _score(ctx, a, sheets[: len(sheets) // 2], user, lock=False)
    return a


def _home_town(user, towns):
    from fulian.orgs.models import Membership

    if user is None:
        return None
    units = set(Membership.objects.filter(user=user, is_active=True).values_list("unit_id", flat=True))
    return next((t for t in towns if t.pk in units), None)


def load(ctx) -> None:
    users = ctx.users
    admin = users.get("admin") or users.get("county")
    towns = [t for t in ctx.towns if ctx.villages_of(t)]
    if not towns or admin is None:
        return
    chair = users.get("town_chair")
    first = _home_town(chair, towns) or towns[0]
    if chair is None or _home_town(chair, towns) is None:
        chair = admin
    staff = [u for u in (users.get("town_staff"), users.get("town_assessor")) if u is not None]
    _finished(ctx, first, chair, staff)  # published by finish()
    second = _home_town(users.get("town2_chair"), towns)
    if second is None or second == first:
        second = next((t for t in towns if t != first), None)
    if second is not None:
        _open(ctx, second, admin, [u for u in (users.get("assessor"),) if u is not None])
    ctx.log("村级考核：已加载一个已公布的考核和一个进行中的考核。")
