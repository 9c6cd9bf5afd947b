"""The roster import (妇联成员名册): the members of the federations under the chosen unit, as kept on paper or
in last year's Excel, entered once (补录) so that Fulian starts from the roster a town already has.

Each row names its unit (the chosen unit itself or a unit under it, by name; a name used twice is written
「乡镇/村」), the member's name, post, term and contacts. Rows go through the checks of
`services.roster_enter`: a start not in the future, an end not before the start, and one chair at a time
per federation — against the roster already recorded and against the other rows of the file. Rows are
written by `roster_enter` (PostRecord.How.ENTERED), so an imported roster is not counted as the year's post
adjustments."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from fulian.core.scoping import visible
from fulian.core.spreadsheets.parsers import (
    CellError,
    cell_text,
    choice_column,
    parse_date,
    parse_text,
)
from fulian.core.spreadsheets.spec import Column, ImportContext, ImportSpec, Row, register
from fulian.orgs.models import FederationMember, Level, OrgUnit, Position

from .services import roster_enter

UNIT_HEADER, START_HEADER = "单位", "任期开始"


def _units(ctx: ImportContext) -> dict[str, OrgUnit]:
    """The units a row may name, by the label the template's dropdown offers (cached per import)."""
    if "units" not in ctx.cache:
        units = list(
            visible(ctx.user, OrgUnit.objects.all(), ctx.capability)
            .filter(Q(active_until__isnull=True) | Q(active_until__gt=ctx.today))
            .filter(path__startswith=ctx.unit.path, level__lte=Level.VILLAGE)
            .order_by("path")
        )
        parent_paths = {u.path[: -u.steplen] for u in units}
        parents = {u.path: u.name for u in OrgUnit.objects.filter(path__in=parent_paths)}
        names = [u.name for u in units]
        labels = {}
        for u in units:
            parent = parents.get(u.path[: -u.steplen], "")
            labels[u.name if names.count(u.name) == 1 else f"{parent}/{u.name}"] = u
        ctx.cache["units"] = labels
    return ctx.cache["units"]


def parse_unit(value: Any, ctx: ImportContext) -> OrgUnit:
    text = cell_text(value).replace("／", "/")
    units = _units(ctx)
    if text in units:
        return units[text]
    if any(label.endswith(f"/{text}") for label in units):
        raise CellError(f"有多个名为「{text}」的单位，请写成「乡镇/{text}」")
    raise CellError(f"「{text}」不是{ctx.unit.name}或其下属单位，请从下拉列表中选择")


ROSTER_COLUMNS = [
    Column("unit", UNIT_HEADER, required=True, parse=parse_unit, choices=lambda ctx: list(_units(ctx)),
           width=16, example="青龙村"),
    Column("name", "姓名", required=True, parse=parse_text(50), width=10, example="王秀英"),
    choice_column("position", "职务", Position.choices, required=True, width=14,
                  example=Position.CHAIR.label),
    Column("term_start", START_HEADER, required=True, parse=parse_date(), width=12, example="2024-03-15"),
    Column("term_end", "任期结束", parse=parse_date(allow_future=True), width=12, example="2029-03-14",
           help="不填表示任期未定"),
    Column("phone", "联系电话", parse=parse_text(20), text=True, width=14, example="13912345678"),
    Column("workplace", "工作单位及职务", parse=parse_text(100), width=24, example="青龙村村委会委员"),
    Column("note", "备注", parse=parse_text(200), width=20, example=""),
]  # fmt: skip


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return (a_end is None or b_start <= a_end) and (b_end is None or a_start <= b_end)


class RosterImportSpec(ImportSpec):
    name = "orgbuild_roster"
    title = "妇联成员名册"
    capability = "orgbuild.change"
    model = FederationMember
    columns = ROSTER_COLUMNS
    unit_levels = (Level.COUNTY, Level.TOWN, Level.VILLAGE)
    notes = [
        "5. 单位填所选单位本身或其下属乡镇、村（社区）；重名时写成「乡镇/村」。",
        "6. 每个妇联同一时间只有一名主席：与已登记主席或本表其他行任期重叠的行会被拒绝。",
        "7. 导入的名册记为“补录”，不计入本年度岗位调整；换届选举产生的名册由选举结果自动生成。",
    ]

    def check_row(self, row: Row, ctx: ImportContext) -> None:
        v = row.values
        if row.has("term_start", "term_end") and v["term_end"] < v["term_start"]:
            row.error("任期结束", "任期结束不能早于任期开始")

    def check_chunk(self, rows: list[Row], ctx: ImportContext) -> None:
        chairs = [
            r for r in rows if r.ok and r.has("unit", "term_start") and r.values["position"] == Position.CHAIR
        ]
        recorded: dict[int, list[tuple]] = {}
        for m in FederationMember.objects.filter(
            unit_id__in={r.values["unit"].pk for r in chairs}, position=Position.CHAIR
        ).order_by("term_start"):
            recorded.setdefault(m.unit_id, []).append((m.term_start, m.term_end, m.name, "已登记的主席"))
        seen: dict[int, list[tuple]] = ctx.cache.setdefault("chairs", {})
        for row in chairs:
            v = row.values
            start, end = v["term_start"], v.get("term_end")
            others = recorded.get(v["unit"].pk, []) + seen.get(v["unit"].pk, [])
            for other_start, other_end, name, where in others:
                if _overlaps(start, end, other_start, other_end):
                    until = f"{other_end:%Y-%m-%d}" if other_end else "今"
                    row.error(START_HEADER, f"任期与{where}{name}（{other_start:%Y-%m-%d} 至 {until}）重叠")
                    break
            else:
                seen.setdefault(v["unit"].pk, []).append((start, end, v["name"], f"第{row.number}行的主席"))

    def write_row(self, v: dict[str, Any], ctx: ImportContext) -> FederationMember:
        return roster_enter(
            user=ctx.user,
            unit=v["unit"],
            name=v["name"],
            position=v["position"],
            term_start=v["term_start"],
            term_end=v.get("term_end"),
            phone=v.get("phone") or "",
            workplace=v.get("workplace") or "",
            note=v.get("note") or "",
        )


register(RosterImportSpec())
