"""The summary lint over many random years (hypothesis): whatever the records, the generated summary of a
town and of the county passes every rule of `reports/summary/lint.py` — one figure per fact, 其中 parts
that sum to their whole in the same measure, no pattern more than twice, nothing a reader should not see,
no empty or repeated heading, and an opening whose verdict follows the plan.

Each example builds last year and this year from scratch inside a savepoint that is rolled back (records
straight into the tables, as the figures read them), so the examples stay independent and quick.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from fulian.activities.models import (
    Activity,
    ActivityQuantity,
    ActivityTeam,
    ActivityType,
    OutsideBody,
    QuantityKind,
)
from fulian.aid.models import Application, Disbursement, Programme
from fulian.care.models import Pairing, Visit, Volunteer
from fulian.core.figures import collect
from fulian.core.periods import Period
from fulian.people.tests.factories import PersonFactory
from fulian.reports.models import PlanItem
from fulian.reports.selectors import plan_progress
from fulian.reports.summary.generator import generate
from fulian.reports.summary.lint import lint, pattern, shows_value

YEAR = 2026
TYPES = [
    "sanba",
    "publicity",
    "rights_publicity",
    "family_education",
    "sports",
    "free_clinic",
    "forum",
    "other",
]
KINDS = ["proposal", "eco_bag", "leaflet", "consultation", "complaint", "gift"]
UNITS = ["county", "town_a", "town_b", "village_a1", "village_a2", "village_b1"]
PLAN_KEYS = [
    ("activities.count", "场", "开展主题活动"),
    ("aid.persons", "人", "救助困难妇女儿童"),
    ("care.pairings.active", "对", "爱心妈妈结对"),
]

activity = st.tuples(
    st.sampled_from(TYPES),
    st.sampled_from(UNITS),
    st.integers(0, 600),  # participants
    st.dictionaries(st.sampled_from(KINDS), st.integers(1, 400_000), max_size=3),
    st.booleans(),  # with a partner body
    st.integers(0, 3),  # teams
)
aid = st.tuples(st.sampled_from(["poor", "cancer", "spring"]), st.integers(0, 5), st.integers(100, 30_000))
visit = st.tuples(st.booleans(), st.booleans())  # need found, solved
year_records = st.fixed_dictionaries(
    {
        "activities": st.lists(activity, max_size=7),
        "aid": st.lists(aid, max_size=8),
        "pairs": st.integers(0, 3),
        "visits": st.lists(visit, max_size=5),
    }
)
plan = st.none() | st.lists(st.tuples(st.sampled_from(PLAN_KEYS), st.integers(0, 12)), min_size=1, max_size=3)


def build(cast, year: int, spec: dict, people: list, programmes: dict) -> None:
    types = {t.code: t for t in ActivityType.objects.all()}
    kinds = {k.code: k for k in QuantityKind.objects.all()}
    body = OutsideBody.objects.first()
    for i, (code, where, participants, quantities, partner, teams) in enumerate(spec["activities"]):
        unit = getattr(cast, where)
        day = datetime.date(year, 1 + i % 12, 1 + (i * 7) % 28)
        a = Activity.objects.create(
            type=types[code], title=f"{unit.name}{types[code].name}活动{i + 1}", start_date=day, end_date=day,
            place="文化广场", unit=unit, unit_path=unit.path, participant_count=participants,
            money_spent=Decimal(participants * 3),
        )  # fmt: skip
        if partner and body:
            a.co_bodies.add(body)
        for k, amount in quantities.items():
            ActivityQuantity.objects.create(activity=a, kind=kinds[k], amount=amount)
        for t in range(teams):
            ActivityTeam.objects.create(activity=a, name=f"第{t + 1}队", members=6)
    for code, who, amount in spec["aid"]:
        person = people[who]
        app = Application.objects.create(
            programme=programmes[code], person=person, village=person.village,
            village_path=person.village.path, amount=amount, status=Application.Status.DISBURSED,
            submitted_by=cast.chair_a,
        )  # fmt: skip
        Disbursement.objects.create(
            application=app, programme=app.programme, person=person, village_path=person.village.path,
            amount=Decimal(amount), paid_on=datetime.date(year, 6, 1),
        )  # fmt: skip
    for n in range(spec["pairs"]):
        mother = Volunteer.objects.create(
            person=PersonFactory(village=cast.village_a1), village=cast.village_a1,
            kind=Volunteer.Kind.CARING_MOTHER if n % 2 == 0 else Volunteer.Kind.WOMEN_VOLUNTEER,
            registered_on=datetime.date(year, 1, 2),
        )  # fmt: skip
        child = PersonFactory(village=cast.village_a1, birth_date=datetime.date(year - 8, 1, 1))
        pairing = Pairing.objects.create(
            volunteer=mother, child=child, village=cast.village_a1, started_on=datetime.date(year, 1, 10),
            ended_on=datetime.date(year, 12, 20), reason="父母外出务工",
        )  # fmt: skip
        for j, (need, solved) in enumerate(spec["visits"]):
            Visit.objects.create(
                pairing=pairing, village=cast.village_a1, visited_on=datetime.date(year, 2 + j, 3),
                notes="走访", needs_found="缺少学习用品" if need else "", need_solved=need and solved,
            )  # fmt: skip


def check(cast, user, unit) -> list[str]:
    period = Period.year(YEAR)
    generated = generate(user=user, unit=unit, period=period)
    figures = collect(user=user, unit=unit, period=period)
    progress = plan_progress(user=user, unit=unit, year=YEAR, figures=figures)
    return lint(generated, figures=figures, progress=progress)


@pytest.mark.django_db(transaction=False)
@settings(
    max_examples=10,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(last=year_records, this=year_records, targets=plan)
def test_every_random_year_passes_the_summary_lint(cast, last, this, targets):
    with transaction.atomic():
        people = [PersonFactory(village=v) for v in (cast.village_a1, cast.village_a2, cast.village_b1) * 3]
        programmes = {
            code: Programme.objects.create(
                code=code,
                name=name,
                year=YEAR,
                unit=cast.county,
                unit_path=cast.county.path,
                budget=Decimal(10**6),
                min_amount=Decimal(1),
                max_amount=Decimal(10**5),
            )
            for code, name in (("poor", "贫困母亲救助"), ("cancer", "两癌救助"), ("spring", "春节慰问"))
        }
        build(cast, YEAR - 1, last, people, programmes)
        build(cast, YEAR, this, people, programmes)
        for (key, measure, title), target in dict(targets or []).items():
            for unit in (cast.town_a, cast.county):
                PlanItem.objects.create(
                    unit=unit, year=YEAR, title=title, metric_key=key, target=target, measure=measure
                )
        town = check(cast, cast.chair_a, cast.town_a)
        county = check(cast, cast.county_user, cast.county)
        transaction.set_rollback(True)
    assert not town, "\n".join(town)
    assert not county, "\n".join(county)


def test_the_lint_catches_what_a_chair_would(cast):
    """Each rule fails on the text the issue complained about."""
    from fulian.reports.summary.generator import Generated

    def para(text, part="section", area="care", heading="做好困难妇女儿童救助"):
        return Generated("k", part, area, heading, 10, text)

    figures = {"aid.persons": 133, "aid.persons.a": 84, "aid.persons.b": 84, "aid.count": 168, "x.zero": 0}
    parts = para("救助[[aid.persons|133人]]，其中，甲[[aid.persons.a|84人]]、乙[[aid.persons.b|84人]]。")
    assert any("之和（168）与总数（133）" in p for p in lint([parts], figures=figures))
    mixed = para("救助[[aid.persons|133人]]，其中甲[[aid.count|168人次]]。")
    assert any("单位与总数不一致" in p for p in lint([mixed], figures=figures))
    twice = [para("救助[[aid.persons|133人]]。"), para("共救助[[aid.persons|130人]]。")]
    assert any("写法不一" in p for p in lint(twice, figures=figures))
    zero = para("咨询[[x.zero|不足5件]]，随机种子20261121，code_x 0人。")
    found = " ".join(lint([zero], figures=figures))
    for word in ("台账为0", "随机种子", "code_x", "0人"):
        assert word in found
    same = [para("围绕中心工作，组织开展三八节活动[[aid.persons|133人]]，取得了良好的社会反响。")] * 3
    assert any("句式重复3次" in p for p in lint(same, figures=figures))
    assert pattern("围绕中心工作，组织开展运动会活动20场，取得了良好的社会反响。") == "围绕中心…社会反响"
    assert shows_value("29万余份", 293_456)
    assert not shows_value("30万余份", 293_456)
    assert shows_value("8.7万元", Decimal("87049"))
    assert not shows_value("223人", 224)
    plan_item = PlanItem(unit=cast.town_a, year=YEAR, title="救助困难妇女儿童", metric_key="aid.persons")
    behind = [{"item": plan_item, "status": "behind"}]
    opening = para("2026年……全年全面完成了全年各项工作目标任务。", part="opening", area="", heading="")
    found = " ".join(lint([opening], figures=figures, progress=behind))
    assert "开篇却声称完成" in found
    assert "没有写入存在的问题：救助困难妇女儿童" in found
    assert "重复“全年”" in found
    assert "没有目标任务" in " ".join(lint([opening], figures=figures, progress=[]))
