"""Demo work plan for 万源市 (called by `manage.py load_demo`): this year's and next year's targets
(工作要点) for the county and 竹峪镇, tied to ledger figures so progress is computed live, and one item
reported by hand."""

from __future__ import annotations

from decimal import Decimal

from .models import PlanItem
from .services import plan_item_save

# title, area, figure, target for the county (竹峪镇: a tenth), measure
TARGETS = [
    ("开展“三八”“六一”等主题活动", "guidance", "activities.count", 900, "场次"),
    ("救助困难妇女儿童", "care", "aid.persons", 200, "人"),
    ("农村妇女两癌筛查", "children", "health.screened", 3200, "人"),
    ("爱心妈妈结对关爱留守儿童", "care", "care.pairings.active", 70, "对"),
    ("妇女技能培训", "employment", "employment.trainees", 150, "人次"),
]


def load(ctx) -> None:
    from fulian.orgs.services.demo import TOWN_A

    plans = [(ctx.county, ctx.users.get("county") or ctx.users.get("admin"), 1)]
    plans.append((ctx.unit(TOWN_A), ctx.users.get("town_chair") or plans[0][1], 10))
    n = 0
    for year in (ctx.today.year, ctx.today.year + 1):
        growth = Decimal("1.1") if year > ctx.today.year else Decimal(1)
        for unit, user, share in plans:
            if user is None:
                continue
            for title, area, key, target, measure in TARGETS:
                value = (Decimal(target) * growth / share).quantize(Decimal(1))
                plan_item_save(
                    user=user,
                    item=PlanItem(unit=unit, year=year, title=title, area=area, metric_key=key,
                                  target=value, measure=measure),
                )  # fmt: skip
                n += 1
            plan_item_save(
                user=user,
                item=PlanItem(unit=unit, year=year, title="村（社区）妇联执委培训全覆盖", area="org",
                              note="手工填报：年底前完成"),
            )  # fmt: skip
            n += 1
    ctx.log(f"  工作要点：{n} 项（今年、明年；万源市、竹峪镇）")
