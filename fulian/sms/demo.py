"""Demo SMS platform for 万源市 (called by `manage.py load_demo`): a meeting-notice template, a saved list of
village chairs of 竹峪镇, one message already sent with its per-recipient outcomes (delivered, sent, failed,
opted out) and one draft to preview. Nothing is queued: the demo never starts the task workers."""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from fulian.orgs.services.demo import TOWN_A
from fulian.people.models import mobile_hash

from . import selectors, services
from .models import Delivery, Message

CHAIRS = (
    "李秀英",
    "王桂兰",
    "张玉兰",
    "刘凤英",
    "陈红梅",
    "杨丽华",
    "黄淑珍",
    "赵春梅",
    "吴海燕",
    "周晓燕",
    "徐丽娟",
    "孙艳芳",
)


def load(ctx) -> None:
    county_user = ctx.users["county"]
    town = ctx.unit(TOWN_A)
    template = services.template_create(
        user=county_user,
        unit=ctx.county,
        name="会议通知",
        text="{姓名}您好，请于{时间}到{地点}参加{会议}，请准时参加。",
        sign_name="万源妇联",
        template_code="SMS_270105",
    )
    villages = ctx.villages_of(town)[:12]
    # Names of its own (not ctx.rng: the shared random stays as the later apps' demos expect it).
    lines = "\n".join(f"{CHAIRS[i % len(CHAIRS)]},139{8000_0000 + i:08d}" for i, _ in enumerate(villages))
    chairs = services.saved_list_create(
        user=county_user, unit=ctx.county, name="竹峪镇村妇联主席", entries=lines
    )
    sent = services.message_compose(
        user=county_user,
        unit=ctx.county,
        template=template,
        text=template.text,
        sign_name=template.sign_name,
        variables={"时间": "3月5日上午9点", "地点": "镇政府三楼会议室", "会议": "三八节表彰大会筹备会"},
        audience=Message.Audience.LIST,
        saved_list=chairs,
    )
    recipients, _ = selectors.audience_of(sent)
    when = timezone.make_aware(dt.datetime.combine(ctx.today - dt.timedelta(days=3), dt.time(9, 30)))
    outcomes = [Delivery.Status.DELIVERED] * (len(recipients) - 3) + [
        Delivery.Status.SENT,
        Delivery.Status.FAILED,
        Delivery.Status.OPTED_OUT,
    ]
    services.optout_add(phone=recipients[-1].phone, source="回复TD")
    Delivery.objects.bulk_create(
        Delivery(
            message=sent,
            name=r.name,
            phone=r.phone,
            phone_hash=mobile_hash(r.phone),
            variables={"姓名": r.name},
            out_id=uuid.uuid4().hex,
            status=status,
            attempts=0 if status == Delivery.Status.OPTED_OUT else 1,
            sent_at=when if status in (Delivery.Status.SENT, Delivery.Status.DELIVERED) else None,
            delivered_at=when + dt.timedelta(seconds=8) if status == Delivery.Status.DELIVERED else None,
            error={"failed": "isv.MOBILE_NUMBER_ILLEGAL 号码格式错误", "opted_out": "已退订，未发送"}.get(
                status, ""
            ),
        )
        for r, status in zip(recipients, outcomes, strict=True)
    )
    Message.objects.filter(pk=sent.pk).update(
        status=Message.Status.DONE,
        started_at=when,
        finished_at=when + dt.timedelta(minutes=1),
        scheduled_at=when,
    )
    services.message_compose(
        user=county_user,
        unit=ctx.county,
        text="{姓名}您好，{时间}起开展农村妇女两癌免费筛查，请携带身份证到村卫生室登记。",
        sign_name="万源妇联",
        variables={"时间": "下周一"},
        audience=Message.Audience.LIST,
        saved_list=chairs,
    )
