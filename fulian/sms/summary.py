"""The SMS platform's share of the annual summary: the 短信平台 sentence in 自身建设."""

from __future__ import annotations

from fulian.core.summary import Para

FIGURE_META = {
    "sms.messages": ("短信平台发送通知", "条", "count"),
    "sms.recipients": ("短信送达干部群众", "人次", "count"),
    "sms.delivered": ("短信回执确认送达", "人次", "count"),
}


def contribute(ctx) -> list[Para]:
    messages = ctx.value("sms.messages")
    reached = ctx.value("sms.recipients")
    if not messages or not reached:
        return []
    text = (
        f"依托妇联系统短信平台发送会议和工作通知{ctx.fig('sms.messages', f'{messages}条')}，"
        f"发送干部群众{ctx.fig('sms.recipients', f'{reached}人次')}"
    )
    delivered = ctx.value("sms.delivered")
    if delivered:
        text += f"，其中回执确认送达{ctx.fig('sms.delivered', f'{delivered}人次')}"
    return [
        Para(
            key="sms.platform", area="self", heading="用好短信平台，提高工作效率", text=text + "。", order=50
        )
    ]
