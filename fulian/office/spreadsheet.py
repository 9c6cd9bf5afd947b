"""Excel out for the documents register: the rows of the list page (scoped, same search)."""

from __future__ import annotations

from fulian.core.spreadsheets.spec import ExportColumn, ExportSpec, register

from . import selectors


class DocumentExportSpec(ExportSpec):
    name = "office_documents"
    title = "收发文登记"
    capability = "office.view"
    columns = [
        ExportColumn("收发", lambda d, ctx: d.get_direction_display(), 6),
        ExportColumn("文号", lambda d, ctx: d.number, 20),
        ExportColumn("标题", lambda d, ctx: d.title, 40),
        ExportColumn("成文日期", lambda d, ctx: d.dated_on, 12),
        ExportColumn("单位", lambda d, ctx: d.unit.name, 16),
        ExportColumn("来文单位", lambda d, ctx: d.source, 16),
        ExportColumn("主送/抄送", lambda d, ctx: d.recipients, 24),
    ]

    def rows(self, user, params):
        from .forms import DocumentFilterForm

        form = DocumentFilterForm(params or None)
        filters = selectors.DocumentFilters()
        if form.is_valid():
            filters = selectors.DocumentFilters(**{k: v for k, v in form.cleaned_data.items() if v})
        return selectors.document_list(user=user, filters=filters)


register(DocumentExportSpec())
