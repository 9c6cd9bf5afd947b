"""A year of resources and services in 竹峪镇, from the records to the paragraphs of the town's annual
summary, whose figures open their records; and the demo's share, loaded on the cast."""

from __future__ import annotations

import random
from decimal import Decimal

from fulian.core.figures import collect
from fulian.core.periods import Period
from fulian.core.summary import SummaryContext, plain
from fulian.orgs.services.demo import DemoContext
from fulian.resources import figures, selectors, services, summary
from fulian.resources.models import FundUse, Project

from .factories import D, disbursement, fund_with, kind, make_person


def _paragraphs(user, unit, year):
    period = Period.year(year)
    ctx = SummaryContext(
        user=user, unit=unit, period=period, figures=collect(user=user, unit=unit, period=period)
    )
    return ctx, {p.key: p for p in summary.contribute(ctx)}


def test_a_year_of_resources_reaches_the_summary(cast, clock):
    clock.set(D(2027, 12, 20))
    fund = fund_with(cast, "87000")  # 3月8日 from a company
    services.donation_receive(
        user=cast.staff_a, fund=fund, donor_kind="person", donor="李先生", amount=Decimal("1000"),
        received_on=D(2027, 4, 1),
    )  # fmt: skip
    cancelled = services.donation_receive(
        user=cast.staff_a, fund=fund, donor_kind="person", donor="重复录入", amount=Decimal("500"),
        received_on=D(2027, 4, 2),
    )  # fmt: skip
    services.donation_cancel(user=cast.staff_a, donation=cancelled, reason="重复录入")
    paid = disbursement(cast, make_person(cast.village_a1, "王秀英"), "800")
    services.use_record(
        user=cast.staff_a, fund=fund, target="aid", recipient="困难母亲救助", used_on=D(2027, 6, 20),
        disbursements=[paid],
    )  # fmt: skip
    women = [make_person(cast.village_a1, name) for name in ("张桂兰", "李玉梅", "陈红霞")]
    for person in women:
        services.service_record(user=cast.vchair_a1, person=person, kind=kind(), handled_on=D(2027, 5, 1))
    services.service_record(
        user=cast.vchair_a1, person=women[0], kind=kind("social_insurance"), handled_on=D(2027, 5, 2)
    )
    services.service_record(  # last year: not this year's paragraph
        user=cast.vchair_a1, person=women[1], kind=kind("medical_insurance"), handled_on=D(2026, 12, 31)
    )
    base = services.project_create(
        user=cast.chair_a, unit=cast.town_a, name="居家灵活就业示范基地", type="employment_base",
        is_base=True, proposed_on=D(2027, 2, 1),
    )  # fmt: skip
    services.project_advance(user=cast.chair_a, project=base, done_on=D(2027, 3, 1))
    services.project_advance(user=cast.chair_a, project=base, done_on=D(2027, 4, 1))
    services.project_create(  # only proposed: not yet counted
        user=cast.chair_a, unit=cast.town_a, name="儿童之家", type="children_home", proposed_on=D(2027, 9, 1)
    )
    services.pairing_create(
        user=cast.chair_a, unit=cast.town_a, type="schools", party_a="竹峪镇小学", party_b="黄钟学校",
        started_on=D(2027, 3, 1),
    )  # fmt: skip

    ctx, paras = _paragraphs(cast.chair_a, cast.town_a, 2027)
    assert ctx.figures["resources.donations.money"] == Decimal("88000")
    assert ctx.figures["resources.uses.aid"] == Decimal("800")
    assert (
        plain(paras["resources.services"].text)
        == "主动为妇女群众代办实事，为3名妇女代办再就业优惠证、社保补贴等4件。"
    )
    assert plain(paras["resources.donations"].text) == (
        "积极争取社会爱心资源，接受捐款8.8万元，用捐款为困难妇女儿童发放救助800元。"
    )
    assert (
        plain(paras["resources.projects"].text)
        == "依托项目和阵地提升服务能力，建成1个示范基地，开展结对共建1对。"
    )
    # every figure of a paragraph opens records that add up to it
    for key in (
        "resources.services",
        "resources.services.persons",
        "resources.donations.money",
        "resources.bases",
    ):
        trace = figures.records(
            key, user=cast.chair_a, unit=cast.town_a, start=D(2027, 1, 1), end=D(2027, 12, 31)
        )
        assert trace.total() == ctx.figures[key], key
    # the year before has only the one service
    ctx, paras = _paragraphs(cast.chair_a, cast.town_a, 2026)
    assert plain(paras["resources.services"].text) == "主动为妇女群众代办实事，为1名妇女代办医保1件。"
    assert "resources.donations" not in paras
    assert FundUse.objects.get().links.get().disbursement == paid
    assert Project.objects.filter(stage="running").count() == 1


def test_the_demo_share_loads_on_any_day(cast, any_day):
    from fulian.aid import demo as aid_demo
    from fulian.resources import demo

    ctx = DemoContext(
        county=cast.county,
        towns=[cast.town_a, cast.town_b],
        villages=[cast.village_a1, cast.village_a2, cast.village_b1],
        users={
            "admin": cast.admin,
            "county": cast.county_user,
            "town_chair": cast.chair_a,
            "village_chair": cast.vchair_a1,
        },
        rng=random.Random(1),
        today=any_day,
        log=lambda _msg: None,
    )
    aid_demo.load(ctx)
    demo.load(ctx)
    funds = {f.name: f for f in selectors.fund_list(user=cast.admin)}
    assert funds["春蕾助学与困难母亲救助金"].money_left >= Decimal("1000")
    assert funds["抗洪救灾捐赠物资"].goods_left == Decimal("2500")  # 6500 in, 4000 out
    assert selectors.service_list(user=cast.chair_a).count() > 10
    assert str(selectors.pairing_list(user=cast.admin).get()) == "太平镇第二小学与黄钟学校"
    year = Period.year(any_day.year)
    figs = collect(user=cast.admin, unit=cast.county, period=year)
    assert figs["resources.donations.money"] >= Decimal("21000")
    assert figs["resources.projects"] == 1
    assert figs["resources.bases"] == 1
