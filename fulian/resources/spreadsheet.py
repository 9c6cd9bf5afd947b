"""Excel in and out for resources, on the shared mechanism in fulian.core.spreadsheets.

Import (捐赠收入): one row per donation into a fund of the import's unit, each through
`donation_receive` (so each gets its receipt number). Exports: donations, uses, and services handled
(names in full only on rows whose person lives where the user may unmask personal data; a protected
party of domestic violence is not in the export at all)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from fulian.core.masking import mask_name
from fulian.core.scoping import visible
from fulian.core.spreadsheets.parsers import cell_text, choice_column, parse_date, parse_text
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
from .models import Donation, Fund, Kind


def _fund(value: Any, ctx: ImportContext) -> Fund:
    funds = ctx.cache["funds"]
    text = cell_text(value)
    if text not in funds:
        raise CellError(
            f"没有账户「{text}」，请从下拉列表中选择（可选：{'、'.join(funds) or '无，请先设立账户'}）"
        )
    return funds[text]


def _money(value: Any, ctx: ImportContext) -> Decimal:
    text = cell_text(value).replace(",", "").replace("元", "")
    try:
        amount = Decimal(text)
        if not amount.is_finite() or abs(amount) >= Decimal("1e10"):
            raise InvalidOperation
    except InvalidOperation as exc:
        raise CellError(f"「{text}」不是有效金额，请填写数字，如 1000") from exc
    if amount <= 0:
        raise CellError("金额必须大于0")
    return amount.quantize(Decimal("0.01"))


COLUMNS = [
    Column("fund", "账户", required=True, parse=_fund, width=20,
           choices=lambda ctx: list(ctx.cache["funds"])),
    choice_column("donor_kind", "捐赠方类别", Donation.Donor.choices, required=True, width=10,
                  example="企业"),
    Column("donor", "捐赠方", required=True, parse=parse_text(100), width=20, example="万源市某某公司"),
    choice_column("kind", "类别", Kind.choices, required=True, width=8, example="资金"),
    Column("amount", "金额/折价(元)", required=True, parse=_money, width=12, example="1000"),
    Column("received_on", "接收日期", required=True, parse=parse_date(), width=12, example="2027-03-08"),
    Column("purpose", "捐赠用途", parse=parse_text(200), width=24),
]  # fmt: skip


class DonationImportSpec(ImportSpec):
    name = "resources-donations"
    title = "捐赠收入"
    capability = "resources.funds"
    model = Donation
    columns = COLUMNS
    chunk_size = 500
    notes = ["5. 账户须已设立且属于导入单位；每行生成一个收据编号。"]

    def prepare(self, ctx: ImportContext) -> None:
        ctx.cache["funds"] = {
            f.name: f
            for f in visible(ctx.user, Fund, "resources.funds").filter(unit_path__startswith=ctx.unit.path)
        }

    def write_chunk(self, rows: list[Row], ctx: ImportContext) -> list[int]:
        return [
            services.donation_receive(
                user=ctx.user,
                fund=row.values["fund"],
                donor_kind=row.values["donor_kind"],
                donor=row.values["donor"],
                kind=row.values["kind"],
                amount=row.values["amount"],
                received_on=row.values["received_on"],
                purpose=row.values.get("purpose") or "",
            ).pk
            for row in rows
        ]


class DonationExportSpec(ExportSpec):
    name = "resources-donations"
    title = "捐赠收入"
    capability = "resources.view"
    columns = [
        ExportColumn("收据编号", lambda d, ctx: d.receipt_number, 12),
        ExportColumn("账户", lambda d, ctx: d.fund.name, 20),
        ExportColumn("捐赠方类别", lambda d, ctx: d.get_donor_kind_display(), 10),
        ExportColumn("捐赠方", lambda d, ctx: d.donor, 20),
        ExportColumn("类别", lambda d, ctx: d.get_kind_display(), 8),
        ExportColumn("物资明细", lambda d, ctx: "；".join(str(i) for i in d.items.all()), 24),
        ExportColumn("金额/折价(元)", lambda d, ctx: d.amount, 12),
        ExportColumn("接收日期", lambda d, ctx: d.received_on, 12),
        ExportColumn("捐赠用途", lambda d, ctx: d.purpose, 24),
        ExportColumn("状态", lambda d, ctx: d.get_status_display(), 8),
    ]

    def rows(self, user, params):
        return selectors.donation_list(user=user)


class UseExportSpec(ExportSpec):
    name = "resources-uses"
    title = "捐赠使用"
    capability = "resources.view"
    columns = [
        ExportColumn("账户", lambda u, ctx: u.fund.name, 20),
        ExportColumn("使用日期", lambda u, ctx: u.used_on, 12),
        ExportColumn("去向", lambda u, ctx: u.get_target_display(), 10),
        ExportColumn("接收方/用途", lambda u, ctx: u.recipient, 24),
        ExportColumn("类别", lambda u, ctx: u.get_kind_display(), 8),
        ExportColumn("金额/折价(元)", lambda u, ctx: u.amount, 12),
        ExportColumn("状态", lambda u, ctx: u.get_status_display(), 8),
    ]

    def rows(self, user, params):
        return selectors.use_list(user=user).iterator(chunk_size=2000)


class ServiceExportSpec(ExportSpec):
    name = "resources-services"
    title = "代办服务"
    capability = "resources.view"
    unmask_capability = "people.unmask"
    columns = [
        ExportColumn("办理日期", lambda s, ctx: s.handled_on, 12),
        ExportColumn("姓名", lambda s, ctx: s.person.name if ctx.unmask else mask_name(s.person.name), 10),
        ExportColumn("村(社区)", lambda s, ctx: s.village.name, 14),
        ExportColumn("服务类别", lambda s, ctx: s.kind.name, 14),
        ExportColumn("办理结果", lambda s, ctx: s.get_outcome_display(), 10),
        ExportColumn("说明", lambda s, ctx: s.note, 24),
    ]

    def row_path(self, obj) -> str:
        return obj.village_path

    def rows(self, user, params):
        return selectors.service_list(user=user).iterator(chunk_size=2000)


register(DonationImportSpec())
register(DonationExportSpec())
register(UseExportSpec())
register(ServiceExportSpec())
