"""A county-level city federation's year, built like summary 2 of the examples (with numbers of our own).

The records are entered through the services, the summary is generated, and every figure in it is checked
against the records — after an edit and a cancellation — with 万 formatting, and with sections that are
absent when their ledger is empty. The main test runs on each of the calendar's awkward days (`any_day`).
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.db.models import Count, Sum
from django.utils import timezone

from fulian.activities.models import Activity, ActivityQuantity
from fulian.activities.tests.factories import kind, make_activity
from fulian.aid import services as aid
from fulian.aid.models import Disbursement
from fulian.aid.tests.factories import make_person, make_programme, noticed
from fulian.care import services as care
from fulian.core.periods import Period
from fulian.core.summary import figure_keys
from fulian.reports.services import summary_create, summary_regenerate
from fulian.reports.summary.docx import outline


def summary_year() -> int:
    """The year summarised: this one once its records (January to 5 June) are all past, else the last one,
    as a federation writes its summary in December or the January after."""
    today = timezone.localdate()
    return today.year if today >= datetime.date(today.year, 6, 5) else today.year - 1


@pytest.fixture
def city_year(cast, clock):
    """三八节 with 320 participants, a 宣传 day handing out 4123 倡议书 and 500 环保袋 with 170 咨询, a 六一
    visit; 贫困母亲救助 for three women and 两癌救助 for one; one 爱心妈妈 pairing with two visits.
    Last year's records are entered in that December; the test then goes on from today."""
    today = timezone.localtime()
    year = summary_year()
    if year < today.year:
        clock.set(datetime.date(year, 12, 20))
    make_activity(
        cast.chair_a,
        cast.town_a,
        title="纪念三八国际劳动妇女节暨表彰大会",
        type_code="sanba",
        day=datetime.date(year, 3, 8),
        participant_count=320,
    )
    make_activity(
        cast.chair_a,
        cast.town_a,
        title="城乡环境治理进社区",
        type_code="publicity",
        day=datetime.date(year, 6, 5),
        participant_count=170,
        quantities={kind("proposal"): 4123, kind("eco_bag"): 500, kind("consultation"): 170},
    )
    make_activity(
        cast.chair_b,
        cast.town_b,
        title="六一慰问留守儿童",
        type_code="children_day",
        day=datetime.date(year, 6, 1),
        participant_count=71,
    )

    poor = make_programme(cast.county_user, cast.county, code="poor_mother", name="贫困母亲救助")
    cancer = make_programme(
        cast.county_user,
        cast.county,
        code="two_cancers",
        name="两癌救助",
        min_amount=Decimal(10000),
        max_amount=Decimal(10000),
        county_threshold=20000,
    )
    paid = []
    for name, amount in (("王秀英", 1000), ("曾小芳", 800), ("单红梅", 500)):
        app = aid.application_submit(
            user=cast.vchair_a1, programme=poor, person=make_person(cast.village_a1, name), amount=amount
        )
        paid.append(
            aid.disbursement_create(user=cast.chair_a, application=noticed(cast, app), amount=app.amount)
        )
    app = aid.application_submit(
        user=cast.vchair_a2, programme=cancer, person=make_person(cast.village_a2, "李娜"), amount=10000
    )
    paid.append(aid.disbursement_create(user=cast.chair_a, application=noticed(cast, app), amount=app.amount))

    volunteer = care.volunteer_register(
        user=cast.chair_a,
        person=make_person(cast.village_a1, "周芳"),
        registered_on=datetime.date(year, 1, 5),
    )
    child = make_person(cast.village_a1, "周小宝")
    child.birth_date = datetime.date(year - 8, 4, 1)
    child.save()
    pairing = care.pairing_create(
        user=cast.chair_a,
        volunteer=volunteer,
        child=child,
        started_on=datetime.date(year, 2, 1),
        reason="父母外出务工",
    )
    care.visit_record(
        user=cast.chair_a, pairing=pairing, visited_on=datetime.date(year, 3, 1), notes="辅导作业"
    )
    care.visit_record(
        user=cast.chair_a,
        pairing=pairing,
        visited_on=datetime.date(year, 4, 1),
        notes="家访",
        needs_found="缺少学习用品",
    )
    clock.set(today)
    return {"paid": paid, "year": year}


def body(draft) -> str:
    return "\n".join(t for k, t in outline(draft) if k == "body")


def records_aid():
    active = Disbursement.objects.filter(status=Disbursement.Status.ACTIVE)
    return active.aggregate(n=Count("person", distinct=True), total=Sum("amount"))


def test_city_summary_figures_match_the_records(any_day, cast, city_year):
    year = city_year["year"]
    draft = summary_create(
        user=cast.county_user, unit=cast.county, period=Period.year(year), background=False
    )
    text = body(draft)
    assert draft.title == f"万源市妇联{year}年度工作总结"
    assert "现有乡镇（街道）妇联2个、村（社区）妇联3个" in text

    activities = Activity.objects.filter(start_date__year=year)
    assert f"全年共组织开展各类活动{activities.count()}场" in text
    assert f"参与群众{sum(a.participant_count or 0 for a in activities)}人次" in text
    proposals = ActivityQuantity.objects.filter(kind__code="proposal").aggregate(s=Sum("amount"))["s"]
    assert proposals == 4123
    assert "倡议书4100余份" in text  # written the genre's way
    assert "环保袋500个" in text

    agg = records_aid()
    assert (agg["n"], agg["total"]) == (4, Decimal("12300.00"))
    assert "全年累计救助困难妇女儿童4人，发放现金及慰问品共计1.2万元" in text
    assert "贫困母亲救助3人（2300元）" in text
    assert "两癌救助1人（1万元）" in text
    assert "爱心妈妈与1名留守儿童结对" in text
    assert "开展走访2次" in text

    h1 = [t for k, t in outline(draft) if k == "h1"]
    assert not any("创业就业" in t for t in h1)  # no employment records: no section
    assert not any("维权" in t for t in h1)


def test_figures_follow_edits_and_cancellations(cast, city_year):
    year = city_year["year"]
    first, second = city_year["paid"][:2]
    aid.disbursement_update(user=cast.chair_a, disbursement=first, amount=Decimal("900"))
    aid.disbursement_cancel(user=cast.chair_a, disbursement=second, reason="重复登记")
    draft = summary_create(
        user=cast.county_user, unit=cast.county, period=Period.year(year), background=False
    )
    agg = records_aid()
    assert (agg["n"], agg["total"]) == (3, Decimal("11400.00"))
    text = body(draft)
    assert "全年累计救助困难妇女儿童3人，发放现金及慰问品共计1.1万元" in text
    assert "贫困母亲救助2人（1400元）" in text


def test_every_figure_links_to_a_known_key_and_the_town_sees_only_its_own(cast, city_year):
    year = city_year["year"]
    county = summary_create(
        user=cast.county_user, unit=cast.county, period=Period.year(year), background=False
    )
    keys = {k for p in county.paragraphs.all() for k in figure_keys(p.generated_text)}
    assert {"aid.persons", "aid.amount", "activities.count", "care.children"} <= keys
    town_b = summary_create(user=cast.chair_b, unit=cast.town_b, period=Period.year(year))
    text_b = body(town_b)
    assert "全年共组织开展各类活动1场" in text_b  # only 古东关街道's 六一 visit
    assert "救助" not in text_b


def test_sections_appear_once_records_exist(cast, city_year):
    year = city_year["year"]
    from fulian.employment import services as employment

    draft = summary_create(
        user=cast.county_user, unit=cast.county, period=Period.year(year), background=False
    )
    assert not draft.paragraphs.filter(area="employment").exists()
    training = employment.training_create(
        user=cast.chair_a,
        unit=cast.town_a,
        title="家政服务技能培训",
        started_on=datetime.date(year, 5, 10),
        ended_on=datetime.date(year, 5, 12),
    )
    for name in ("甲", "乙"):
        employment.trainee_add(
            user=cast.chair_a, training=training, person=make_person(cast.village_a1, name)
        )
    summary_regenerate(user=cast.county_user, draft=draft)
    text = body(draft)
    assert re.search(r"举办技能培训1期，培训妇女2人次", text)
    h1 = [t.split("、", 1)[1] for k, t in outline(draft) if k == "h1"]
    assert h1[:3] == [
        "加强组织建设，夯实基层基础",
        "强化思想引领，做好宣传工作",
        "深化巾帼建功，促进创业就业",
    ]


def test_a_city_year_with_last_year_named_events_partners_and_a_missed_target(cast, clock, city_year):
    """Last year's records give the year-on-year change; the most significant events are named with date,
    partners, place and participants; the plan's missed target is named under 存在的问题 and the opening
    claims no completion; the text passes the summary lint."""
    from fulian.activities.models import OutsideBody
    from fulian.core.figures import collect
    from fulian.reports.models import PlanItem
    from fulian.reports.selectors import plan_progress
    from fulian.reports.summary.generator import generate
    from fulian.reports.summary.lint import lint

    year = city_year["year"]
    for day in (datetime.date(year - 1, 3, 8), datetime.date(year - 1, 9, 1)):
        make_activity(
            cast.chair_a, cast.town_a, title="往年活动", type_code="sanba", day=day, participant_count=10
        )
    make_activity(
        cast.chair_a,
        cast.town_a,
        title="“美丽庭院”家庭教育讲座",
        type_code="family_education",
        day=datetime.date(year, 5, 20),
        place="青龙村活动室",
        participant_count=120,
        co_bodies=[OutsideBody.objects.get(name="教育局")],
        quantities={kind("leaflet"): 300},
    )
    PlanItem.objects.create(
        unit=cast.county,
        year=year,
        title="救助困难妇女儿童",
        metric_key="aid.persons",
        target=Decimal(10),
        measure="人",
    )
    PlanItem.objects.create(
        unit=cast.county,
        year=year,
        title="开展主题活动",
        metric_key="activities.count",
        target=Decimal(3),
        measure="场",
    )
    draft = summary_create(
        user=cast.county_user, unit=cast.county, period=Period.year(year), background=False
    )
    text = body(draft)
    assert "全年共组织开展各类活动4场，比上年增加2场、增长100%" in text
    assert "5月20日" in text
    assert "联合教育局在青龙村活动室" in text
    assert "‘美丽庭院’家庭教育讲座" in text
    assert "120名群众参加，发放宣传资料300份" in text
    problems = " ".join(p.generated_text for p in draft.paragraphs.filter(part="problems"))
    assert "救助困难妇女儿童（目标10人，实际完成[[aid.persons|4人]]）" in problems
    assert "开展主题活动" not in problems  # met: 4 of 3
    opening = draft.paragraphs.get(key="opening").generated_text
    assert "年度2项量化目标任务中已完成1项" in opening
    assert "全面完成" not in opening
    plans = " ".join(p.generated_text for p in draft.paragraphs.filter(part="plans"))
    assert "针对救助困难妇女儿童未完成的情况" in plans
    period = Period.year(year)
    figures = collect(user=cast.county_user, unit=cast.county, period=period)
    progress = plan_progress(user=cast.county_user, unit=cast.county, year=year, figures=figures)
    assert (
        lint(
            generate(user=cast.county_user, unit=cast.county, period=period),
            figures=figures,
            progress=progress,
        )
        == []
    )


def test_two_units_with_different_data_never_share_their_problems_and_plans(cast, city_year):
    year = city_year["year"]
    county = summary_create(
        user=cast.county_user, unit=cast.county, period=Period.year(year), background=False
    )
    town = summary_create(user=cast.chair_b, unit=cast.town_b, period=Period.year(year))

    def closing(draft):
        return {p.generated_text for p in draft.paragraphs.filter(part__in=["problems", "plans"])}

    assert closing(county)
    assert closing(town)
    assert not closing(county) & closing(town)
