"""Named highlights chosen by their documented rule (fulian/core/highlights.py): aid's largest payouts (one
programme's payments of one day: most money, then people, then the earliest day), written with the day,
the programme, the people and the money; the phrasing turns across the summary."""

from __future__ import annotations

import datetime

from fulian.aid import services as aid
from fulian.aid import summary as aid_summary
from fulian.aid.tests.factories import make_person, make_programme, noticed
from fulian.core.figures import collect
from fulian.core.highlights import event_text
from fulian.core.periods import Period
from fulian.core.summary import SummaryContext

YEAR = 2027


def pay(cast, clock, programme, person, amount, day):
    clock.set(day)
    app = aid.application_submit(user=cast.vchair_a1, programme=programme, person=person, amount=amount)
    app = noticed(cast, app)
    return aid.disbursement_create(user=cast.chair_a, application=app, amount=amount, paid_on=day)


def test_aid_leads_with_its_largest_payouts(cast, clock):
    clock.set(datetime.date(YEAR, 1, 5))
    poor = make_programme(cast.county_user, cast.county, code="poor", name="贫困母亲救助")
    festival = make_programme(cast.county_user, cast.county, code="festival", name="两节慰问")
    women = [make_person(cast.village_a1, name) for name in ("张晓丽", "李秀英", "王芳", "赵敏")]
    pay(cast, clock, festival, women[0], "300", datetime.date(YEAR, 1, 20))
    pay(cast, clock, festival, women[1], "300", datetime.date(YEAR, 1, 20))  # 600 on 1月20日, 2 women
    pay(cast, clock, poor, women[2], "600", datetime.date(YEAR, 5, 10))  # 600, 1 woman: after on people
    pay(cast, clock, poor, women[3], "500", datetime.date(YEAR, 3, 1))  # 500: third, left out
    period = Period.year(YEAR)
    ctx = SummaryContext(
        user=cast.county_user,
        unit=cast.county,
        period=period,
        figures=collect(user=cast.county_user, unit=cast.county, period=period),
    )
    first, second = aid_summary._highlights(ctx)
    assert first == "1月20日，集中发放两节慰问款物600元，惠及2名困难妇女儿童。"
    assert second == f"{cast.county.name}妇联于5月10日为1名困难妇女儿童发放贫困母亲救助600元。"
    assert ctx.turn() == 2  # the next highlight of the summary turns to the third phrasing


def test_event_text_turns_its_phrasing_and_names_the_host_only_when_not_the_own_unit(cast):
    common = {
        "day": datetime.date(YEAR, 3, 8),
        "title": "“三八”义诊",
        "own_unit": cast.town_a,
        "place": "包台村",
    }
    forms = [event_text(i, **common, partners=["镇卫生院"], tail="为120名妇女测量血压") for i in range(3)]
    assert forms[0] == "3月8日，联合镇卫生院在包台村开展“‘三八’义诊”，为120名妇女测量血压。"
    assert forms[1].startswith(f"{cast.town_a.name}妇联于3月8日")
    assert forms[2].startswith("“‘三八’义诊”于3月8日在包台村举行")
    assert event_text(3, **common) == forms[0].replace("联合镇卫生院", "").replace(
        "，为120名妇女测量血压", ""
    )
    assert "官渡镇妇联" in event_text(0, **common, host="官渡镇妇联")
