"""Excel export of the employment ledger on the shared mechanism (fulian.core.spreadsheets)."""

from __future__ import annotations

from fulian.core.scoping import visible
from fulian.core.spreadsheets.spec import ExportColumn, ExportSpec, register


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
        from .models import Trainee

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


register(TraineeExportSpec())
register(EntrepreneurExportSpec())
