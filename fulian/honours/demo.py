"""Demo honours for 万源市 (called by `manage.py load_demo`): this year's county 三八红旗手 and 三八红旗集体
campaigns taken through quotas, nominations, review, 公示 and award; 包台村 named a city-level 巾帼示范村;
last year's village-level 最美家庭; a town's 最美家庭 selection open for nominations; and 创建: a village
creating a county-level 巾帼示范村 (创建中), a town's service centre named a town-level 巾帼文明岗 last
year."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

from fulian.orgs.services.demo import TOWN_A, TOWN_B, VILLAGE_A1, short_name
from fulian.people.demo import demo_people

from . import services, services_creation, services_support
from .models import HonourKind, HonourLevel, NominationFile

DEMO_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

DEEDS = [
    "扎根基层二十年，带领村里妇女发展特色种植，人均增收三千余元。",
    "组建巾帼志愿服务队，常年照料留守老人和儿童。",
    "创办家庭农场，带动周边四十余名妇女就近就业。",
    "在疫情防控和防汛救灾中冲锋在前，表现突出。",
]


def _kind(name: str) -> HonourKind:
    return HonourKind.objects.get(name=name)


def _campaign_to_award(ctx, user, kind_name: str, nominees) -> None:
    """A county campaign this year: quotas, nominations by the towns, review, 公示 ended, award."""
    today = ctx.today
    campaign = services.campaign_create(
        user=user,
        kind=_kind(kind_name),
        year=today.year,
        level=HonourLevel.COUNTY,
        unit=ctx.county,
        nominations_close=today,
        reference_date=today,
    )
    for town in (ctx.unit(TOWN_A), ctx.unit(TOWN_B)):
        services.quota_set(user=user, campaign=campaign, unit=town, places=6)
    noms = [
        services.nomination_submit(
            user=user, campaign=campaign, nominated_by=by, deeds=ctx.rng.choice(DEEDS), **holder
        )
        for by, holder in nominees
    ]
    for n in noms:
        services.nomination_review(user=user, nomination=n, approve=True)
    notice = services.notice_create(
        user=user,
        campaign=campaign,
        unit=ctx.county,
        nominations=noms,
        start_date=today - dt.timedelta(days=18),
        end_date=today - dt.timedelta(days=11),
        contact="0818-8621234",
    )
    services.notice_publish(user=user, notice=notice)
    objection = services.objection_record(
        user=user,
        notice=notice,
        content="反映推荐对象事迹材料有夸大",
        nomination=noms[0],
        received_on=today - dt.timedelta(days=15),
    )
    services.objection_resolve(
        user=user, objection=objection, upheld=False, resolution="经实地核实，事迹属实"
    )
    services.campaign_award(
        user=user,
        campaign=campaign,
        awarded_on=today - dt.timedelta(days=10),
        decision_number=f"万妇发〔{today.year}〕{ctx.rng.randrange(3, 30)}号",
    )


def load(ctx) -> None:
    county = ctx.users["county"]
    town_a, town_b = ctx.unit(TOWN_A), ctx.unit(TOWN_B)
    villages_a, villages_b = ctx.villages_of(town_a), ctx.villages_of(town_b)
    women = demo_people(ctx, villages_a[0], 4, ages=(30, 55)) + demo_people(
        ctx, villages_a[1], 2, ages=(30, 55)
    )
    women += demo_people(ctx, villages_b[0], 3, ages=(30, 55))
    people = [
        (town_a if p.village_path.startswith(town_a.path) else town_b, {"person": p}) for p in women[:7]
    ]
    _campaign_to_award(ctx, county, "三八红旗手", people)
    collectives = [
        (town_a, {"holder_name": "竹峪镇中心卫生院妇产科", "staff_total": 18, "staff_women": 16}),
        (town_b, {"holder_name": "古东关街道便民服务中心", "staff_total": 12, "staff_women": 8}),
    ]
    _campaign_to_award(ctx, county, "三八红旗集体", collectives)

    baotai = ctx.unit(VILLAGE_A1)
    services.award_record(
        user=county,
        kind=_kind("巾帼示范村"),
        level=HonourLevel.CITY,
        year=ctx.today.year,
        awarded_on=ctx.today - dt.timedelta(days=5),
        awarding_body="达州市妇联",
        unit=ctx.county,
        village=baotai,
    )
    # a family's 最美家庭 at village level last year, and this year's town selection open for nominations
    family = women[7]
    services.award_record(
        user=county,
        kind=_kind("最美家庭"),
        level=HonourLevel.VILLAGE,
        year=ctx.today.year - 1,
        awarded_on=ctx.today - dt.timedelta(days=300),
        awarding_body=f"{short_name(villages_b[0])}妇联",
        unit=villages_b[0],
        person=family,
    )
    town_chair = ctx.users["town_chair"]
    _creations(ctx, county, town_chair, town_a, villages_a[1])
    campaign = services.campaign_create(
        user=town_chair,
        kind=_kind("最美家庭"),
        year=ctx.today.year,
        level=HonourLevel.TOWN,
        unit=town_a,
        nominations_close=ctx.today + dt.timedelta(days=30),
    )
    noms = [
        services.nomination_submit(
            user=town_chair,
            campaign=campaign,
            nominated_by=villages_a[2],
            person=person,
            deeds="夫妻和睦、孝老爱亲，热心邻里公益。",
        )
        for person in demo_people(ctx, villages_a[2], 2, ages=(35, 60))
    ]
    # its first nomination's 事迹材料, and a family-planning record of the county (no kind vetoes by it)
    services_support.file_add(
        user=town_chair,
        nomination=noms[0],
        upload=ContentFile(DEMO_PDF, name="家庭事迹材料.pdf"),
        category=NominationFile.Category.DEEDS,
    )
    services_support.family_planning_add(
        user=county,
        person=women[8],
        occurred_on=ctx.today - dt.timedelta(days=3 * 365),
        source="万源市卫生健康局处理决定书",
    )


def _creations(ctx, county, town_chair, town_a, village) -> None:
    today = ctx.today
    building = services_creation.creation_apply(
        user=town_chair,
        kind=_kind("巾帼示范村"),
        level=HonourLevel.COUNTY,
        unit=town_a,
        village=village,
        supervisor=ctx.county,
        plan="建设妇女之家，开展最美家庭评选和巾帼志愿服务。",
        applied_on=today - dt.timedelta(days=120),
    )
    services_creation.creation_step(
        user=county, creation=building, step="accept", on=today - dt.timedelta(days=110), note="同意创建"
    )
    clinic = services_creation.creation_apply(
        user=town_chair,
        kind=_kind("巾帼文明岗"),
        level=HonourLevel.TOWN,
        unit=town_a,
        holder_name="竹峪镇便民服务中心",
        staff_total=14,
        staff_women=9,
        supervisor=town_a,
        applied_on=today - dt.timedelta(days=800),
    )
    services_creation.creation_step(
        user=town_chair, creation=clinic, step="accept", on=today - dt.timedelta(days=790)
    )
    services_creation.creation_step(
        user=town_chair,
        creation=clinic,
        step="name",
        on=today - dt.timedelta(days=400),  # last year: this year's summary is not changed by it
        next_review_on=today + dt.timedelta(days=330),
    )
