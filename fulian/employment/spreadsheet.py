"""Excel in and out for the employment ledger on the shared mechanism (fulian.core.spreadsheets).

Import: the trainees of a training (a registry woman by ID number or name + birth date, completed,
certified), each row under the same checks as `services.trainee_add` (scope, already on the list, no
certificate without completion); women entrepreneurs (the same person columns, kind, business, start
date), each row under the checks of `services.entrepreneur_register` (scope, registered once, start date
not in the future); small loans (an entrepreneur found by the same person columns, amount, bank, date,
term, repaid), each row under the checks of `services.loan_record` and `services.loan_mark_repaid`, and
not recorded twice (the service allows it; a re-uploaded sheet would double every loan). Export: trainees
and women entrepreneurs.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from fulian.core.scoping import scope_for, visible
from fulian.core.spreadsheets.parsers import (
    cell_text,
    choice_column,
    parse_date,
    parse_int,
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
from fulian.people.person_columns import (
    NAME_HEADER,
    PersonRowsSpec,
    check_person_cells,
    flag_repeat,
    person_columns,
    resolve_people,
)

from .models import Entrepreneur, Loan, Trainee, Training
from .services import entrepreneur_register, loan_mark_repaid, loan_record, trainee_add

YES_NO = {"是": True, "否": False}


def _yes_no(value: Any, ctx: ImportContext) -> bool:
    text = cell_text(value)
    if text not in YES_NO:
        raise CellError(f"「{text}」应填“是”或“否”")
    return YES_NO[text]


def _training(value: Any, ctx: ImportContext) -> Training:
    label = cell_text(value)
    training = ctx.cache["trainings"].get(label)
    if training is None:
        raise CellError(f"没有可填报的培训「{label}」（同名培训请写成「名称（开始日期）」）")
    return training


def training_labels(trainings) -> dict[str, Training]:
    """Trainings by title; a title used more than once is told apart by its start date."""
    trainings = list(trainings)
    titles = [t.title for t in trainings]
    return {
        t.title if titles.count(t.title) == 1 else f"{t.title}（{t.started_on:%Y-%m-%d}）": t
        for t in trainings
    }


TRAINEE_COLUMNS = [
    Column("training", "培训", required=True, parse=_training, width=28,
           choices=lambda ctx: list(ctx.cache["trainings"]), example="家政服务技能培训"),
    *person_columns(),
    Column("completed", "结业", parse=_yes_no, choices=lambda ctx: list(YES_NO), example="是", width=6,
           help="不填视为“是”"),
    Column("certified", "取得证书", parse=_yes_no, choices=lambda ctx: list(YES_NO), example="否", width=8,
           help="不填视为“否”"),
]  # fmt: skip


class TraineeImportSpec(PersonRowsSpec):
    name = "employment_trainees"
    title = "培训学员"
    capability = "employment.change"
    model = Trainee
    columns = TRAINEE_COLUMNS
    notes = ["5. 学员须已在人员库中登记：填身份证号，或同时填姓名和出生日期。"]
    needs = ("training",)
    repeat_what = "同一培训、同一人"

    def prepare(self, ctx: ImportContext) -> None:
        super().prepare(ctx)
        trainings = visible(ctx.user, Training, "employment.view").order_by("-started_on", "id")
        ctx.cache["trainings"] = training_labels(trainings)

    def check_row(self, row: Row, ctx: ImportContext) -> None:
        super().check_row(row, ctx)
        v = row.values
        v["completed"] = True if v.get("completed") is None else v["completed"]
        v["certified"] = bool(v.get("certified"))
        if v["certified"] and not v["completed"]:
            row.error("取得证书", "未结业的学员不能登记取得证书")

    def repeat_key(self, values: dict[str, Any]) -> tuple[int, int]:
        return (values["training"].pk, values["person"].pk)

    def recorded(self, rows: list[Row]) -> set:
        return set(
            Trainee.objects.filter(
                training_id__in={r.values["training"].pk for r in rows},
                person_id__in={r.values["person"].pk for r in rows},
            ).values_list("training_id", "person_id")
        )

    def recorded_message(self, values: dict[str, Any]) -> str:
        return f"{values['person'].name}：已在本次培训名单中"

    def write_row(self, v: dict[str, Any], ctx: ImportContext) -> Any:
        return trainee_add(
            user=ctx.user,
            training=v["training"],
            person=v["person"],
            completed=v["completed"],
            certified=v["certified"],
        )


# Headers as in EntrepreneurExportSpec where the export has the field.
ENTREPRENEUR_COLUMNS = [
    *person_columns(),
    choice_column("kind", "类别", Entrepreneur.Kind.choices, required=True,
                  example=Entrepreneur.Kind.GRADUATE.label, width=16),
    Column("business_name", "经营实体", required=True, parse=parse_text(100), width=24,
           example="青龙镇巧手编织工作室"),
    Column("business_type", "行业", parse=parse_text(50), width=12, example="手工编织"),
    Column("started_on", "创业时间", required=True, parse=parse_date(), width=12, example="2021-03-01"),
    Column("employees", "带动就业", parse=parse_int(0, 100_000), width=8, example=3, help="不填视为 0"),
    Column("note", "说明", parse=parse_text(500), width=30),
]  # fmt: skip


class EntrepreneurImportSpec(PersonRowsSpec):
    name = "employment_entrepreneurs"
    title = "创业女性"
    capability = "employment.change"
    model = Entrepreneur
    columns = ENTREPRENEUR_COLUMNS
    notes = [
        "5. 创业女性须已在人员库中登记：填身份证号，或同时填姓名和出生日期。",
        "6. 每人只登记一次；已登记的创业女性请在系统中修改，不要重复导入。",
    ]

    def check_row(self, row: Row, ctx: ImportContext) -> None:
        super().check_row(row, ctx)
        row.values["employees"] = row.values.get("employees") or 0

    def repeat_key(self, values: dict[str, Any]) -> int:
        return values["person"].pk

    def recorded(self, rows: list[Row]) -> set:
        people = {r.values["person"].pk for r in rows}
        return set(Entrepreneur.objects.filter(person_id__in=people).values_list("person_id", flat=True))

    def recorded_message(self, values: dict[str, Any]) -> str:
        return f"{values['person'].name}：已登记为创业女性"

    def write_row(self, v: dict[str, Any], ctx: ImportContext) -> Any:
        return entrepreneur_register(
            user=ctx.user,
            person=v["person"],
            kind=v["kind"],
            business_name=v["business_name"],
            business_type=v["business_type"] or "",
            started_on=v["started_on"],
            employees=v["employees"],
            note=v["note"] or "",
        )


LOAN_LIMIT = Decimal("9999999999.99")  # Loan.amount: 12 digits, 2 of them decimals


def _amount(value: Any, ctx: ImportContext) -> Decimal:
    text = cell_text(value).replace(",", "").replace("，", "").removesuffix("元").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise CellError(f"「{text}」不是有效金额") from exc
    if not amount.is_finite():
        raise CellError(f"「{text}」不是有效金额")
    if amount <= 0:
        raise CellError("贷款金额必须大于 0")
    if amount > LOAN_LIMIT:  # before quantize, which cannot represent 1e400 to the cent
        raise CellError("金额过大，请核对")
    if amount != amount.quantize(Decimal("0.01")):
        raise CellError("金额最多保留两位小数（分）")
    return amount.quantize(Decimal("0.01"))


LOAN_COLUMNS = [
    *person_columns(),
    Column("amount", "贷款金额（元）", required=True, parse=_amount, width=14, example=50000),
    Column("bank", "放款银行", required=True, parse=parse_text(100), width=20, example="万源农商银行"),
    Column("granted_on", "放款日期", required=True, parse=parse_date(), width=12, example="2023-05-10"),
    Column("term_months", "期限（月）", parse=parse_int(1, 360), width=10, example=24, help="不填视为 24"),
    Column("repaid", "已还清", parse=_yes_no, choices=lambda ctx: list(YES_NO), example="否", width=8,
           help="不填视为“否”"),
    Column("repaid_on", "还清日期", parse=parse_date(), width=12, help="已还清的填写"),
]  # fmt: skip


class LoanImportSpec(ImportSpec):
    name = "employment_loans"
    title = "创业贷款"
    capability = "employment.change"
    model = Loan
    columns = LOAN_COLUMNS
    notes = [
        "5. 贷款人须已登记为创业女性：填身份证号，或同时填姓名和出生日期。",
        "6. 同一人、同一放款日期、同一金额的贷款只登记一次，重复上传的表格会被拒绝。",
    ]

    def prepare(self, ctx: ImportContext) -> None:
        ctx.cache["seen"] = {}

    def check_row(self, row: Row, ctx: ImportContext) -> None:
        check_person_cells(row)
        v = row.values
        v["term_months"] = v.get("term_months") or 24
        v["repaid"] = bool(v.get("repaid"))
        if v["repaid"] and not v.get("repaid_on"):
            row.error("还清日期", "已还清的贷款请填写还清日期")
        elif v.get("repaid_on") and not v["repaid"]:
            row.error("还清日期", "填写还清日期时请在“已还清”填“是”")
        elif row.has("repaid_on", "granted_on") and v["repaid_on"] < v["granted_on"]:
            row.error("还清日期", "还清日期不能早于放款日期")

    def check_chunk(self, rows: list[Row], ctx: ImportContext) -> None:
        resolve_people(rows, ctx, self.capability)
        rows = [r for r in rows if r.has("person")]
        by_person = {
            e.person_id: e
            for e in Entrepreneur.objects.filter(person_id__in={r.values["person"].pk for r in rows})
        }
        recorded = set(
            Loan.objects.filter(
                entrepreneur_id__in={e.pk for e in by_person.values()},
                granted_on__in={r.values["granted_on"] for r in rows if r.has("granted_on")},
            ).values_list("entrepreneur_id", "granted_on", "amount")
        )
        scope = scope_for(ctx.user)
        for row in rows:
            v = row.values
            person, entrepreneur = v["person"], by_person.get(v["person"].pk)
            if entrepreneur is None:
                row.error(NAME_HEADER, f"{person.name}：尚未登记为创业女性，请先登记")
                continue
            # loan_record checks the entrepreneur's own village (copied when she registered).
            path = entrepreneur.village_path
            if not (scope.covers(self.capability, path) and path.startswith(ctx.unit.path)):
                row.error(NAME_HEADER, f"{person.name}：登记的创业地不在您的管辖范围内")
                continue
            v["entrepreneur"] = entrepreneur
            if not row.has("granted_on", "amount"):
                continue
            flag_repeat(
                row,
                (entrepreneur.pk, v["granted_on"], v["amount"]),
                recorded=recorded,
                seen=ctx.cache["seen"],
                recorded_message=(
                    f"{person.name}：{v['granted_on']:%Y-%m-%d} 放款的 {v['amount']} 元贷款已登记"
                ),
                what="同一人、同一放款日期、同一金额",
            )

    def write_row(self, v: dict[str, Any], ctx: ImportContext) -> Any:
        loan = loan_record(
            user=ctx.user,
            entrepreneur=v["entrepreneur"],
            amount=v["amount"],
            bank=v["bank"],
            granted_on=v["granted_on"],
            term_months=v["term_months"],
        )
        if v["repaid"]:
            loan_mark_repaid(user=ctx.user, loan=loan, repaid_on=v["repaid_on"])
        return loan


class TraineeExportSpec(ExportSpec):
    name = "employment_trainees"
    title = "培训学员"
    capability = "employment.view"
    columns = [
        ExportColumn("培训", lambda t, ctx: t.training.title, 20),
        ExportColumn("开始日期", lambda t, ctx: t.training.started_on, 12),
        ExportColumn("学员", lambda t, ctx: t.person.name, 10),
        ExportColumn("村(社区)", lambda t, ctx: t.village.name, 14),
        ExportColumn("结业", lambda t, ctx: "是" if t.completed else "否", 6),
        ExportColumn("取得证书", lambda t, ctx: "是" if t.certified else "否", 8),
    ]

    def rows(self, user, params):
        qs = visible(user, Trainee, "employment.view").select_related("training", "person", "village")
        return qs.order_by("training__started_on", "id").iterator(chunk_size=2000)


class EntrepreneurExportSpec(ExportSpec):
    name = "employment_entrepreneurs"
    title = "创业女性与贷款"
    capability = "employment.view"
    columns = [
        ExportColumn("姓名", lambda e, ctx: e.person.name, 10),
        ExportColumn("类别", lambda e, ctx: e.get_kind_display(), 14),
        ExportColumn("村(社区)", lambda e, ctx: e.village.name, 14),
        ExportColumn("经营实体", lambda e, ctx: e.business_name, 20),
        ExportColumn("行业", lambda e, ctx: e.business_type, 10),
        ExportColumn("创业时间", lambda e, ctx: e.started_on, 12),
        ExportColumn("带动就业", lambda e, ctx: e.employees, 8),
        ExportColumn("贷款笔数", lambda e, ctx: e.n_loans, 8),
        ExportColumn("贷款金额（元）", lambda e, ctx: e.loan_total or 0, 14),
    ]

    def rows(self, user, params):
        from .selectors import entrepreneur_list_visible_to

        return entrepreneur_list_visible_to(user=user).iterator(chunk_size=2000)


class LoanExportSpec(ExportSpec):
    """The loans, one per row, with the import's headers where a column is the same field."""

    name = "employment_loans"
    title = "创业贷款"
    capability = "employment.view"
    columns = [
        ExportColumn("姓名", lambda loan, ctx: loan.entrepreneur.person.name, 10),
        ExportColumn("村(社区)", lambda loan, ctx: loan.village.name, 14),
        ExportColumn("经营实体", lambda loan, ctx: loan.entrepreneur.business_name, 20),
        ExportColumn("贷款金额（元）", lambda loan, ctx: loan.amount, 14),
        ExportColumn("放款银行", lambda loan, ctx: loan.bank, 16),
        ExportColumn("放款日期", lambda loan, ctx: loan.granted_on, 12),
        ExportColumn("期限（月）", lambda loan, ctx: loan.term_months, 8),
        ExportColumn("已还清", lambda loan, ctx: "是" if loan.repaid else "否", 8),
        ExportColumn("还清日期", lambda loan, ctx: loan.repaid_on, 12),
    ]

    def rows(self, user, params):
        from .selectors import loan_list_visible_to

        return loan_list_visible_to(user=user).iterator(chunk_size=2000)


register(TraineeImportSpec())
register(EntrepreneurImportSpec())
register(LoanImportSpec())
register(TraineeExportSpec())
register(EntrepreneurExportSpec())
register(LoanExportSpec())
