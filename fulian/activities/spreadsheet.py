"""Excel in and out for the activity ledger, on the shared mechanism in fulian.core.spreadsheets.

Import: one row per activity; the organiser is a village of the import unit (blank: the import unit
itself); quantities are written in one cell as people write them (倡议书4000份、咨询170人次); the managed
lists (types, outside bodies, quantity kinds) are loaded once per import. Good rows are bulk-created.
Export: the rows of the list page (scoped, same filters).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from fulian.core.spreadsheets.parsers import UnitLookup, cell_text, parse_date, parse_int, parse_text
from fulian.core.spreadsheets.spec import (
    CellError,
    Column,
    ExportColumn,
    ExportSpec,
    ImportContext,
    ImportSpec,
    Row,
    register,
)
from fulian.orgs.models import Level

from . import selectors
from .models import Activity, ActivityQuantity, ActivityType, OutsideBody, QuantityKind

SEPARATORS = ("、", ",", "，", ";", "；")
QUANTITY = re.compile(r"^\s*(?P<name>\D+?)\s*(?P<n>\d+)\s*(?P<unit>\D*)\s*$")


def _split(text: str) -> list[str]:
    for sep in SEPARATORS[1:]:
        text = text.replace(sep, SEPARATORS[0])
    return [p.strip() for p in text.split(SEPARATORS[0]) if p.strip()]


def _type(value: Any, ctx: ImportContext) -> ActivityType:
    types = ctx.cache["types"]
    text = cell_text(value)
    if text not in types:
        raise CellError(f"没有活动类型「{text}」，请从下拉列表选择，或先在“类型与项目”中添加")
    if types[text].owned_elsewhere:
        raise CellError(types[text].ledger_message())
    return types[text]


def _unit(value: Any, ctx: ImportContext):
    return ctx.cache["villages"].parse(value, ctx)


def _money(value: Any, ctx: ImportContext) -> Decimal:
    text = cell_text(value)
    try:
        amount = Decimal(text.replace(",", "").replace("元", ""))
    except InvalidOperation as exc:
        raise CellError(f"「{text}」不是有效金额，请填写数字，如 1500.00") from exc
    if not amount.is_finite() or amount >= Decimal("1e10"):
        raise CellError(f"「{text}」不是有效金额，请填写数字，如 1500.00")
    if amount < 0:
        raise CellError("经费支出不能为负数，请改正")
    return amount.quantize(Decimal("0.01"))


def _bodies(value: Any, ctx: ImportContext) -> list[OutsideBody]:
    bodies = ctx.cache["bodies"]
    names = _split(cell_text(value))
    unknown = [n for n in names if n not in bodies]
    if unknown:
        raise CellError(f"没有协办部门「{'、'.join(unknown)}」，请先在“类型与项目”中添加")
    return [bodies[n] for n in names]


def _quantities(value: Any, ctx: ImportContext) -> dict[QuantityKind, int]:
    kinds = ctx.cache["kinds"]
    out: dict[QuantityKind, int] = {}
    for part in _split(cell_text(value)):
        m = QUANTITY.match(part)
        if not m or m["name"] not in kinds:
            known = "、".join(f"{k.name}（{k.unit}）" for k in kinds.values())
            raise CellError(f"看不懂「{part}」：应写成 名称+数量+单位，如 倡议书4000份；可用项目：{known}")
        kind = kinds[m["name"]]
        if m["unit"] and m["unit"] != kind.unit:
            raise CellError(f"「{kind.name}」的单位是「{kind.unit}」，不是「{m['unit']}」，请改正")
        out[kind] = out.get(kind, 0) + int(m["n"])
    return out


COLUMNS = [
    Column("type", "活动类型", required=True, parse=_type, example="三八节", width=10,
           choices=lambda ctx: [n for n, t in ctx.cache["types"].items() if not t.owned_elsewhere]),
    Column("title", "活动名称", required=True, parse=parse_text(100), example="三八节游园活动", width=24),
    Column("start_date", "开始日期", required=True, parse=parse_date(), example="2026-03-08", text=True),
    Column("end_date", "结束日期", parse=parse_date(), text=True, help="一天的活动可不填"),
    Column("place", "地点", parse=parse_text(100), example="村活动室", width=16),
    Column("unit", "主办村(社区)", parse=_unit, choices=lambda ctx: ctx.cache["villages"].labels, width=16,
           help="不填则为导入时所选的单位（如乡镇妇联）"),
    Column("participants", "参加人数", parse=parse_int(minimum=0), example=120, width=10),
    Column("money", "经费支出(元)", parse=_money, example="1500.00", width=12),
    Column("bodies", "协办部门", parse=_bodies, width=18, strict_choices=False,
           choices=lambda ctx: list(ctx.cache["bodies"]), help="可填多个，用顿号分隔，如「司法局、卫生局」"),
    Column("quantities", "数量", parse=_quantities, example="倡议书4000份、咨询170人次", width=26,
           help="名称+数量+单位，多个用顿号分隔；名称须是已有的数量项目"),
    Column("summary", "活动简介", parse=parse_text(2000), width=30),
]  # fmt: skip


class ActivityImportSpec(ImportSpec):
    name = "activities"
    title = "活动台账"
    capability = "activities.change"
    model = Activity
    columns = COLUMNS
    unit_levels = (Level.COUNTY, Level.TOWN, Level.VILLAGE)
    notes = ["5. 主办村(社区)只能选择您管辖范围内的村(社区)；活动类型、协办部门、数量项目须是系统中已有的。"]

    def prepare(self, ctx: ImportContext) -> None:
        ctx.cache["types"] = {t.name: t for t in ActivityType.objects.filter(is_active=True)}
        ctx.cache["bodies"] = {b.name: b for b in OutsideBody.objects.filter(is_active=True)}
        ctx.cache["kinds"] = {k.name: k for k in QuantityKind.objects.filter(is_active=True)}
        ctx.cache["villages"] = UnitLookup(ctx, level=Level.VILLAGE)

    def check_row(self, row: Row, ctx: ImportContext) -> None:
        v = row.values
        if row.has("start_date", "end_date") and v["end_date"] < v["start_date"]:
            row.error("结束日期", "结束日期不能早于开始日期，请核对")

    def write_chunk(self, rows: list[Row], ctx: ImportContext) -> list[int]:
        """bulk_create the activities, then their quantities and co-organisers (two more inserts)."""
        activities = []
        for row in rows:
            v = row.values
            unit = v.get("unit") or ctx.unit
            activities.append(
                Activity(
                    type=v["type"],
                    title=v["title"],
                    start_date=v["start_date"],
                    end_date=v.get("end_date") or v["start_date"],
                    place=v.get("place") or "",
                    unit=unit,
                    unit_path=unit.path,
                    participant_count=v.get("participants") or 0,
                    money_spent=v.get("money") or Decimal("0"),
                    summary=v.get("summary") or "",
                    created_by=ctx.user,
                )
            )
        created = Activity.objects.bulk_create(activities, batch_size=500)
        ActivityQuantity.objects.bulk_create(
            [
                ActivityQuantity(activity=a, kind=kind, amount=n)
                for a, row in zip(created, rows, strict=True)
                for kind, n in (row.values.get("quantities") or {}).items()
            ],
            batch_size=1000,
        )
        through = Activity.co_bodies.through
        through.objects.bulk_create(
            [
                through(activity_id=a.pk, outsidebody_id=b.pk)
                for a, row in zip(created, rows, strict=True)
                for b in row.values.get("bodies") or []
            ],
            batch_size=1000,
        )
        return [a.pk for a in created]


def _quantity_text(a: Activity, ctx) -> str:
    return "、".join(f"{q.kind.name}{q.amount}{q.kind.unit}" for q in a.quantities.all())


class ActivityExportSpec(ExportSpec):
    name = "activities"
    title = "活动台账"
    capability = "activities.view"
    columns = [
        ExportColumn("开始日期", lambda a, ctx: a.start_date, 12),
        ExportColumn("结束日期", lambda a, ctx: a.end_date, 12),
        ExportColumn("活动类型", lambda a, ctx: a.type.name, 10),
        ExportColumn("活动名称", lambda a, ctx: a.title, 24),
        ExportColumn("主办单位", lambda a, ctx: a.unit.name, 16),
        ExportColumn("地点", lambda a, ctx: a.place, 16),
        ExportColumn("参加人数", lambda a, ctx: a.participant_count, 10),
        ExportColumn("经费支出(元)", lambda a, ctx: a.money_spent, 12),
        ExportColumn("协办部门", lambda a, ctx: "、".join(b.name for b in a.co_bodies.all()), 18),
        ExportColumn("数量", _quantity_text, 26),
        ExportColumn("活动简介", lambda a, ctx: a.summary, 30),
    ]

    def rows(self, user, params):
        from .forms import ActivityFilterForm

        form = ActivityFilterForm(params or None, user=user)
        filters = selectors.ActivityFilters()
        if form.is_valid():
            filters = selectors.ActivityFilters(**{k: v for k, v in form.cleaned_data.items() if v})
        return (
            selectors.activity_list(user=user, filters=filters)
            .prefetch_related("quantities__kind", "co_bodies")
            .iterator(chunk_size=2000)
        )


register(ActivityImportSpec())
register(ActivityExportSpec())
