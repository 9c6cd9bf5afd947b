"""The visit import (走访记录): one row per visit of a pairing the user may change."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from fulian.core.scoping import scope_for, visible
from fulian.core.spreadsheets.parsers import UnitLookup, choice_column, parse_date, parse_text
from fulian.core.spreadsheets.spec import (
    Column,
    ImportContext,
    ImportSpec,
    Row,
)
from fulian.orgs.models import Level
from fulian.people.person_columns import (
    ID_HEADER,
    id_text,
    mask_id,
)

from ..models import Pairing, Visit
from ..services import (
    check_visit,
    visit_record,
)
from .common import _village

VISIT_COLUMNS = [
    Column("id_number", ID_HEADER, parse=id_text, text=True, width=20, mask=mask_id,
           help="儿童的身份证号；或不填而填儿童姓名和村(社区)"),
    Column("child", "儿童姓名", parse=parse_text(50), width=10, example="王小明"),
    Column("village", "村(社区)", parse=_village, width=14,
           choices=lambda ctx: ctx.cache["villages"].labels, example="青龙村"),
    Column("volunteer", "志愿者", required=True, parse=parse_text(50), width=10, example="周芳"),
    Column("visited_on", "走访日期", required=True, parse=parse_date(), width=12, example="2026-06-30"),
    choice_column("kind", "方式", Visit.Kind.choices, width=8, example="上门",
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

    def write_row(self, v: dict[str, Any], ctx: ImportContext) -> Any:
        return visit_record(
            user=ctx.user,
            pairing=v["pairing"],
            visited_on=v["visited_on"],
            kind=v["kind"],
            notes=v["notes"],
            needs_found=v["needs_found"],
        )
