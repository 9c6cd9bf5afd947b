"""Excel in and out for aid, on the shared mechanism in fulian.core.spreadsheets.

Import (救助申请): one row per proposed person, found in the registry by ID number (one IN query per
chunk on the keyed hash); the amount range, the categories and open duplicates are checked per chunk in
batched queries, then each good row goes through `application_submit` (the same checks and the repeat
warning as the form). Exports (申请, 发放记录): scoped selector rows; names and ID numbers in full only on
rows whose person lives where the user may unmask personal data (decided row by row).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from fulian.core.formatting import money
from fulian.core.masking import mask_name
from fulian.core.scoping import scope_for, visible
from fulian.core.spreadsheets.parsers import cell_text, parse_text
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

from . import selectors, services
from .models import Application, Programme


def _programme(value: Any, ctx: ImportContext) -> Programme:
    programmes = ctx.cache["programmes"]
    text = cell_text(value)
    if text not in programmes:
        raise CellError(
            f"没有可申请的救助项目「{text}」，请从下拉列表中选择"
            f"（可选：{'、'.join(programmes) or '无，请先设立救助项目'}）"
        )
    return programmes[text]


def _amount(value: Any, ctx: ImportContext) -> Decimal:
    text = cell_text(value)
    try:
        amount = Decimal(text.replace(",", "").replace("元", ""))
        if not amount.is_finite() or abs(amount) >= Decimal("1e10"):
            raise InvalidOperation
        return amount.quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise CellError(f"「{text}」不是有效金额，请填写数字，如 500") from exc


def _id_number(value: Any, ctx: ImportContext) -> str:
    from fulian.core import idcard

    if isinstance(value, float):
        raise CellError("身份证号被 Excel 存成了数字，末几位已丢失；请把该列设为文本后重新填写")
    return idcard.normalize(cell_text(value))


COLUMNS = [
    Column("programme", "救助项目", required=True, parse=_programme, width=22,
           choices=lambda ctx: list(ctx.cache["programmes"])),
    Column("name", "姓名", required=True, example="张丽", width=10, help="须与服务对象台账一致"),
    Column("id_number", "居民身份证号", required=True, parse=_id_number, text=True, width=22,
           help="按身份证号在服务对象台账中查找，须已登记"),
    Column("amount", "申请金额(元)", required=True, parse=_amount, example="500", width=12),
    Column("reason", "申请理由/家庭情况", parse=parse_text(2000), width=30),
]  # fmt: skip


class ApplicationImportSpec(ImportSpec):
    name = "aid-applications"
    title = "救助申请"
    capability = "aid.apply"
    model = Application
    columns = COLUMNS
    chunk_size = 500
    notes = ["5. 对象须已在服务对象台账登记且在您的管辖范围内；金额须在项目的每人标准之内。"]

    def prepare(self, ctx: ImportContext) -> None:
        ctx.cache["programmes"] = {
            str(p): p
            for p in visible(ctx.user, Programme, "aid.apply")
            .filter(is_open=True)
            .prefetch_related("eligible_categories")
        }

    def check_row(self, row: Row, ctx: ImportContext) -> None:
        if not row.has("programme", "amount"):
            return  # an unknown programme or a bad amount is already reported on its cell
        p, amount = row.values["programme"], row.values["amount"]
        if not p.min_amount <= amount <= p.max_amount:
            row.error("申请金额(元)", f"{money(amount)}元超出本项目每人{p.range_text}的范围，请改正金额")

    def unique_keys(self, row: Row):
        if row.has("programme", "id_number"):
            yield "居民身份证号", "项目和身份证号", (row.values["programme"].pk, row.values["id_number"])

    def check_chunk(self, rows: list[Row], ctx: ImportContext) -> None:
        """Three IN queries per chunk: persons by ID hash, their current categories, open applications.
        Every row with an ID number is looked up, whatever else is wrong with it."""
        from fulian.people.models import Person, PersonCategory
        from fulian.people.services import id_number_hash

        hashes = {r.number: id_number_hash(r.values["id_number"]) for r in rows if r.has("id_number")}
        scope = scope_for(ctx.user)
        persons = {
            p.id_number_hash: p
            for p in Person.objects.filter(
                id_number_hash__in=set(hashes.values()),
                village_path__startswith=ctx.unit.path,
                merged_into__isnull=True,
            )
            if scope.covers("aid.apply", p.village_path)
        }
        cats: dict[int, set[int]] = {}
        for pid, cid in PersonCategory.objects.filter(
            person__in=persons.values(), removed_on__isnull=True
        ).values_list("person_id", "category_id"):
            cats.setdefault(pid, set()).add(cid)
        open_pairs = set(
            Application.objects.filter(person__in=persons.values())
            .exclude(status__in=[Application.Status.REJECTED, Application.Status.WITHDRAWN])
            .values_list("programme_id", "person_id")
        )
        for row in rows:
            if row.number not in hashes:
                continue
            person = persons.get(hashes[row.number])
            if person is None:
                row.error(
                    "居民身份证号",
                    "服务对象台账中（您的管辖范围内）没有该身份证号，请核对，或先在服务对象台账中登记",
                )
                continue
            if row.has("name") and person.name != row.values["name"]:
                row.error("姓名", f"与台账中的姓名不一致（台账：{mask_name(person.name)}），请核对")
                continue
            p = row.values.get("programme")
            if p is not None:
                wanted = {c.pk for c in p.eligible_categories.all()}
                if wanted and not wanted & cats.get(person.pk, set()):
                    row.error("救助项目", f"{person.name}不属于本项目的救助类别，请选择其他项目")
                elif (p.pk, person.pk) in open_pairs:
                    row.error("救助项目", f"{person.name}在该项目中已有申请，不要重复导入")
            row.values["person"] = person

    def write_chunk(self, rows: list[Row], ctx: ImportContext) -> list[int]:
        return [
            services.application_submit(
                user=ctx.user,
                programme=row.values["programme"],
                person=row.values["person"],
                amount=row.values["amount"],
                reason=row.values.get("reason") or "",
            ).pk
            for row in rows
        ]

    def preview_row(self, row: Row) -> list[str]:
        cells = super().preview_row(row)
        cells[2] = row.values["person"].id_number_masked if row.values.get("person") else "已填写"
        return cells


def _name(person, ctx) -> str:
    return person.name if ctx.unmask else mask_name(person.name)


def _id(person, ctx) -> str:
    return person.id_number if ctx.unmask else person.id_number_masked


class _PersonRows(ExportSpec):
    """The name and ID number are the person's: in full only where her page would unmask them."""

    unmask_capability = "people.unmask"

    def row_path(self, obj) -> str:
        return obj.person.village_path


class ApplicationExportSpec(_PersonRows):
    name = "aid-applications"
    title = "救助申请"
    capability = "aid.view"
    columns = [
        ExportColumn("救助项目", lambda a, ctx: str(a.programme), 22),
        ExportColumn("姓名", lambda a, ctx: _name(a.person, ctx), 10),
        ExportColumn("居民身份证号", lambda a, ctx: _id(a.person, ctx), 22),
        ExportColumn("村(社区)", lambda a, ctx: a.village.name, 14),
        ExportColumn("申请金额(元)", lambda a, ctx: a.amount, 12),
        ExportColumn("状态", lambda a, ctx: a.get_status_display(), 10),
        ExportColumn("申请时间", lambda a, ctx: a.submitted_at.date(), 12),
        ExportColumn("重复救助提醒", lambda a, ctx: a.repeat_warning, 30),
    ]

    def rows(self, user, params):
        filters = selectors.ApplicationFilters(status=(params or {}).get("status", ""))
        return selectors.application_list(user=user, filters=filters).iterator(chunk_size=2000)


class DisbursementExportSpec(_PersonRows):
    name = "aid-disbursements"
    title = "救助发放记录"
    capability = "aid.view"
    columns = [
        ExportColumn("救助项目", lambda d, ctx: str(d.programme), 22),
        ExportColumn("姓名", lambda d, ctx: _name(d.person, ctx), 10),
        ExportColumn("居民身份证号", lambda d, ctx: _id(d.person, ctx), 22),
        ExportColumn("发放形式", lambda d, ctx: d.get_kind_display(), 8),
        ExportColumn("金额/折价(元)", lambda d, ctx: d.amount, 12),
        ExportColumn("发放日期", lambda d, ctx: d.paid_on, 12),
        ExportColumn("签收单", lambda d, ctx: "有" if d.receipt_scan else "无", 8),
        ExportColumn("状态", lambda d, ctx: d.get_status_display(), 8),
    ]

    def rows(self, user, params):
        return selectors.disbursement_list(user=user).iterator(chunk_size=2000)


register(ApplicationImportSpec())
register(ApplicationExportSpec())
register(DisbursementExportSpec())
