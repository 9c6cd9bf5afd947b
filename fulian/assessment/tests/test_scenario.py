"""Summary 1's shape, end to end: a town with 21 villages in two zones, three inspection groups, cross-checks
zone by zone, a draw of 8 villages and 4% of the women in them, questionnaires answered through the
sampled links, sheets self-scored, scored by the groups and locked, the ranking published, the summary
paragraph written."""

from decimal import Decimal

from django.utils import timezone

from conftest import make_unit
from fulian.assessment import selectors, services
from fulian.assessment.models import Sheet
from fulian.assessment.summary import contribute
from fulian.core.figures import collect
from fulian.core.periods import Period
from fulian.core.summary import SummaryContext, plain
from fulian.orgs.models import Level, Zone
from fulian.people.tests.factories import PersonFactory
from fulian.surveys import services as survey_services
from fulian.surveys.tests.factories import answers, make_questionnaire

from .factories import hand_items, make_rubric


def test_a_town_assesses_its_21_villages_like_summary_1(cast):
    year = timezone.localdate().year
    town = cast.town_a
    zones = [Zone.objects.create(town=town, name="宁锋片"), Zone.objects.create(town=town, name="东山片")]
    villages = [cast.village_a1, cast.village_a2]
    villages += [
        make_unit(town, name=f"第{n}村", level=Level.VILLAGE, code=f"5117811062{n:02d}") for n in range(3, 22)
    ]
    assert len(villages) == 21
    for k, v in enumerate(villages):
        v.zone = zones[k % 2]
        v.save()
        for _ in range(10):
            PersonFactory(village=v)

    rubric = make_rubric(cast.chair_a, town, year, auto_key="surveys.satisfaction")
    a = services.assessment_create(user=cast.chair_a, rubric=rubric, title=f"{year}年度村级妇联工作考核")
    items = hand_items(a)
    names = ["硬件设施组", "档案台帐组", "流动人口组"]
    for n, name in enumerate(names):
        services.group_save(
            user=cast.chair_a,
            assessment=a,
            name=name,
            leader=cast.staff_a if n else cast.chair_a,
            members=[cast.assessor_a],
            items=[items[n]],
            villages=villages,
        )

    for zone in zones:
        cc = services.cross_check_generate(
            user=cast.chair_a, assessment=a, zone=zone, seed=f"{year}-{zone.pk}"
        )
        assert all(p.checker_id != p.checked_id for p in cc.pairs.all())
    assert sum(cc.pairs.count() for cc in a.cross_checks.all()) == 21

    draw = services.draw_create(
        user=cast.chair_a, assessment=a, seed="20251121", village_count=8, women_ratio=Decimal("0.04")
    )
    assert len(draw.result["villages"]) == 8
    assert len(draw.person_ids()) == 8  # 4% of 10 women, rounded up: one in each drawn village

    q = make_questionnaire(cast, assessment=a)
    links = survey_services.links_for_draw(user=cast.chair_a, questionnaire=q, draw=draw)
    for n, link in enumerate(links):
        survey_services.response_submit(token=link.token, data=answers(q, 5 if n < 7 else 2))

    services.auto_scores_refresh(user=cast.chair_a, assessment=a)
    for k, v in enumerate(villages):
        sheet = a.sheets.get(village=v)
        for it in items:
            services.score_self(user=cast.chair_a, sheet=sheet, item=it, points=it.max_points)
        services.sheet_submit(user=cast.chair_a, sheet=sheet)
        for it in items:
            services.score_final(
                user=cast.assessor_a,
                sheet=sheet,
                item=it,
                deduction=k % 5,
                reason="台账缺页" if k % 5 else "",
            )
        services.sheet_lock(user=cast.chair_a, sheet=sheet)
    services.meeting_add(
        user=cast.chair_a, assessment=a, held_on=timezone.localdate(), attendees="各村妇联主席", zone=zones[0]
    )
    services.assessment_publish(user=cast.chair_a, assessment=a)

    rows = selectors.results(assessment=a)
    assert len(rows) == 21
    assert rows[0].rank == 1
    assert [r.result.total for r in rows] == sorted((r.result.total for r in rows), reverse=True)
    assert all(s.status == Sheet.Status.LOCKED for s in a.sheets.all())
    drawn_sheet_totals = {r.sheet.village_id: r for r in rows}
    a_drawn = draw.result["villages"][0]
    assert drawn_sheet_totals[a_drawn].result.total > 0

    own = selectors.results(assessment=a, user=cast.vchair_a1)
    assert [r.sheet.village for r in own] == [cast.village_a1]

    period = Period.year(year)
    ctx = SummaryContext(
        user=cast.chair_a,
        unit=town,
        period=period,
        figures=collect(user=cast.chair_a, unit=town, period=period),
    )
    (para,) = contribute(ctx)
    text = plain(para.text)
    assert para.area == "org"
    assert "对21个行政村(社区)进行考核" in text
    assert "硬件设施组、档案台帐组、流动人口组三组" in text
    assert "按4%的比例抽取8个村8名妇女群众" in text
    assert "满意度为87.5%" in text
    assert "交错互查" in text
    assert "分片座谈1次" in text
