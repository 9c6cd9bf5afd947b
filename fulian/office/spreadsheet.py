"""Excel in and out for the documents register, on the shared mechanism in fulian.core.spreadsheets.

Import (`office_documents`): one row per document, sent (发文) or received (收文). A sent document keeps the
number it already has (万妇发〔2026〕24号): its prefix must be a numbering series of the import unit or a
unit below it, its year that of the 成文日期, and a number already in the register (or twice in the file)
is refused; the series' counter then continues after the highest number imported
(`services.document_register_numbered`). A received document needs its sender (来文单位) and is
registered to the import unit with the sender's number as written. Every problem of a row is named at
once, with its row and column.
Export: the rows of the list page (scoped, same search).
"""

from __future__ import annotations

import re
from typing import Any

from fulian.core.scoping import visible
from fulian.core.spreadsheets.parsers import cell_text, choice_column, parse_date, parse_text
from fulian.core.spreadsheets.spec import (
    Column,
    ExportColumn,
    ExportSpec,
    ImportContext,
    ImportSpec,
    Row,
    register,
)

from . import selectors, services
from .models import Direction, Document, DocumentSeries

NUMBER = re.compile(r"^(?P<prefix>[^〔〕\d]+?)〔(?P<year>\d{4})〕第?(?P<seq>\d{1,5})号$")
BRACKETS = str.maketrans(
    {**dict.fromkeys("[［(（【﹝", "〔"), **dict.fromkeys("]］)）】﹞", "〕"), " ": "", "\u3000": ""}
)


EXAMPLE = "万妇发〔2026〕24号"


def parse_number(text: str) -> tuple[str, int, int] | None:
    """(prefix, year, number) of a document number such as 万妇发〔2026〕24号 (any bracket), or None."""
    m = NUMBER.match(cell_text(text).translate(BRACKETS))
    return (m["prefix"], int(m["year"]), int(m["seq"])) if m else None


COLUMNS = [
    choice_column("direction", "收发", Direction.choices, required=True, example="发文", width=6),
    Column("number", "文号", parse=parse_text(60), example="万妇发〔2026〕24号", width=20,
           help="发文必填，写成 前缀〔年度〕序号号；收文填来文的文号（可不填）"),
    Column("title", "标题", required=True, parse=parse_text(200), example="关于开展“三八”节系列活动的通知",
           width=36),
    Column("dated_on", "成文日期", required=True, parse=parse_date(), example="2026-03-01", text=True),
    Column("source", "来文单位", parse=parse_text(100), width=16, help="收文必填"),
    Column("recipients", "主送/抄送", parse=parse_text(300), example="各乡镇（街道）妇联", width=24),
    Column("note", "备注", parse=parse_text(1000), width=20),
]  # fmt: skip


class DocumentImportSpec(ImportSpec):
    name = "office_documents"
    title = "收发文登记"
    capability = "office.change"
    model = Document
    columns = COLUMNS
    notes = [
        "5. 发文的文号保留原号，前缀须是导入单位（或其下级单位）已设的发文字号，年度须与成文日期的年度一致；"
        "登记簿中已有的文号、文件中重复的文号不予导入。导入后新登记的发文从已用最大号之后接续编号。",
        "6. 收文登记到导入时所选的单位，须填写来文单位。",
    ]

    def prepare(self, ctx: ImportContext) -> None:
        series = visible(ctx.user, DocumentSeries, self.capability)
        series = series.filter(unit_path__startswith=ctx.unit.path)
        ctx.cache["series"] = {s.prefix: s for s in series}

    def check_row(self, row: Row, ctx: ImportContext) -> None:
        v = row.values
        if v.get("direction") == Direction.RECEIVED:
            if not v.get("source") and row.has("direction"):
                row.error("来文单位", "收文请填写来文单位")
            return
        if v.get("direction") != Direction.SENT:
            return
        if not v.get("number"):
            row.error("文号", f"发文请填写文号，如 {EXAMPLE}")  # (a refused cell keeps its own message)
            return
        parsed = parse_number(v["number"])
        if parsed is None:
            row.error("文号", f"「{v['number']}」不是有效的文号，请写成 前缀〔年度〕序号号，如 {EXAMPLE}")
            return
        prefix, year, seq = parsed
        series = ctx.cache["series"].get(prefix)
        if series is None:
            row.error("文号", f"没有发文字号「{prefix}」：请先在“发文字号”中为本单位或下级单位添加")
        if seq < 1:
            row.error("文号", "文号的序号应从1开始")
        if row.has("dated_on") and v["dated_on"].year != year:
            row.error("成文日期", f"文号的年度{year}与成文日期的年度{v['dated_on'].year}不一致")
        if series is not None and seq >= 1:
            v["numbered"] = (series, year, seq)

    def unique_keys(self, row: Row):
        numbered = row.values.get("numbered")
        if numbered:
            series, year, seq = numbered
            yield ("文号", "文号", (series.pk, year, seq))

    def check_chunk(self, rows: list[Row], ctx: ImportContext) -> None:
        keyed = [r for r in rows if r.values.get("numbered")]
        if not keyed:
            return
        taken = set(
            Document.objects.filter(
                series__in={r.values["numbered"][0].pk for r in keyed},
                seq__in={r.values["numbered"][2] for r in keyed},
            ).values_list("series_id", "year", "seq")
        )
        for row in keyed:
            series, year, seq = row.values["numbered"]
            if (series.pk, year, seq) in taken:
                row.error("文号", f"文号「{series.number_text(year, seq)}」已在登记簿中，不能重复登记")

    def write_row(self, values: dict[str, Any], ctx: ImportContext) -> Document:
        common = {"user": ctx.user, "title": values["title"], "dated_on": values["dated_on"],
                  "note": values.get("note") or ""}  # fmt: skip
        if values["direction"] == Direction.RECEIVED:
            return services.document_receive(
                unit=ctx.unit, source=values["source"], number=values.get("number") or "", **common
            )
        series, _year, seq = values["numbered"]
        return services.document_register_numbered(
            series=series, seq=seq, recipients=values.get("recipients") or "", **common
        )


class DocumentExportSpec(ExportSpec):
    name = "office_documents"
    title = "收发文登记"
    capability = "office.view"
    columns = [
        ExportColumn("收发", lambda d, ctx: d.get_direction_display(), 6),
        ExportColumn("文号", lambda d, ctx: d.number, 20),
        ExportColumn("标题", lambda d, ctx: d.title, 40),
        ExportColumn("成文日期", lambda d, ctx: d.dated_on, 12),
        ExportColumn("单位", lambda d, ctx: d.unit.name, 16),
        ExportColumn("来文单位", lambda d, ctx: d.source, 16),
        ExportColumn("主送/抄送", lambda d, ctx: d.recipients, 24),
    ]

    def rows(self, user, params):
        from .forms import DocumentFilterForm

        form = DocumentFilterForm(params or None)
        filters = selectors.DocumentFilters()
        if form.is_valid():
            filters = selectors.DocumentFilters(**{k: v for k, v in form.cleaned_data.items() if v})
        return selectors.document_list(user=user, filters=filters)


register(DocumentImportSpec())
register(DocumentExportSpec())
