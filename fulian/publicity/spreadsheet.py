"""Excel in and out for the publicity register, on the shared mechanism in fulian.core.spreadsheets.

Import: one row per piece; its unit is a town or village inside the import unit (blank: the import unit
itself); the outlets that took it are written in one cell (市妇联、县电视台), adopted on the day of the
采用日期 column (blank: the day it was written). Each row is written through the services.
Export: the rows of the list page (scoped, same filters), with the outlets that took each piece.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from fulian.core.spreadsheets.parsers import (
    UnitLookup,
    cell_text,
    choice_column,
    parse_date,
    parse_text,
)
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

from . import selectors, services
from .models import Kind, Outlet, Piece, split_authors

OUTLETS = {str(label): value for value, label in Outlet.choices}


def _unit(value: Any, ctx: ImportContext):
    text = cell_text(value).replace("／", "/")
    for lookup in ctx.cache["units"]:
        if text in lookup.by_label:
            return lookup.by_label[text]
    return ctx.cache["units"][-1].parse(value, ctx)  # the village lookup's message names the problem


def _authors(value: Any, ctx: ImportContext) -> str:
    names = split_authors(cell_text(value))
    if not names:
        raise CellError("请填写作者，多位作者用顿号分隔")
    text = "、".join(names)
    if len(text) > 100:
        raise CellError("作者不能超过100个字")
    return text


def _link(value: Any, ctx: ImportContext) -> str:
    text = cell_text(value)
    try:
        URLValidator()(text)
    except ValidationError as exc:
        raise CellError(f"「{text}」不是有效的网址，应以 http:// 或 https:// 开头") from exc
    if len(text) > 300:
        raise CellError("链接不能超过300个字符")
    return text


def _outlets(value: Any, ctx: ImportContext) -> list[str]:
    names = split_authors(cell_text(value))  # the same separators as the authors
    unknown = [n for n in names if n not in OUTLETS]
    if unknown:
        raise CellError(f"没有采用渠道「{'、'.join(unknown)}」；可填：{'、'.join(OUTLETS)}")
    return list(dict.fromkeys(OUTLETS[n] for n in names))


COLUMNS = [
    Column("title", "标题", required=True, parse=parse_text(150), example="竹峪镇开展三八维权宣传",
           width=30),
    choice_column("kind", "类别", Kind.choices, required=True, example="信息", width=8),
    Column("authors", "作者", required=True, parse=_authors, example="王丽、张敏", width=14),
    Column("written_on", "撰写日期", required=True, parse=parse_date(), example="2026-03-09", text=True),
    Column("unit", "单位", parse=_unit, width=16, help="乡镇或村(社区)；不填则为导入时所选的单位"),
    Column("link", "链接", parse=_link, width=24),
    Column("outlets", "采用渠道", parse=_outlets, example="市妇联、县电视台", width=20, strict_choices=False,
           choices=lambda ctx: list(OUTLETS), help="可填多个，用顿号分隔"),
    Column("adopted_on", "采用日期", parse=parse_date(), text=True, help="不填则为撰写日期"),
    Column("text", "正文", parse=parse_text(5000), width=30),
]  # fmt: skip


class PieceImportSpec(ImportSpec):
    name = "publicity_pieces"
    title = "宣传稿件"
    capability = "publicity.change"
    model = Piece
    columns = COLUMNS
    unit_levels = (Level.COUNTY, Level.TOWN, Level.VILLAGE)
    notes = ["5. 单位只能选择您管辖范围内的乡镇或村(社区)；采用渠道须是下拉列表中的渠道。"]

    def prepare(self, ctx: ImportContext) -> None:
        ctx.cache["units"] = [
            UnitLookup(ctx, level=Level.TOWN, kind="乡镇(街道)"),
            UnitLookup(ctx, level=Level.VILLAGE),
        ]

    def check_row(self, row: Row, ctx: ImportContext) -> None:
        v = row.values
        if row.has("written_on", "adopted_on") and v["adopted_on"] < v["written_on"]:
            row.error("采用日期", "采用日期不能早于撰写日期")
        if row.has("adopted_on") and not v.get("outlets"):
            row.error("采用渠道", "填写了采用日期，请同时填写采用渠道")
        if not (v.get("text") or v.get("link")):
            row.error("正文", "请填写正文或链接（至少一项）")

    def write_chunk(self, rows: list[Row], ctx: ImportContext) -> list[int]:
        ids = []
        for row in rows:
            v = row.values
            piece = services.piece_create(
                user=ctx.user,
                unit=v.get("unit") or ctx.unit,
                title=v["title"],
                kind=v["kind"],
                authors=v["authors"],
                written_on=v["written_on"],
                text=v.get("text") or "",
                link=v.get("link") or "",
            )
            day = v.get("adopted_on") or v["written_on"]
            for outlet in v.get("outlets") or []:
                services.adoption_record(
                    user=ctx.user, piece=piece, outlet=outlet, submitted_on=v["written_on"], adopted_on=day
                )
            ids.append(piece.pk)
        return ids


def _adopted(p: Piece, ctx) -> str:
    return "、".join(
        f"{a.get_outlet_display()}{a.adopted_on:%Y-%m-%d}" for a in p.adoptions.all() if a.adopted_on
    )


class PieceExportSpec(ExportSpec):
    name = "publicity_pieces"
    title = "宣传稿件"
    capability = "publicity.view"
    columns = [
        ExportColumn("撰写日期", lambda p, ctx: p.written_on, 12),
        ExportColumn("类别", lambda p, ctx: p.get_kind_display(), 8),
        ExportColumn("标题", lambda p, ctx: p.title, 30),
        ExportColumn("作者", lambda p, ctx: p.authors, 14),
        ExportColumn("单位", lambda p, ctx: p.unit.name, 16),
        ExportColumn("链接", lambda p, ctx: p.link, 24),
        ExportColumn("采用情况", _adopted, 30),
    ]

    def rows(self, user, params):
        from .forms import FilterForm

        form = FilterForm(params or None)
        filters = selectors.PieceFilters()
        if form.is_valid():
            filters = selectors.PieceFilters(**{k: v for k, v in form.cleaned_data.items() if v})
        return selectors.piece_list(user=user, filters=filters).prefetch_related("adoptions")


register(PieceImportSpec())
register(PieceExportSpec())
