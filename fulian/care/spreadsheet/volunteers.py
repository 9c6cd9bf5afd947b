"""The volunteer import (志愿者): a registry person registered as a volunteer in her village."""

from __future__ import annotations

from typing import Any

from fulian.core.spreadsheets.parsers import choice_column, parse_date, parse_text
from fulian.core.spreadsheets.spec import (
    Column,
    ImportContext,
    ImportSpec,
    Row,
)
from fulian.people.person_columns import (
    ID_HEADER,
    NAME_HEADER,
    check_person_cells,
    flag_repeat,
    person_columns,
    resolve_people,
)

from ..models import Volunteer
from ..services import (
    check_volunteer,
    volunteer_register,
)

VOLUNTEER_COLUMNS = [
    *person_columns(),
    choice_column("kind", "类别", Volunteer.Kind.choices, width=12,
                  example=Volunteer.Kind.CARING_MOTHER.label, help="不填视为“爱心妈妈”"),
    Column("registered_on", "登记日期", required=True, parse=parse_date(), width=12, example="2026-03-01"),
    Column("phone", "联系电话", parse=parse_text(20), text=True, width=14, example="13912345678"),
    Column("note", "备注", parse=parse_text(200), width=30, example="擅长辅导作业"),
]  # fmt: skip


class VolunteerImportSpec(ImportSpec):
    name = "care_volunteers"
    title = "志愿者"
    capability = "care.change"
    model = Volunteer
    columns = VOLUNTEER_COLUMNS
    notes = [
        "5. 志愿者须已在人员库中登记：填身份证号，或同时填姓名和出生日期。",
        "6. 每人只登记一次；已登记的志愿者不要重复导入。关联登录账号请在系统中操作。",
    ]

    def prepare(self, ctx: ImportContext) -> None:
        ctx.cache["seen"] = {}

    def check_row(self, row: Row, ctx: ImportContext) -> None:
        check_person_cells(row)
        row.values["kind"] = row.values.get("kind") or Volunteer.Kind.CARING_MOTHER

    def check_chunk(self, rows: list[Row], ctx: ImportContext) -> None:
        resolve_people(rows, ctx, self.capability)
        rows = [r for r in rows if r.has("person")]
        registered = set(
            Volunteer.objects.filter(person_id__in={r.values["person"].pk for r in rows}).values_list(
                "person_id", flat=True
            )
        )
        for row in rows:
            person = row.values["person"]
            header = ID_HEADER if row.values.get("id_number") else NAME_HEADER
            for _, message in check_volunteer(person, registered=person.pk in registered).items():
                row.error(header, message)
            since = len(row.errors)
            flag_repeat(row, person.pk, recorded=set(), seen=ctx.cache["seen"], recorded_message="",
                        what="同一人")  # fmt: skip
            row.errors[since:] = [(header, m) for _, m in row.errors[since:]]

    def write_row(self, v: dict[str, Any], ctx: ImportContext) -> Any:
        return volunteer_register(
            user=ctx.user,
            person=v["person"],
            kind=v["kind"],
            phone=v.get("phone") or "",
            registered_on=v["registered_on"],
            note=v.get("note") or "",
        )
