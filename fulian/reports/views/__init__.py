"""The reports pages, one module per page family; urls.py names them through this package."""

from .dashboard import dashboard
from .plan import plan, plan_item_delete, plan_item_save
from .snapshot import stats_refresh, stats_status
from .stats import figure_trace, stats
from .summary import (
    paragraph_edit,
    summary_cancel,
    summary_detail,
    summary_docx,
    summary_header,
    summary_list,
    summary_pdf,
    summary_regenerate,
    summary_retry,
    summary_status,
)

__all__ = [
    "dashboard",
    "figure_trace",
    "paragraph_edit",
    "plan",
    "plan_item_delete",
    "plan_item_save",
    "stats",
    "stats_refresh",
    "stats_status",
    "summary_cancel",
    "summary_detail",
    "summary_docx",
    "summary_header",
    "summary_list",
    "summary_pdf",
    "summary_regenerate",
    "summary_retry",
    "summary_status",
]
