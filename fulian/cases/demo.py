"""Demo rights-protection cases for 竹峪镇 (called by `manage.py load_demo` with the demo context).

A handful of cases handled by the town's case worker (黄维权, `town_caseworker`), one of them red with a
protection order awaiting the court, so the chair (`town_chair`) sees the red flag and the deadline on her
home page; the county's case worker (陈维权, `caseworker`) is assigned to the red one too and handles two
cases in 古东关街道; one case of last year was closed then, so year-on-year figures show. Everything is
written through the services, as a user would.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fulian.orgs.services.demo import TOWN_A, TOWN_B

from . import services
from .models import Case, ReferralBody


def _bodies(ctx) -> dict[str, ReferralBody]:
    town_a, town_b = ctx.unit(TOWN_A), ctx.unit(TOWN_B)
    rows = [
        ("police", "竹峪派出所", ReferralBody.Kind.POLICE, town_a, "0818-8600110"),
        ("police_b", "古东关派出所", ReferralBody.Kind.POLICE, town_b, "0818-8620110"),
        ("court", "万源市人民法院", ReferralBody.Kind.COURT, ctx.county, "0818-8622345"),
        ("legal_aid", "万源市法律援助中心", ReferralBody.Kind.JUSTICE, ctx.county, "12348"),
        ("justice", "竹峪司法所", ReferralBody.Kind.JUSTICE, town_a, ""),
        ("civil", "万源市民政局", ReferralBody.Kind.CIVIL_AFFAIRS, ctx.county, ""),
        ("hospital", "万源市中心医院", ReferralBody.Kind.HOSPITAL, ctx.county, "0818-8621120"),
        ("school", "竹峪镇中心小学", ReferralBody.Kind.SCHOOL, town_a, ""),
        ("law_firm", "四川万源律师事务所", ReferralBody.Kind.LAW_FIRM, ctx.county, ""),
    ]
    return {
        key: ReferralBody.objects.create(name=name, kind=kind, unit=unit, phone=phone)
        for key, name, kind, unit, phone in rows
    }


def _person(ctx, village, *, age: int):
    from fulian.people.services import person_build

    born = ctx.today - dt.timedelta(days=age * 365 + ctx.rng.randrange(30, 300))
    person = person_build(name=ctx.person_name(), gender="F", birth_date=born, village=village)
    person.save()
    return person


def load(ctx) -> None:
    town = ctx.unit(TOWN_A)
    worker = ctx.users.get("town_caseworker")
    if worker is None:
        return
    bodies = _bodies(ctx)
    villages = ctx.villages_of(town)[:5]
    if not villages:
        return
    villages = [villages[i % len(villages)] for i in range(5)]
    now = timezone.now()

    def case(village, days_ago: float, **fields) -> Case:
        return services.case_register(
            user=worker,
            handling_unit=town,
            person=_person(ctx, village, age=ctx.rng.randrange(25, 55)),
            received_at=now - dt.timedelta(days=days_ago),
            **fields,
        )

    # 1. Red: knife threats; police, warning, and an urgent-enough order awaiting the court.
    red = case(
        villages[0],
        3,
        kind=Case.Kind.CASE,
        channel=Case.Channel.HOTLINE,
        type=Case.Type.DOMESTIC_VIOLENCE,
        respondent_name="某某（丈夫）",
        respondent_relation=Case.Relation.SPOUSE,
        narrative="丈夫长期酗酒后殴打，昨晚持菜刀威胁要杀她，她带孩子躲到娘家。",
        request="希望对方不再靠近她和孩子，申请人身安全保护令。",
    )
    services.case_assess(
        user=worker, case=red, answers={"weapon": True, "threat_to_kill": True, "children_exposed": True}
    )
    services.referral_create(user=worker, case=red, body=bodies["police"], asked="出警处置并出具告诫书")
    services.warning_record(
        user=worker, case=red, body=bodies["police"], issued_on=ctx.today - dt.timedelta(days=2)
    )
    services.order_apply(
        user=worker,
        case=red,
        body=bodies["court"],
        applicant="federation",
        applied_at=now - dt.timedelta(hours=62),
        note="妇联代为申请：禁止被申请人殴打、威胁、接触申请人及其子女。",
    )

    # 2. Orange: separation, legal aid, a follow-up due in two days.
    orange = case(
        villages[1],
        20,
        kind=Case.Kind.CASE,
        channel=Case.Channel.VISIT,
        type=Case.Type.MARRIAGE,
        respondent_relation=Case.Relation.SPOUSE,
        narrative="丈夫外出务工后长期不寄生活费，提出离婚并要求孩子抚养权。",
        request="咨询离婚诉讼和抚养费。",
    )
    services.case_assess(user=worker, case=orange, answers={"separating": True, "no_safe_place": True})
    services.referral_create(user=worker, case=orange, body=bodies["legal_aid"], asked="申请法律援助")
    services.followup_record(
        user=worker,
        case=orange,
        visited_on=ctx.today - dt.timedelta(days=5),
        method="phone",
        note="已约法律援助律师面谈。",
        next_visit_on=ctx.today + dt.timedelta(days=2),
    )

    # 3. A granted order ending in ten days.
    granted = case(
        villages[2],
        170,
        kind=Case.Kind.CASE,
        channel=Case.Channel.REFERRAL,
        referred_by=Case.ReferredBy.POLICE,
        type=Case.Type.DOMESTIC_VIOLENCE,
        respondent_relation=Case.Relation.FORMER_SPOUSE,
        narrative="离婚后前夫多次到住处纠缠、砸门。",
        request="保护令到期前评估是否需要延长。",
    )
    services.case_assess(user=worker, case=granted, answers={"stalking": True, "escalating": True})
    order = services.order_apply(
        user=worker,
        case=granted,
        body=bodies["court"],
        applicant="victim",
        applied_at=now - dt.timedelta(days=169),
    )
    start = ctx.today - dt.timedelta(days=168)
    services.order_decide(
        user=worker,
        measure=order,
        decision="granted",
        decided_at=now - dt.timedelta(days=168),
        valid_from=start,
        valid_until=ctx.today + dt.timedelta(days=10),
    )

    # 4. Yellow, closed with her satisfaction.
    closed = case(
        villages[3],
        40,
        kind=Case.Kind.CASE,
        channel=Case.Channel.PHONE,
        type=Case.Type.EMPLOYMENT,
        respondent_relation=Case.Relation.EMPLOYER,
        narrative="在镇上食品厂务工，怀孕后被辞退。",
        request="要求恢复工作或赔偿。",
    )
    services.case_assess(user=worker, case=closed, answers={})
    services.referral_create(user=worker, case=closed, body=bodies["justice"], asked="劳动争议调解")
    referral = closed.referrals.get()
    services.referral_update(user=worker, referral=referral, status="done", outcome="调解达成，补发工资")
    services.case_close(user=worker, case=closed, outcome="mediated", satisfaction="very")

    # 5. A consultation answered on the phone, and 6. a child-rights case referred by the school.
    case(
        villages[4],
        10,
        kind=Case.Kind.CONSULTATION,
        channel=Case.Channel.PHONE,
        type=Case.Type.PROPERTY,
        narrative="询问外嫁女土地承包权益。",
        answer="告知农村土地承包法相关规定，建议先向村委会书面反映。",
    )
    child = case(
        villages[0],
        6,
        kind=Case.Kind.CASE,
        channel=Case.Channel.REFERRAL,
        referred_by=Case.ReferredBy.SCHOOL,
        type=Case.Type.CHILD,
        narrative="学校反映留守儿童长期无人照看，身上有伤。",
        request="核实情况并联系监护人。",
    )
    services.case_handle(user=worker, case=child, note="与村妇联主席一起入户核实，联系在外务工的母亲。")

    # 7. Last year's case, closed then.
    last_year = timezone.make_aware(dt.datetime(ctx.today.year - 1, 9, 14, 10))
    old = case(
        villages[1],
        (now - last_year).total_seconds() / 86400,
        kind=Case.Kind.CASE,
        channel=Case.Channel.VISIT,
        type=Case.Type.MARRIAGE,
        respondent_relation=Case.Relation.RELATIVE,
        narrative="婆媳矛盾激化，婆婆不让其进家门。",
        request="希望村里出面调解。",
    )
    services.case_assess(user=worker, case=old, answers={})
    services.case_close(user=worker, case=old, outcome="mediated", satisfaction="satisfied")
    _county(ctx, red, bodies, now)
    ctx.log(f"  维权：{Case.objects.count()} 件（其中红色风险 1 件），转介单位 {len(bodies)} 个")


def _county(ctx, red: Case, bodies: dict, now) -> None:
    """The county's case worker: assigned to 竹峪镇's red case by the chair, and two cases of her own in
    古东关街道 (one open with a referral, one consultation answered)."""
    county_worker = ctx.users.get("caseworker")
    if county_worker is None:
        return
    chair = ctx.users.get("town_chair") or county_worker
    services.case_assign(user=chair, case=red, worker=county_worker)
    town_b = ctx.unit(TOWN_B)
    villages = ctx.villages_of(town_b)[:2]
    if not villages:
        return
    kept = services.case_register(
        user=county_worker,
        handling_unit=town_b,
        person=_person(ctx, villages[0], age=34),
        received_at=now - dt.timedelta(days=12),
        kind=Case.Kind.CASE,
        channel=Case.Channel.VISIT,
        type=Case.Type.DOMESTIC_VIOLENCE,
        respondent_relation=Case.Relation.SPOUSE,
        narrative="丈夫酒后推搡，多次言语威胁。",
        request="希望有人出面劝诫，了解申请保护令的条件。",
    )
    services.case_assess(user=county_worker, case=kept, answers={"escalating": True})
    services.referral_create(user=county_worker, case=kept, body=bodies["police_b"], asked="上门劝诫")
    services.case_register(
        user=county_worker,
        handling_unit=town_b,
        person=_person(ctx, villages[-1], age=46),
        received_at=now - dt.timedelta(days=30),
        kind=Case.Kind.CONSULTATION,
        channel=Case.Channel.PHONE,
        type=Case.Type.EMPLOYMENT,
        narrative="询问在社区超市工作未签劳动合同如何维权。",
        answer="告知可向劳动监察大队投诉，并可申请劳动仲裁。",
    )
