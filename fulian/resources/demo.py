"""Demo resources, projects and services for 万源市 (called by `manage.py load_demo`, after aid): a fund of
竹峪镇 with donations from a company and a person, one use paying aid disbursements of the town (so the
fund's page traces the money to the women who received it); a county fund of goods for a flood (大米、矿泉水)
given out to 太平镇; services handled for women of a village; the county's 110家庭暴力预防中心 project, a
town's 居家灵活就业示范基地 and a village's 儿童之家; the pairing of 太平镇第二小学 with 黄钟学校."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from fulian.orgs.services.demo import TOWN_A, VILLAGE_A1
from fulian.people.models import Person

from . import services
from .models import Kind, ServiceKind

TAIPING = "511781100"  # 太平镇
SEED = 20


def _day(ctx, days_ago: int) -> dt.date:
    """A day of this year, `days_ago` before today when the year is long enough (1 January otherwise)."""
    return max(dt.date(ctx.today.year, 1, 1), ctx.today - dt.timedelta(days=days_ago))


def _town(ctx, code: str):
    return next((t for t in ctx.towns if t.code == code), None)


def _village(ctx):
    """包台村, the village of the demo's village chair (the first village of 竹峪镇 otherwise)."""
    return (
        next((v for v in ctx.villages if v.code == VILLAGE_A1), None) or ctx.villages_of(ctx.unit(TOWN_A))[0]
    )


def _funds(ctx, county_user, town_user) -> str:
    from fulian.aid.models import Disbursement

    town = ctx.unit(TOWN_A)
    fund = services.fund_create(
        user=town_user, unit=town, name="春蕾助学与困难母亲救助金", purpose="资助困难妇女儿童"
    )
    paid = list(
        Disbursement.objects.filter(
            village_path__startswith=town.path,
            status=Disbursement.Status.ACTIVE,
            paid_on__year=ctx.today.year,
        ).order_by("paid_on", "id")[:4]
    )
    need = sum((d.amount for d in paid), Decimal("0"))
    first = _day(ctx, 120)
    services.donation_receive(
        user=town_user,
        fund=fund,
        donor_kind="company",
        donor="万源市巴山建材有限公司",
        amount=max(Decimal("20000"), need),
        purpose="困难母亲救助",
        received_on=first,
    )
    services.donation_receive(
        user=town_user,
        fund=fund,
        donor_kind="person",
        donor="竹峪镇爱心人士李先生",
        amount=Decimal("1000"),
        purpose="春蕾助学",
        received_on=_day(ctx, 60),
    )
    if paid:
        services.use_record(
            user=town_user,
            fund=fund,
            target="aid",
            recipient="困难母亲救助发放",
            used_on=max(first, max(d.paid_on for d in paid)),
            disbursements=paid,
        )
    county = ctx.county
    flood = services.fund_create(
        user=county_user, unit=county, name="抗洪救灾捐赠物资", purpose="洪灾受灾群众"
    )
    services.donation_receive(
        user=county_user,
        fund=flood,
        donor_kind="unit",
        donor="万源市粮油储备公司",
        kind=Kind.GOODS,
        items=[
            {"name": "大米", "quantity": "50", "measure": "袋", "unit_value": "80"},
            {"name": "矿泉水", "quantity": "100", "measure": "箱", "unit_value": "25"},
        ],
        received_on=_day(ctx, 30),
    )
    taiping = _town(ctx, TAIPING)
    services.use_record(
        user=county_user,
        fund=flood,
        kind=Kind.GOODS,
        target="disaster",
        recipient=f"{taiping.name if taiping else '太平镇'}受灾群众",
        amount=Decimal("4000"),
        used_on=_day(ctx, 29),
    )
    return f"{len(paid)} 笔救助发放由捐款支付"


def _services(ctx, user) -> int:
    village = _village(ctx)
    women = list(
        Person.objects.filter(
            village_path__startswith=village.path, gender="F", merged_into__isnull=True
        ).order_by("id")[:12]
    )
    if len(women) < 12:
        from fulian.people.demo import demo_people

        women += demo_people(ctx, village, 12 - len(women), ages=(25, 55))
    kinds = list(ServiceKind.objects.filter(is_active=True).order_by("order"))
    rng = random.Random(SEED)  # its own: the apps loaded after this one draw from ctx.rng as before
    n = 0
    for i, person in enumerate(women):
        for kind in kinds[: 1 + i % 3]:
            services.service_record(
                user=user, person=person, kind=kind, handled_on=_day(ctx, rng.randrange(5, 150))
            )
            n += 1
    return n


def _projects(ctx, county_user, town_user, village_user) -> None:
    county, town = ctx.county, ctx.unit(TOWN_A)
    start = _day(ctx, 160)
    dv = services.project_create(
        user=county_user,
        unit=county,
        name="110家庭暴力预防中心项目",
        type="dv_centre",
        partners="万源市公安局、万源市司法局",
        funding=Decimal("50000"),
        proposed_on=start,
        people_served=86,
        description="联合公安110设立家庭暴力预防中心，受理求助、紧急庇护、转介帮扶。",
    )
    services.project_advance(user=county_user, project=dv, done_on=_day(ctx, 140), note="市妇联批准立项")
    services.project_advance(user=county_user, project=dv, done_on=_day(ctx, 100), note="中心挂牌运行")
    base = services.project_create(
        user=town_user,
        unit=town,
        name="居家灵活就业示范基地",
        type="employment_base",
        is_base=True,
        partners="万源市人社局",
        funding=Decimal("30000"),
        proposed_on=start,
        people_served=45,
        units_served="竹峪镇各村",
    )
    for days, note in ((150, "立项"), (120, "基地建成，开展手工编织培训"), (20, "通过验收")):
        services.project_advance(user=town_user, project=base, done_on=_day(ctx, days), note=note)
    from fulian.employment.models import Training

    hosted = list(Training.objects.filter(unit_path__startswith=town.path).order_by("started_on", "id")[:2])
    services.base_host(user=town_user, project=base, trainings=hosted)
    village = _village(ctx)
    services.project_create(
        user=village_user,
        unit=village,
        name=f"{village.name}儿童之家",
        type="children_home",
        proposed_on=start,
    )


def _pairings(ctx, county_user) -> None:
    unit = _town(ctx, TAIPING) or ctx.county  # 太平镇 records it; 黄钟学校 is in 黄钟镇
    pairing = services.pairing_create(
        user=county_user,
        unit=unit,
        type="schools",
        party_a="太平镇第二小学",
        party_b="黄钟学校",
        started_on=_day(ctx, 150),
        note="城乡学校手拉手结对",
    )
    for days, title, n in ((120, "手拉手读书交流会", 60), (40, "留守儿童心理健康讲座", 85)):
        services.pairing_activity_add(
            user=county_user, pairing=pairing, held_on=_day(ctx, days), title=title, participants=n
        )


def load(ctx) -> None:
    county_user = ctx.users.get("admin") or ctx.users.get("county")
    town_user = ctx.users.get("town_chair") or county_user
    village_user = ctx.users.get("village_chair") or town_user
    paid = _funds(ctx, county_user, town_user)
    handled = _services(ctx, village_user)
    _projects(ctx, county_user, town_user, village_user)
    _pairings(ctx, county_user)
    ctx.log(f"资源与代办：2 个捐赠账户（{paid}），{handled} 件代办服务，3 个项目与基地，1 对结对共建")
