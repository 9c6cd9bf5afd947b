"""The screening ledger's share of the annual summary: 两癌筛查 and 妇科病普查."""

from __future__ import annotations

from fulian.core.summary import Para

FIGURE_META = {
    "health.campaigns": ("筛查活动", "次", "count"),
    "health.target": ("筛查目标", "人", "count"),
    "health.screened": ("筛查妇女", "名", "count"),
    "health.screened.persons": ("实名登记筛查", "名", "count"),
    "health.screened.counted": ("按村汇总筛查", "名", "count"),
    "health.abnormal": ("筛查异常", "例", "count"),
    "health.positive": ("确诊阳性", "例", "count"),
    "health.referred": ("转诊", "例", "count"),
    "health.treated": ("救治", "例", "count"),
    "health.free_surgeries": ("免费手术", "例", "count"),
}


def contribute(ctx) -> list[Para]:
    screened = ctx.value("health.screened")
    if not screened:
        return []
    text = "联合卫生健康部门开展农村妇女两癌筛查和妇科病普查，"
    text += f"全年共筛查妇女{ctx.fig('health.screened', f'{screened}名')}"
    text += ctx.compare("health.screened", "名")
    target = ctx.value("health.target")
    short = target and isinstance(target, int) and isinstance(screened, int) and screened < target
    found = []
    for key, word in (
        ("health.abnormal", "发现异常"),
        ("health.positive", "确诊阳性"),
        ("health.referred", "转诊"),
        ("health.treated", "救治"),
        ("health.free_surgeries", "实施免费手术"),
    ):
        n = ctx.value(key)
        if n:
            found.append(f"{word}{ctx.fig(key, f'{n}例')}")
    if found:
        text += "，" + "，".join(found)
    out = [Para(key="health.screening", area="care", heading="关注妇女健康", text=text + "。", order=20)]
    if short:  # the campaigns' own target missed: a problem, and the opening claims no completion
        out.append(
            Para(
                key="health.short",
                area="problems",
                text=f"妇女两癌筛查未达到筛查计划：计划筛查{ctx.fig('health.target', f'{target}名')}，"
                f"实际筛查{ctx.fig('health.screened', f'{screened}名')}。",
            )
        )
    return out
