"""Excel in and out for the pairing ledger on the shared mechanism (fulian.core.spreadsheets).

Import: the pairing ledger (结对台账). The volunteer is found by ID number, or name + village, among the
registered volunteers the user may pair; the child by ID number, or name + birth date (the shared
`persons.resolve_people`). Each row goes through `services.check_pairing`, the checks of `pairing_create`
(child under 18 at the start, volunteer active, start not in the future …); a child with an active pairing,
or named twice in the file, is refused; rows are written by `pairing_create`.

Import: the volunteers (志愿者). The person by ID number, or name + birth date (the shared
`persons.resolve_people`, so in the user's scope and the chosen unit); kind, registration date (not in the
future), phone, note. Each row goes through `services.check_volunteer`, the checks of `volunteer_register`
(a person is registered once), a person named twice in the file is refused, and rows are written by
`volunteer_register`. Linking an account is not part of the import.

Import: the visit log (走访记录). The pairing is found by the child (ID number, or name + village) and the
volunteer's name among the pairings the user may log visits for; each row goes through the same checks as
`services.visit_record` (date within the pairing, not in the future, notes required), and a visit already
logged for that pairing on that day is refused (a file imported twice adds nothing). Export: pairings and
visits.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.db.models import Q

from fulian.core.masking import mask_mobile
from fulian.core.scoping import scope_for, visible
from fulian.core.spreadsheets.parsers import UnitLookup, parse_choice, parse_date, parse_text
from fulian.core.spreadsheets.spec import (
    Column,
    ExportColumn,
    ExportSpec,
    ImportContext,
    ImportSpec,
    Row,
    register,
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

from .models import Pairing, Visit, VisitFrequency, Volunteer
from .services import (
    check_pairing,
    check_visit,
    check_volunteer,
    pairing_create,
    visit_record,
    volunteer_register,
)


def _village(value: Any, ctx: ImportContext):
    return ctx.cache["villages"].parse(value, ctx)


VISIT_COLUMNS = [
    Column("id_number", ID_HEADER, parse=id_text, text=True, width=20, mask=mask_id,
           help="儿童的身份证号；或不填而填儿童姓名和村(社区)"),
    Column("child", "儿童姓名", parse=parse_text(50), width=10, example="王小明"),
    Column("village", "村(社区)", parse=_village, width=14,
           choices=lambda ctx: ctx.cache["villages"].labels, example="青龙村"),
    Column("volunteer", "志愿者", required=True, parse=parse_text(50), width=10, example="周芳"),
    Column("visited_on", "走访日期", required=True, parse=parse_date(), width=12, example="2026-06-30"),
    Column("kind", "方式", parse=parse_choice(Visit.Kind.choices), width=8,
           choices=lambda ctx: [label for _, label in Visit.Kind.choices], example="上门",
           help="不填视为“上门”"),
    Column("notes", "走访情况", required=True, parse=parse_text(2000), width=30,
           example="上门看望，学习生活正常"),
    Column("needs_found", "发现的需求", parse=parse_text(2000), width=30, example="需要学习用品"),
]  # fmt: skip
FIELD_HEADERS = {"visited_on": "走访日期", "notes": "走访情况"}


class VisitImportSpec(ImportSpec):
    name = "care_visits"
    title = "走访记录"
    capability = "care.visit"
    model = Visit
    columns = VISIT_COLUMNS
    notes = [
        "5. 结对须已建立：填儿童身份证号，或同时填儿童姓名和村(社区)，并填志愿者姓名。",
        "6. 同一结对同一天的走访只记一次。",
    ]

    def prepare(self, ctx: ImportContext) -> None:
        ctx.cache["villages"] = UnitLookup(ctx, level=Level.VILLAGE)
        ctx.cache["seen"] = {}

    def check_row(self, row: Row, ctx: ImportContext) -> None:
        v = row.values
        if not v.get("id_number") and not (v.get("child") and v.get("village")):
            row.error(ID_HEADER, "请填写儿童身份证号，或同时填写儿童姓名和村(社区)")
        v["kind"] = v.get("kind") or Visit.Kind.HOME
        v["needs_found"] = v.get("needs_found") or ""

    def check_chunk(self, rows: list[Row], ctx: ImportContext) -> None:
        from fulian.people.models import Person
        from fulian.people.services import id_number_hash

        hashes = {r.number: id_number_hash(r.values["id_number"]) for r in rows if r.values.get("id_number")}
        children = {
            p.id_number_hash: p
            for p in Person.objects.filter(id_number_hash__in=set(hashes.values()), merged_into__isnull=True)
        }
        named = [r for r in rows if r.number not in hashes and r.has("child", "village")]
        pairings = (
            visible(ctx.user, Pairing, self.capability)
            .filter(village_path__startswith=ctx.unit.path)
            .filter(
                Q(child_id__in=[c.pk for c in children.values()])
                | Q(
                    child__name__in={r.values["child"] for r in named},
                    village__in={r.values["village"] for r in named},
                )
            )
            .select_related("child", "volunteer__person")
            .order_by("-started_on")
        )
        by_child: dict[int, list[Pairing]] = {}
        by_name: dict[tuple, list[Pairing]] = {}
        for p in pairings:
            by_child.setdefault(p.child_id, []).append(p)
            by_name.setdefault((p.child.name, p.village_id), []).append(p)
        scope = scope_for(ctx.user)
        for row in rows:
            v = row.values
            if row.number in hashes:
                child = children.get(hashes[row.number])
                if child is None:
                    row.error(ID_HEADER, "该身份证号未在人员库中登记")
                    continue
                if not scope.covers(self.capability, child.village_path):
                    row.error(ID_HEADER, "该人员不在您的管辖范围内")
                    continue
                candidates, who = by_child.get(child.pk, []), child.name
            elif row.has("child", "village"):
                candidates, who = by_name.get((v["child"], v["village"].pk), []), v["child"]
            else:
                continue  # neither the ID number nor the name and village: reported by check_row
            if not row.has("volunteer"):
                continue
            candidates = [p for p in candidates if p.volunteer.person.name == v["volunteer"]]
            if not candidates:
                row.error(
                    "志愿者",
                    f"找不到志愿者{v['volunteer']}与{who}的结对（或您无权记录该结对的走访）",
                )
                continue
            day = v["visited_on"]
            if day is None:
                continue
            covering = [
                p for p in candidates if p.started_on <= day and (not p.ended_on or day <= p.ended_on)
            ]
            v["pairing"] = (covering or candidates)[0]
            for field, message in check_visit(v["pairing"], day, v.get("notes") or "").items():
                row.error(FIELD_HEADERS[field], message)
        rows = [r for r in rows if r.has("pairing", "visited_on")]
        logged = set(
            Visit.objects.filter(
                pairing_id__in={r.values["pairing"].pk for r in rows},
                visited_on__in={r.values["visited_on"] for r in rows},
            ).values_list("pairing_id", "visited_on")
        )
        seen: dict = ctx.cache["seen"]
        for row in rows:
            key = (row.values["pairing"].pk, row.values["visited_on"])
            if key in logged:
                row.error("走访日期", f"该结对在 {key[1]:%Y-%m-%d} 已有走访记录")
            elif key in seen:
                row.error("走访日期", f"与第 {seen[key]} 行重复（同一结对、同一天）")
            elif row.ok:
                seen[key] = row.number

    def write_chunk(self, rows: list[Row], ctx: ImportContext) -> list[int]:
        keys = []
        for r in rows:
            v = r.values
            written = visit_record(
                user=ctx.user,
                pairing=v["pairing"],
                visited_on=v["visited_on"],
                kind=v["kind"],
                notes=v["notes"],
                needs_found=v["needs_found"],
            )
            keys.append(written.pk)
        return keys


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
    Column("frequency", "走访频次", parse=parse_choice(VisitFrequency.choices), width=8,
           choices=lambda ctx: [label for _, label in VisitFrequency.choices], example="每月",
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

    def write_chunk(self, rows: list[Row], ctx: ImportContext) -> list[int]:
        keys = []
        for r in rows:
            v = r.values
            written = pairing_create(
                user=ctx.user,
                volunteer=v["volunteer_obj"],
                child=v["child"],
                started_on=v["started_on"],
                reason=v["reason"],
                frequency=v["frequency"],
            )
            keys.append(written.pk)
        return keys


VOLUNTEER_KINDS = [label for _, label in Volunteer.Kind.choices]

VOLUNTEER_COLUMNS = [
    *person_columns(),
    Column("kind", "类别", parse=parse_choice(Volunteer.Kind.choices), width=12,
           choices=lambda ctx: VOLUNTEER_KINDS, example=Volunteer.Kind.CARING_MOTHER.label,
           help="不填视为“爱心妈妈”"),
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

    def write_chunk(self, rows: list[Row], ctx: ImportContext) -> list[int]:
        keys = []
        for r in rows:
            v = r.values
            written = volunteer_register(
                user=ctx.user,
                person=v["person"],
                kind=v["kind"],
                phone=v.get("phone") or "",
                registered_on=v["registered_on"],
                note=v.get("note") or "",
            )
            keys.append(written.pk)
        return keys


class PairingExportSpec(ExportSpec):
    name = "care_pairings"
    title = "结对台账"
    capability = "care.view"
    columns = [
        ExportColumn("志愿者", lambda p, ctx: p.volunteer.person.name, 10),
        ExportColumn("结对儿童", lambda p, ctx: p.child.name, 10),
        ExportColumn("村(社区)", lambda p, ctx: p.village.name, 14),
        ExportColumn("结对日期", lambda p, ctx: p.started_on, 12),
        ExportColumn("结束日期", lambda p, ctx: p.ended_on, 12),
        ExportColumn("结对原因", lambda p, ctx: p.reason, 20),
        ExportColumn("结束原因", lambda p, ctx: p.end_reason, 20),
        ExportColumn("走访频次", lambda p, ctx: p.get_frequency_display(), 8),
        ExportColumn("下次走访截止", lambda p, ctx: p.next_visit_due if p.is_active else None, 12),
    ]

    def rows(self, user, params):
        from .selectors import pairing_list_visible_to

        status = (params or {}).get("status", "all")
        return pairing_list_visible_to(user=user, filters={"status": status}).iterator(chunk_size=2000)


class VolunteerExportSpec(ExportSpec):
    """The volunteers, with the import's headers where a column is the same field."""

    name = "care_volunteers"
    title = "志愿者"
    capability = "care.view"
    unmask_capability = "people.unmask"  # the phone number in full only for those who may unmask
    columns = [
        ExportColumn("姓名", lambda v, ctx: v.person.name, 10),
        ExportColumn("村(社区)", lambda v, ctx: v.village.name, 14),
        ExportColumn("类别", lambda v, ctx: v.get_kind_display(), 10),
        ExportColumn("登记日期", lambda v, ctx: v.registered_on, 12),
        ExportColumn("退出日期", lambda v, ctx: v.left_on, 12),
        ExportColumn("进行中的结对", lambda v, ctx: v.active_pairings, 10),
        ExportColumn("联系电话", lambda v, ctx: v.phone if ctx.unmask else mask_mobile(v.phone), 14),
        ExportColumn("备注", lambda v, ctx: v.note, 20),
    ]

    def rows(self, user, params):
        from .selectors import volunteer_list_visible_to

        return volunteer_list_visible_to(user=user).iterator(chunk_size=2000)


class VisitExportSpec(ExportSpec):
    name = "care_visits"
    title = "走访记录"
    capability = "care.view"
    columns = [
        ExportColumn("走访日期", lambda v, ctx: v.visited_on, 12),
        ExportColumn("结对儿童", lambda v, ctx: v.pairing.child.name, 10),
        ExportColumn("志愿者", lambda v, ctx: v.pairing.volunteer.person.name, 10),
        ExportColumn("村(社区)", lambda v, ctx: v.village.name, 14),
        ExportColumn("方式", lambda v, ctx: v.get_kind_display(), 8),
        ExportColumn("走访情况", lambda v, ctx: v.notes, 30),
        ExportColumn("发现的需求", lambda v, ctx: v.needs_found, 30),
    ]

    def rows(self, user, params):
        from .selectors import visit_list_visible_to

        qs = visit_list_visible_to(user=user).select_related("pairing__volunteer__person", "village")
        return qs.iterator(chunk_size=2000)


register(VolunteerImportSpec())
register(PairingImportSpec())
register(PairingExportSpec())
register(VolunteerExportSpec())
register(VisitImportSpec())
register(VisitExportSpec())
