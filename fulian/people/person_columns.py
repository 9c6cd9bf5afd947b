"""Finding a registry person named in a ledger sheet (ID number, or name + birth date), shared by the
ledger import specs (screenings, trainees …) so that none keeps its own copy. The registry's part of the
Excel mechanism in `fulian.core.spreadsheets`, kept with the registry.

The three columns go in a spec's `columns`; `resolve_people(rows, ctx, capability)` runs in the spec's
`check_chunk` and puts the Person into `row.values["person"]` with two queries per chunk (one by ID hash,
one by name and birth date inside the user's scope), or reports a Chinese error on the row."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from fulian.core import idcard
from fulian.core.scoping import scope_for
from fulian.core.spreadsheets.parsers import cell_text, parse_date, parse_text
from fulian.core.spreadsheets.spec import CellError, Column, ImportContext, ImportSpec, Row

from .models import Person, id_number_hash

ID_HEADER, NAME_HEADER, BIRTH_HEADER = "身份证号", "姓名", "出生日期"


def id_text(value: Any, ctx: ImportContext) -> str:
    if isinstance(value, float) and value > 1e15:
        raise CellError("身份证号被 Excel 存成了数字，末几位已丢失；请把该列设为文本后重新填写")
    return idcard.normalize(cell_text(value))


def person_columns() -> list[Column]:
    return [
        Column("id_number", ID_HEADER, parse=id_text, text=True, width=20, example="", mask=mask_id,
               help="填身份证号，或不填而填姓名和出生日期"),
        Column("name", NAME_HEADER, parse=parse_text(50), width=10, example="王桂芳"),
        Column("birth_date", BIRTH_HEADER, parse=parse_date(), width=12, example="1978-05-12"),
    ]  # fmt: skip


def mask_id(number: str) -> str:
    """For a preview row: the ID number masked (the preview page shows rows to whoever opens the job)."""
    return idcard.mask(number) or ("*" * len(number))


def check_person_cells(row: Row) -> None:
    """In `check_row`: an ID number, or both name and birth date."""
    v = row.values
    if not v.get("id_number") and not (v.get("name") and v.get("birth_date")):
        row.error(ID_HEADER, "请填写身份证号，或同时填写姓名和出生日期")


def resolve_people(rows: list[Row], ctx: ImportContext, capability: str) -> None:
    """In `check_chunk`: set row.values["person"], or an error naming the column. A person outside the
    user's scope (or outside the import's unit) is refused without telling who she is."""
    scope = scope_for(ctx.user)
    hashes = {r.number: id_number_hash(r.values["id_number"]) for r in rows if r.values.get("id_number")}
    by_hash = {
        p.id_number_hash: p
        for p in Person.objects.filter(id_number_hash__in=set(hashes.values()), merged_into__isnull=True)
    }
    named = [r for r in rows if r.number not in hashes and r.has("name", "birth_date")]
    by_name: dict[tuple, list] = {}
    if named:
        people = Person.objects.filter(
            scope.q(capability, "village_path"),
            village_path__startswith=ctx.unit.path,
            merged_into__isnull=True,
            name__in={r.values["name"] for r in named},
            birth_date__in={r.values["birth_date"] for r in named},
        )
        for p in people:
            by_name.setdefault((p.name, p.birth_date), []).append(p)

    def usable(person) -> bool:
        return scope.covers(capability, person.village_path) and person.village_path.startswith(ctx.unit.path)

    for row in rows:
        v = row.values
        if row.number in hashes:
            person = by_hash.get(hashes[row.number])
            if person is None:
                row.error(ID_HEADER, "该身份证号未在人员库中登记")
            elif not usable(person):
                row.error(ID_HEADER, "该人员不在您的管辖范围内")
            elif v.get("name") and v["name"] != person.name:
                row.error(NAME_HEADER, f"姓名「{v['name']}」与身份证号登记的姓名不符")
            else:
                v["person"] = person
            continue
        if not row.has("name", "birth_date"):
            continue  # neither an ID number nor a name and birth date: check_person_cells said so
        found = by_name.get((v["name"], v["birth_date"]), [])
        if not found:
            row.error(
                NAME_HEADER, f"在您的管辖范围内找不到{v['name']}（出生日期 {v['birth_date']:%Y-%m-%d}）"
            )
        elif len(found) > 1:
            row.error(NAME_HEADER, f"有 {len(found)} 名同名且出生日期相同的{v['name']}，请填写身份证号")
        else:
            v["person"] = found[0]


def flag_repeat(row: Row, key, *, recorded: set, seen: dict, recorded_message: str, what: str) -> None:
    """One person once per event: refuse a row already recorded in the database, or repeating an earlier
    row of the same sheet (`seen` maps keys to the first row number). Only a row without mistakes counts
    as seen: a row that writes nothing does not make a later row a repeat."""
    if key in recorded:
        row.error(NAME_HEADER, recorded_message)
    elif key in seen:
        row.error(NAME_HEADER, f"与第 {seen[key]} 行重复（{what}）")
    elif row.ok:
        seen[key] = row.number


class PersonRowsSpec(ImportSpec):
    """An import of one registry person per row, each recorded once per event (a woman once per training
    or screening, an entrepreneur once): the person columns checked in `check_row`, the people found in
    `check_chunk`, then a row refused when its key is already recorded or repeats an earlier row.

    A subclass names `needs` (the values a row must have besides the person to be judged), `repeat_what`
    (how a repeat is described), and implements `repeat_key(values)`, `recorded(rows)` (the keys already
    in the database, one query) and `recorded_message(values)`; `check_person_row(row)` adds the ledger's
    own checks of a resolved row. Subclasses that override `prepare`/`check_row` call super()."""

    needs: tuple[str, ...] = ()
    repeat_what = "同一人"

    def prepare(self, ctx: ImportContext) -> None:
        ctx.cache["seen"] = {}

    def check_row(self, row: Row, ctx: ImportContext) -> None:
        check_person_cells(row)

    def repeat_key(self, values: dict[str, Any]) -> Hashable:
        raise NotImplementedError

    def recorded(self, rows: list[Row]) -> set:
        raise NotImplementedError

    def recorded_message(self, values: dict[str, Any]) -> str:
        raise NotImplementedError

    def check_person_row(self, row: Row, ctx: ImportContext) -> None:
        """The ledger's checks of a row whose person (and `needs`) are known."""

    def check_chunk(self, rows: list[Row], ctx: ImportContext) -> None:
        resolve_people(rows, ctx, self.capability)
        rows = [r for r in rows if r.has("person", *self.needs)]
        recorded = self.recorded(rows)
        for row in rows:
            self.check_person_row(row, ctx)
            flag_repeat(
                row,
                self.repeat_key(row.values),
                recorded=recorded,
                seen=ctx.cache["seen"],
                recorded_message=self.recorded_message(row.values),
                what=self.repeat_what,
            )
