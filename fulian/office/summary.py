"""The office's share of the annual summary, in 加强自身建设，提升服务能力 (area "self"): the documents
sent out and received, and the notices sent through the platform."""

from __future__ import annotations

from fulian.core.summary import Para

FIGURE_META = {
    "office.sent": ("制发文件", "件", "count"),
    "office.received": ("办理来文", "件", "count"),
    "office.notices": ("平台发送通知", "份", "count"),
    "office.meetings": ("会议通知", "份", "count"),
}


def contribute(ctx) -> list[Para]:
    parts = []
    for key, word, measure in (
        ("office.sent", "制发文件", "件"),
        ("office.received", "办理来文", "件"),
        ("office.notices", "通过工作平台发送通知", "份"),
    ):
        n = ctx.value(key)
        if n:
            parts.append(f"{word}{ctx.fig(key, f'{n}{measure}')}")
    if not parts:
        return []
    text = "规范公文办理，全年" + "，".join(parts) + "。"
    return [Para(key="office.documents", area="self", heading="规范公文和通知办理", text=text, order=60)]
