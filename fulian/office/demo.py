"""Demo documents register and notices for 万源市 (called by `manage.py load_demo`): the county's and 竹峪镇's
numbering series with documents numbered through the service (万妇发〔YYYY〕1号 …), documents received
from the city, a notice to the town chairs and a meeting notice to 竹峪镇's village chairs, part read."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from fulian.core.roles import Role
from fulian.orgs.services.demo import TOWN_A
from fulian.publicity.demo import random_day

from . import services
from .models import Receipt

SENT = [
    "关于开展“三八”国际妇女节系列活动的通知",
    "关于开展“最美家庭”评选活动的通知",
    "关于做好农村妇女“两癌”免费检查工作的通知",
    "关于开展家庭教育宣传周活动的通知",
    "关于印发《妇联工作要点》的通知",
    "关于开展“巾帼建功”先进集体和个人推荐工作的通知",
    "致全市广大妇女的一封信",
]
RECEIVED = [
    ("达州市妇联", "达市妇发", "关于做好妇女工作的意见"),
    ("达州市妇联", "达市妇发", "关于开展巾帼志愿服务活动的通知"),
    ("万源市委办公室", "万委办", "关于做好基层群团组织改革工作的通知"),
]


def load(ctx) -> None:
    # a random of its own, so that the apps loaded after this one get the same demo as without it
    rng, today = random.Random(f"office-{ctx.today}"), ctx.today
    county_user, town_user = ctx.users["county"], ctx.users["town_chair"]
    town_a = ctx.unit(TOWN_A)
    wanfu = services.series_create(user=county_user, unit=ctx.county, prefix="万妇发", name="发文")
    zhufu = services.series_create(user=town_user, unit=town_a, prefix="竹妇发", name="发文")
    sent = 0
    for year in (today.year - 1, today.year):
        first, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)
        days = sorted(random_day(rng, first, end) for _ in SENT)
        for title, day in zip(SENT, days, strict=True):
            services.document_send(
                user=county_user, series=wanfu, title=title, dated_on=day, recipients="各乡镇(街道)妇联"
            )
            sent += 1
        for title in rng.sample(SENT, 3):
            services.document_send(
                user=town_user,
                series=zhufu,
                title=title,
                dated_on=random_day(rng, first, end),
                recipients="各村(社区)妇联",
            )
            sent += 1
        for i, (source, prefix, title) in enumerate(RECEIVED):
            day = random_day(rng, first, end)
            services.document_receive(
                user=county_user,
                unit=ctx.county,
                title=title,
                dated_on=day,
                source=source,
                number=f"{prefix}〔{year}〕{i * 7 + 3}号",
            )
    now = timezone.now()
    first_notice = services.notice_send(
        user=county_user,
        unit=ctx.county,
        title="关于报送本季度妇联工作信息的通知",
        body="请各乡镇(街道)妇联于本月25日前报送本季度工作信息，每单位不少于2篇。",
        roles=[Role.TOWN_CHAIR],
    )
    meeting = services.notice_send(
        user=town_user,
        unit=town_a,
        kind="meeting",
        title="关于召开村(社区)妇联主席例会的通知",
        body="请各村(社区)妇联主席准时参会，汇报上半年工作。",
        units=[town_a],
        roles=[Role.VILLAGE_CHAIR],
        meeting_at=now + dt.timedelta(days=7),
        place=f"{town_a.name}政府三楼会议室",
    )
    for notice in (first_notice, meeting):
        # 古东关街道's chair and 包台村's chair have not read theirs yet (it shows on their home page)
        for r in notice.receipts.exclude(user__username__in=("town2_chair", "village_chair")):
            r.read_at = now
            if notice is meeting:
                r.signed_up_at = now
            r.save(update_fields=["read_at", "signed_up_at"])
    services.recipient_list_create(  # a saved recipient list, for notices and SMS
        user=town_user, unit=town_a, name="各村(社区)妇联主席及名册", roles=[Role.VILLAGE_CHAIR], roster=True
    )
    n_receipts = Receipt.objects.count()
    ctx.log(f"  公文与通知：发文 {sent} 件，收文 {len(RECEIVED) * 2} 件，通知 2 份（{n_receipts} 条回执）")
