"""A small spec over 片区 (Zone) that exercises the whole mechanism without depending on any ledger."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from fulian.core.spreadsheets.parsers import UnitLookup, parse_date, parse_text
from fulian.core.spreadsheets.spec import Column, ExportColumn, ExportSpec, ImportSpec, register, unregister
from fulian.orgs.models import Level, Zone

HEADERS = ["乡镇", "片区名称", "成立日期", "备注"]


def _town(value, ctx):
    return ctx.cache["towns"].parse(value, ctx)


class ZoneImportSpec(ImportSpec):
    name = "zones-test"
    title = "片区"
    capability = "orgs.zone_change"
    model = Zone
    chunk_size = 3  # small, so tests cross chunk boundaries
    columns = [
        Column(
            "town",
            "乡镇",
            required=True,
            parse=_town,
            choices=lambda ctx: ctx.cache["towns"].labels,
            example="竹峪镇",
        ),
        Column("name", "片区名称", required=True, parse=parse_text(50), example="示例片区"),
        Column("founded", "成立日期", parse=parse_date(), example=date(2020, 1, 1)),
        Column("note", "备注", parse=parse_text(200), text=True),
    ]

    def prepare(self, ctx):
        ctx.cache["towns"] = UnitLookup(ctx, level=Level.TOWN, kind="乡镇")

    def unique_keys(self, row):
        if row.values.get("town") and row.values.get("name"):
            yield "片区名称", "乡镇和片区名称", (row.values["town"].pk, row.values["name"])

    def check_chunk(self, rows, ctx):
        names = {r.values["name"] for r in rows}
        existing = set(Zone.objects.filter(name__in=names).values_list("town_id", "name"))
        for row in rows:
            if row.has("town", "name") and (row.values["town"].pk, row.values["name"]) in existing:
                row.error("片区名称", "系统中已有同名片区")

    def write_chunk(self, rows, ctx):
        created = Zone.objects.bulk_create(
            Zone(town=r.values["town"], name=r.values["name"], note=r.values["note"] or "") for r in rows
        )
        return [z.pk for z in created]


class ZoneExportSpec(ExportSpec):
    name = "zones-test"
    title = "片区"
    capability = "orgs.view"
    unmask_capability = "orgs.zone_change"
    columns = [
        ExportColumn("乡镇", lambda z, ctx: z.town.name),
        ExportColumn("片区名称", lambda z, ctx: z.name),
        ExportColumn("备注", lambda z, ctx: z.note if ctx.unmask else "***"),
    ]

    def rows(self, user, params):
        from fulian.core.scoping import visible

        return visible(user, Zone.objects.select_related("town"), self.capability).order_by("id")


@pytest.fixture
def zone_specs():
    specs = [register(ZoneImportSpec()), register(ZoneExportSpec())]
    yield specs
    for spec in specs:
        unregister(spec)


def xlsx(rows, headers=HEADERS, name="片区.xlsx") -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    if headers:
        ws.append(headers)
    for row in rows:
        ws.append(row)
    out = BytesIO()
    wb.save(out)
    return SimpleUploadedFile(name, out.getvalue())
