"""The pairing ledger's exports, and the registration of every sheet of the ledger."""

from __future__ import annotations

from fulian.core.masking import mask_mobile
from fulian.core.spreadsheets.spec import (
    ExportColumn,
    ExportSpec,
    register,
)

from .pairings import PairingImportSpec
from .visits import VisitImportSpec
from .volunteers import VolunteerImportSpec


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
        from ..selectors import pairing_list_visible_to

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
        from ..selectors import volunteer_list_visible_to

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
        from ..selectors import visit_list_visible_to

        qs = visit_list_visible_to(user=user).select_related("pairing__volunteer__person", "village")
        return qs.iterator(chunk_size=2000)


register(VolunteerImportSpec())
register(PairingImportSpec())
register(PairingExportSpec())
register(VolunteerExportSpec())
register(VisitImportSpec())
register(VisitExportSpec())
