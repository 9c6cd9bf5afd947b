"""Demo monitoring values for 万源市 (called by `manage.py load_demo`): last year's and this year's values of
every indicator that is entered by hand (not computed from the ledgers), for the county and 竹峪镇, near
their targets, a few of them short of the target so the page flags them."""

from __future__ import annotations

from decimal import Decimal

from .models import Indicator, Kind
from .services import indicator_value_save


def _value(ctx, indicator: Indicator, scale_of_unit: int) -> dict:
    rng = ctx.rng
    if indicator.kind == Kind.VALUE:
        return {"value": Decimal(rng.randrange(3, 40) * scale_of_unit)}
    denominator = Decimal(rng.randrange(800, 1500) * scale_of_unit)
    target = indicator.target if indicator.target is not None else Decimal(80)
    rate = target * Decimal(rng.choice(["0.9", "1.02", "1.05", "1.1"])) / indicator.scale  # about the target
    if indicator.scale > 100:  # rates per 1,000 or 100,000 births: small counts
        rate = target * Decimal(rng.choice(["0.5", "0.8", "1.2"])) / indicator.scale
    return {
        "numerator": min(denominator, (denominator * rate).quantize(Decimal(1))),
        "denominator": denominator,
    }


def load(ctx) -> None:
    from fulian.orgs.services.demo import TOWN_A

    user = ctx.users.get("county") or ctx.users.get("admin")
    if user is None:
        return
    units = [(ctx.county, 10), (ctx.unit(TOWN_A), 1)]
    indicators = Indicator.objects.filter(is_active=True, owner=None, numerator_key="")
    n = 0
    for year in (ctx.today.year - 1, ctx.today.year):
        for indicator in indicators:
            for unit, size in units:
                indicator_value_save(
                    user=user,
                    indicator=indicator,
                    unit=unit,
                    year=year,
                    note="",
                    **_value(ctx, indicator, size),
                )
                n += 1
    ctx.log(f"  两纲监测：{n} 个指标值（去年、今年；万源市、竹峪镇）")
