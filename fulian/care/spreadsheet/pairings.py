"""The pairing import (结对): a volunteer and a child, each found in the registry or the ledger."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fulian.core.scoping import visible
from fulian.core.spreadsheets.parsers import UnitLookup, choice_column, parse_date, parse_text
from fulian.core.spreadsheets.spec import (
    Column,
    ImportContext,
    ImportSpec,
    Row,
)
from fulian.orgs.models import Level
from fulian.people.person_columns import (
    BIRTH_HEADER,
    ID_HEADER,
    NAME_HEADER,
    check_person_cells,
    flag_repeat,
    id_text,
    mask_id,
    person_columns,
    resolve_people,
)

from ..models import Pairing, VisitFrequency, Volunteer
from ..services import (
    check_pairing,
    pairing_create,
)
from .common import _village

CHILD_HEADERS = {ID_HEADER: "儿童身份证号", NAME_HEADER: "儿童姓名", BIRTH_HEADER: "儿童出生日期"}
CHILD_EXAMPLES = {"name": "王小明", "birth_date": "2016-05-12"}
VOL_ID, VOL_NAME, VOL_VILLAGE = "志愿者身份证号", "志愿者姓名", "志愿者所在村(社区)"


def _child_columns() -> list[Column]:
    """The shared person columns (keys id_number, name, birth_date), headed as the child's."""
    return [
        replace(
            c,
            header=CHILD_HEADERS[c.header],
            example=CHILD_EXAMPLES.get(c.key, c.example),
            help="儿童的身份证号；或不填而填儿童姓名和出生日期" if c.help else "",
        )
        for c in person_columns()
    ]


PAIRING_COLUMNS = [
    Column("volunteer_id", VOL_ID, parse=id_text, text=True, width=20, mask=mask_id,
           help="志愿者的身份证号；或不填而填志愿者姓名和所在村(社区)"),
    Column("volunteer", VOL_NAME, parse=parse_text(50), width=10, example="周芳"),
    Column("volunteer_village", VOL_VILLAGE, parse=_village, width=14,
           choices=lambda ctx: ctx.cache["villages"].labels, example="青龙村"),
    *_child_columns(),
    Column("started_on", "结对日期", required=True, parse=parse_date(), width=12, example="2026-03-01"),
    Column("reason", "结对原因", required=True, parse=parse_text(200), width=20, example="父母外出务工"),
    choice_column("frequency", "走访频次", VisitFrequency.choices, width=8, example="每月",
                  help="不填视为“每月”"),
]  # fmt: skip


def _as_child(row: Row, since: int = 0) -> None:
    """The shared person helpers name the columns 身份证号/姓名/出生日期: here they are the child's."""
    row.errors[since:] = [(CHILD_HEADERS.get(h, h), m) for h, m in row.errors[since:]]


def _resolve_volunteers(rows: list[Row], ctx: ImportContext, capability: str) -> None:
    """Set row.values["volunteer_obj"]: a registered volunteer the user may pair (by ID number, or by name
    and village), or an error naming the column. Three queries per chunk."""
    from fulian.people.models import Person
    from fulian.people.services import id_number_hash

    hashes = {
        r.number: id_number_hash(r.values["volunteer_id"]) for r in rows if r.values.get("volunteer_id")
    }
    by_hash = {
        p.id_number_hash: p
        for p in Person.objects.filter(
            id_number_hash__in=set(hashes.values()), merged_into__isnull=True
        ).select_related("volunteer")
    }
    named = [r for r in rows if r.number not in hashes and r.has("volunteer", "volunteer_village")]
    by_name: dict[tuple, list[Volunteer]] = {}
    if named:
        for vol in Volunteer.objects.filter(
            person__name__in={r.values["volunteer"] for r in named},
            village__in={r.values["volunteer_village"] for r in named},
            person__merged_into__isnull=True,
        ).select_related("person"):
            by_name.setdefault((vol.person.name, vol.village_id), []).append(vol)
    found: dict[int, tuple[str, Volunteer]] = {}
    for row in rows:
        v = row.values
        if row.number in hashes:
            person = by_hash.get(hashes[row.number])
            vol = getattr(person, "volunteer", None)
            if person is None:
                row.error(VOL_ID, "该身份证号未在人员库中登记")
            elif vol is None:
                row.error(VOL_ID, f"{person.name}未登记为志愿者，请先在“志愿者”中登记")
            elif v.get("volunteer") and v["volunteer"] != person.name:
                row.error(VOL_NAME, f"姓名「{v['volunteer']}」与身份证号登记的姓名不符")
            else:
                found[row.number] = (VOL_ID, vol)
            continue
        if not row.has("volunteer", "volunteer_village"):
            continue  # reported by check_row (or on the cell)
        name, village = v["volunteer"], v["volunteer_village"]
        vols = by_name.get((name, village.pk), [])
        if not vols:
            row.error(VOL_NAME, f"{village.name}没有登记名为{name}的志愿者")
        elif len(vols) > 1:
            row.error(VOL_NAME, f"{village.name}有 {len(vols)} 名志愿者名为{name}，请填写志愿者身份证号")
        else:
            found[row.number] = (VOL_NAME, vols[0])
    allowed = set(
        visible(ctx.user, Volunteer, capability)
        .filter(pk__in={vol.pk for _, vol in found.values()})
        .values_list("pk", flat=True)
    )
    for row in rows:
        if row.number in found:
            header, vol = found[row.number]
            if vol.pk in allowed:
                row.values["volunteer_obj"] = vol
            else:
                row.error(header, "该志愿者不在您的管辖范围内")


class PairingImportSpec(ImportSpec):
    name = "care_pairings"
    title = "结对台账"
    capability = "care.change"
    model = Pairing
    columns = PAIRING_COLUMNS
    notes = [
        "5. 志愿者须已登记：填志愿者身份证号，或同时填志愿者姓名和所在村(社区)。",
        "6. 儿童须已在人员库中登记：填儿童身份证号，或同时填儿童姓名和出生日期。",
        "7. 每名儿童只能有一个进行中的结对；更换志愿者请在原结对上“重新结对”。",
    ]

    def prepare(self, ctx: ImportContext) -> None:
        ctx.cache["villages"] = UnitLookup(ctx, level=Level.VILLAGE)
        ctx.cache["seen"] = {}

    def check_row(self, row: Row, ctx: ImportContext) -> None:
        v = row.values
        if not v.get("volunteer_id") and not (v.get("volunteer") and v.get("volunteer_village")):
            row.error(VOL_ID, "请填写志愿者身份证号，或同时填写志愿者姓名和所在村(社区)")
        since = len(row.errors)
        check_person_cells(row)
        _as_child(row, since)
        v["frequency"] = v.get("frequency") or VisitFrequency.MONTHLY

    def check_chunk(self, rows: list[Row], ctx: ImportContext) -> None:
        resolve_people(rows, ctx, self.capability)
        for row in rows:
            _as_child(row)
        _resolve_volunteers(rows, ctx, self.capability)
        for row in rows:
            row.values["child"] = row.values.pop("person", None)
        rows = [r for r in rows if r.has("child", "volunteer_obj", "started_on")]
        paired = set(
            Pairing.objects.filter(
                child_id__in={r.values["child"].pk for r in rows}, ended_on__isnull=True
            ).values_list("child_id", flat=True)
        )
        seen: dict = ctx.cache["seen"]
        for row in rows:
            v = row.values
            child, child_header = v["child"], CHILD_HEADERS[ID_HEADER if v.get("id_number") else NAME_HEADER]
            headers = {
                "volunteer": VOL_ID if v.get("volunteer_id") else VOL_NAME,
                "child": child_header,
                "started_on": "结对日期",
            }
            paired_now = child.pk in paired
            for field, message in check_pairing(
                v["volunteer_obj"], child, v["started_on"], child_paired=paired_now
            ).items():
                row.error(headers[field], message)
            since = len(row.errors)
            flag_repeat(row, child.pk, recorded=set(), seen=seen, recorded_message="", what="同一儿童")
            row.errors[since:] = [(child_header, m) for _, m in row.errors[since:]]

    def write_row(self, v: dict[str, Any], ctx: ImportContext) -> Any:
        return pairing_create(
            user=ctx.user,
            volunteer=v["volunteer_obj"],
            child=v["child"],
            started_on=v["started_on"],
            reason=v["reason"],
            frequency=v["frequency"],
        )
