"""Excel in and out for the screening ledger on the shared mechanism (fulian.core.spreadsheets).

Import: village counts (筛查人数) for a campaign, where names are not recorded — a second row for the same
campaign and village in a later file corrects the first; and named screenings (筛查名单: a registry woman
by ID number or name + birth date, screening date, hospital), each row under the same checks as
`services.screening_record` (sex, age range, campaign period, partner hospital, already screened, scope).
Export: the screened women, results in full only on rows of units where the user holds `health.results`
(decided row by row; the shared export view writes the access log).
"""

from __future__ import annotations

from typing import Any

from fulian.core.scoping import visible
from fulian.core.spreadsheets.parsers import UnitLookup, cell_text, parse_date, parse_int, parse_text
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
from fulian.orgs.models import Level
from fulian.people.person_columns import PersonRowsSpec, person_columns

from .models import Campaign, Hospital, Screening, ScreeningCount
from .selectors import MASK
from .services import check_person_for_campaign, screening_record


def _campaign(value: Any, ctx: ImportContext) -> Campaign:
    name = cell_text(value)
    campaign = ctx.cache["campaigns"].get(name)
    if campaign is None:
        raise CellError(f"没有可填报的筛查活动「{name}」")
    return campaign


def _village(value: Any, ctx: ImportContext):
    return ctx.cache["villages"].parse(value, ctx)


COLUMNS = [
    Column("campaign", "筛查活动", required=True, parse=_campaign, width=28,
           choices=lambda ctx: list(ctx.cache["campaigns"]), example="2026年农村妇女两癌筛查"),
    Column("village", "村(社区)", required=True, parse=_village, width=16,
           choices=lambda ctx: ctx.cache["villages"].labels, example="包台村"),
    Column("reported_on", "统计日期", required=True, parse=parse_date(), example="2026-06-30", width=12),
    Column("screened", "筛查人数", required=True, parse=parse_int(0, 100000), example=120, width=10),
    Column("abnormal", "异常人数", parse=parse_int(0, 100000), example=8, width=10),
    Column("positive", "阳性人数", parse=parse_int(0, 100000), example=1, width=10),
    Column("free_surgeries", "免费手术人数", parse=parse_int(0, 100000), example=0, width=12),
    Column("note", "备注", parse=parse_text(200), width=20),
]  # fmt: skip


class ScreeningCountImportSpec(ImportSpec):
    name = "health_counts"
    title = "筛查人数（按村）"
    capability = "health.change"
    model = ScreeningCount
    columns = COLUMNS
    notes = ["5. 同一筛查活动、同一村(社区)再次导入时，以新数据更正原数据。"]

    def prepare(self, ctx: ImportContext) -> None:
        campaigns = visible(ctx.user, Campaign, "health.view").select_related("unit")
        ctx.cache["campaigns"] = {c.name: c for c in campaigns}
        ctx.cache["villages"] = UnitLookup(ctx, level=Level.VILLAGE)

    def check_row(self, row: Row, ctx: ImportContext) -> None:
        v = row.values
        screened = v.get("screened") or 0
        for key, header in (("abnormal", "异常人数"), ("positive", "阳性人数")):
            if (v.get(key) or 0) > screened:
                row.error(header, f"{header}不能大于筛查人数")
        if (v.get("free_surgeries") or 0) > (v.get("positive") or 0):
            row.error("免费手术人数", "免费手术人数不能大于阳性人数")
        campaign, village = v.get("campaign"), v.get("village")
        if campaign and village and not village.path.startswith(campaign.unit.path):
            row.error("村(社区)", f"{village.name}不在“{campaign.name}”的组织范围内")

    def unique_keys(self, row: Row):
        if row.values.get("campaign") and row.values.get("village"):
            yield "村(社区)", "筛查活动与村(社区)", (row.values["campaign"].pk, row.values["village"].pk)

    def write_chunk(self, rows: list[Row], ctx: ImportContext) -> list[int]:
        keys = {(r.values["campaign"].pk, r.values["village"].pk) for r in rows}
        existing = {
            (c.campaign_id, c.village_id): c
            for c in ScreeningCount.objects.filter(
                campaign_id__in={k[0] for k in keys}, village_id__in={k[1] for k in keys}
            )
        }
        new, changed = [], []
        fields = ["reported_on", "screened", "abnormal", "positive", "free_surgeries", "note"]
        for r in rows:
            v = r.values
            obj = existing.get((v["campaign"].pk, v["village"].pk)) or ScreeningCount(
                campaign=v["campaign"], village=v["village"], village_path=v["village"].path
            )
            obj.reported_on, obj.screened = v["reported_on"], v["screened"]
            obj.abnormal, obj.positive = v.get("abnormal") or 0, v.get("positive") or 0
            obj.free_surgeries, obj.note = v.get("free_surgeries") or 0, v.get("note") or ""
            (changed if obj.pk else new).append(obj)
        ScreeningCount.objects.bulk_create(new)
        ScreeningCount.objects.bulk_update(changed, fields)
        return [obj.pk for obj in new + changed]


def _hospital(value: Any, ctx: ImportContext) -> Hospital:
    name = cell_text(value)
    hospital = ctx.cache["hospitals"].get(name)
    if hospital is None:
        raise CellError(f"没有医院「{name}」")
    return hospital


SCREENING_COLUMNS = [
    Column("campaign", "筛查活动", required=True, parse=_campaign, width=28,
           choices=lambda ctx: list(ctx.cache["campaigns"]), example="2026年农村妇女两癌筛查"),
    *person_columns(),
    Column("screened_on", "筛查日期", required=True, parse=parse_date(), example="2026-06-30", width=12),
    Column("hospital", "筛查医院", parse=_hospital, width=20,
           choices=lambda ctx: list(ctx.cache["hospitals"]), example="万源市妇幼保健院"),
]  # fmt: skip


class ScreeningImportSpec(PersonRowsSpec):
    """Named screenings: one row per woman screened; the results are entered later, one by one."""

    name = "health_screenings"
    title = "筛查名单（按人）"
    capability = "health.change"
    model = Screening
    columns = SCREENING_COLUMNS
    notes = [
        "5. 人员须已在人员库中登记：填身份证号，或同时填姓名和出生日期。",
        "6. 筛查结果不在此导入，请在筛查记录中逐人填写。",
    ]
    needs = ("campaign", "screened_on")
    repeat_what = "同一筛查活动、同一人"

    def prepare(self, ctx: ImportContext) -> None:
        super().prepare(ctx)
        campaigns = visible(ctx.user, Campaign, "health.view").select_related("unit")
        ctx.cache["campaigns"] = {c.name: c for c in campaigns.prefetch_related("hospitals")}
        ctx.cache["hospitals"] = {h.name: h for h in Hospital.objects.order_by("name")}

    def check_row(self, row: Row, ctx: ImportContext) -> None:
        super().check_row(row, ctx)
        campaign, hospital = row.values.get("campaign"), row.values.get("hospital")
        if campaign and hospital:
            partners = list(campaign.hospitals.all())
            if partners and hospital not in partners:
                row.error("筛查医院", "该医院不是本次筛查的合作医院")

    def repeat_key(self, values: dict[str, Any]) -> tuple[int, int]:
        return (values["campaign"].pk, values["person"].pk)

    def recorded(self, rows: list[Row]) -> set:
        return set(
            Screening.objects.filter(
                campaign_id__in={r.values["campaign"].pk for r in rows},
                person_id__in={r.values["person"].pk for r in rows},
            ).values_list("campaign_id", "person_id")
        )

    def recorded_message(self, values: dict[str, Any]) -> str:
        return f"{values['person'].name}：已在本次筛查中登记"

    def check_person_row(self, row: Row, ctx: ImportContext) -> None:
        v = row.values
        headers = {"person": "姓名", "screened_on": "筛查日期"}
        for key, message in check_person_for_campaign(v["campaign"], v["person"], v["screened_on"]).items():
            row.error(headers[key], message)

    def write_row(self, v: dict[str, Any], ctx: ImportContext) -> Any:
        return screening_record(
            user=ctx.user,
            campaign=v["campaign"],
            person=v["person"],
            screened_on=v["screened_on"],
            hospital=v.get("hospital"),
        )


class ScreeningExportSpec(ExportSpec):
    name = "health_screenings"
    title = "筛查名单"
    capability = "health.view"
    unmask_capability = "health.results"
    columns = [
        ExportColumn("筛查活动", lambda s, ctx: s.campaign.name, 24),
        ExportColumn("姓名", lambda s, ctx: s.person.name, 10),
        ExportColumn("村(社区)", lambda s, ctx: s.village.name, 14),
        ExportColumn("筛查日期", lambda s, ctx: s.screened_on, 12),
        ExportColumn("年龄", lambda s, ctx: s.age, 6),
        ExportColumn("筛查结果", lambda s, ctx: s.get_result_display() if ctx.unmask else MASK, 12),
        ExportColumn("异常部位", lambda s, ctx: s.get_site_display() if ctx.unmask else MASK, 10),
        ExportColumn("转诊医院", lambda s, ctx: s.referred_to if ctx.unmask else MASK, 16),
        ExportColumn("治疗情况", lambda s, ctx: s.get_treatment_display() if ctx.unmask else MASK, 10),
        ExportColumn(
            "免费手术", lambda s, ctx: ("是" if s.free_surgery else "否") if ctx.unmask else MASK, 8
        ),
    ]

    def rows(self, user, params):
        from .selectors import screening_list_visible_to

        return screening_list_visible_to(user=user).iterator(chunk_size=2000)


register(ScreeningCountImportSpec())
register(ScreeningImportSpec())
register(ScreeningExportSpec())
