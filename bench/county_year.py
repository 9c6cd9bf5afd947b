"""One county's year of records for the ledger and report benchmarks, inserted with bulk_create (the services
are not what is measured): 30 towns × 10 villages, people, and every ledger at plausible sizes."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2025
START, END = date(YEAR, 1, 1), date(YEAR, 12, 31)
SIZES = {  # rows at --scale 1
    "people": 200_000,
    "activities": 50_000,
    "aid_applications": 100_000,
    "aid_disbursements": 100_000,
    "volunteers": 3_000,
    "pairings": 6_000,
    "visits": 60_000,
    "screenings": 40_000,
    "trainings": 600,
    "trainees": 20_000,
    "fairs": 120,
    "employers": 1_200,
    "entrepreneurs": 3_000,
    "loans": 1_500,
}
TOWNS, VILLAGES_PER_TOWN = 30, 10


def _bulk(model, objs, batch=5000):
    model.objects.bulk_create(objs, batch_size=batch)
    return list(model.objects.order_by("id").values_list("id", flat=True))


def _day(rnd) -> date:
    return START + timedelta(days=rnd.randrange(365))


def generate(rnd, sizes) -> dict:
    """A county year, inserted directly with bulk_create (the services are not what is measured)."""
    from fulian.accounts.models import User
    from fulian.core.roles import Role
    from fulian.orgs.models import Level, Membership, OrgUnit
    from fulian.people.models import Person

    province = OrgUnit.add_root(name="四川省", level=Level.PROVINCE, code="51")
    city = province.add_child(name="达州市", level=Level.CITY, code="5117")
    county = city.add_child(name="万源市", level=Level.COUNTY, code="511781")
    towns, villages = [], []
    for t in range(TOWNS):
        county.refresh_from_db()
        town = county.add_child(name=f"镇{t + 1:02d}", level=Level.TOWN, code=f"511781{100 + t:03d}")
        towns.append(town)
        for v in range(VILLAGES_PER_TOWN):
            town.refresh_from_db()
            villages.append(
                town.add_child(
                    name=f"村{t + 1:02d}-{v + 1:02d}",
                    level=Level.VILLAGE,
                    code=f"511781{100 + t:03d}{200 + v:03d}",
                )
            )
    user = User.objects.create_user(username="bench_county", password="x" * 12, display_name="县妇联")
    Membership.objects.create(user=user, unit=county, role=Role.COUNTY_STAFF)

    people = []
    for _ in range(sizes["people"]):
        v = rnd.choice(villages)
        female = rnd.random() < 0.8
        people.append(
            Person(
                name="测试" + str(rnd.randrange(10**6)),
                gender="F" if female else "M",
                birth_date=date(rnd.randrange(1950, 2022), rnd.randrange(1, 13), rnd.randrange(1, 29)),
                village_id=v.id,
                village_path=v.path,
            )
        )
    person_ids = _bulk(Person, people)
    person_village = dict(Person.objects.values_list("id", "village_id"))
    person_path = {v.id: v.path for v in villages}
    rows = {"villages": len(villages), "people": len(person_ids)}
    ctx = {
        "rnd": rnd,
        "sizes": sizes,
        "county": county,
        "towns": towns,
        "villages": villages,
        "user": user,
        "person_ids": person_ids,
        "person_village": person_village,
        "path_of": person_path,
        "rows": rows,
    }
    for gen in (gen_care, gen_health, gen_employment, gen_activities, gen_aid):
        gen(ctx)
    return {"county": county, "town": towns[0], "user": user, "rows": rows}


def gen_care(c) -> None:
    from fulian.care.models import Pairing, Visit, Volunteer

    rnd, s = c["rnd"], c["sizes"]
    village_of, path_of = c["person_village"], c["path_of"]
    picks = rnd.sample(c["person_ids"], s["volunteers"] + s["pairings"])
    vols = [
        Volunteer(
            person_id=pid,
            village_id=village_of[pid],
            village_path=path_of[village_of[pid]],
            registered_on=date(2020, 1, 1),
        )
        for pid in picks[: s["volunteers"]]
    ]
    vol_ids = _bulk(Volunteer, vols)
    pairs = []
    for child in picks[s["volunteers"] :]:
        started = _day(rnd) - timedelta(days=rnd.randrange(700))
        ended = started + timedelta(days=rnd.randrange(30, 500)) if rnd.random() < 0.3 else None
        pairs.append(
            Pairing(
                volunteer_id=rnd.choice(vol_ids),
                child_id=child,
                village_id=village_of[child],
                village_path=path_of[village_of[child]],
                started_on=started,
                ended_on=ended,
                reason="父母外出务工",
                frequency=30,
                next_visit_due=started + timedelta(days=30),
            )
        )
    pair_ids = _bulk(Pairing, pairs)
    pairing_village = dict(Pairing.objects.values_list("id", "village_id"))
    kinds = ["home", "home", "phone", "video", "group"]
    visits = [
        Visit(
            pairing_id=(pid := rnd.choice(pair_ids)),
            village_id=pairing_village[pid],
            village_path=path_of[pairing_village[pid]],
            visited_on=_day(rnd),
            kind=rnd.choice(kinds),
            notes="走访",
            needs_found="学习用品" if rnd.random() < 0.2 else "",
        )
        for _ in range(s["visits"])
    ]
    _bulk(Visit, visits)
    c["rows"].update(volunteers=len(vol_ids), pairings=len(pair_ids), visits=len(visits))


def gen_health(c) -> None:
    from fulian.health.models import Campaign, Screening, ScreeningCount

    rnd, s = c["rnd"], c["sizes"]
    campaigns = [
        Campaign.objects.create(
            name=f"{YEAR}年两癌筛查", unit=c["county"], started_on=START, ended_on=END, target_count=30_000
        )
    ]
    for town in c["towns"]:
        campaigns.append(
            Campaign.objects.create(
                name=f"{town.name}妇科病普查",
                kind="gynaecological",
                unit=town,
                started_on=START,
                ended_on=END,
                target_count=500,
            )
        )
    results = ["normal"] * 90 + ["abnormal"] * 7 + ["positive"] * 2 + ["pending"]
    screenings = []
    for pid in rnd.sample(c["person_ids"], s["screenings"]):
        result = rnd.choice(results)
        positive = result == "positive"
        screenings.append(
            Screening(
                campaign=rnd.choice(campaigns),
                person_id=pid,
                village_id=c["person_village"][pid],
                village_path=c["path_of"][c["person_village"][pid]],
                screened_on=_day(rnd),
                age=45,
                result=result,
                referred_to="市中心医院" if positive else "",
                treatment="done" if positive and rnd.random() < 0.5 else "",
                free_surgery=positive and rnd.random() < 0.3,
            )
        )
    _bulk(Screening, screenings)
    counts = [
        ScreeningCount(
            campaign=campaigns[0],
            village=v,
            village_path=v.path,
            reported_on=_day(rnd),
            screened=(n := rnd.randrange(20, 200)),
            abnormal=n // 10,
            positive=n // 100,
            free_surgeries=0,
        )
        for v in c["villages"]
    ]
    _bulk(ScreeningCount, counts)
    c["rows"].update(screenings=len(screenings), screening_counts=len(counts))


def gen_employment(c) -> None:
    from fulian.employment.models import Entrepreneur, FairEmployer, JobFair, Loan, Trainee, Training

    rnd, s = c["rnd"], c["sizes"]
    village_of, path_of = c["person_village"], c["path_of"]
    units = [c["county"], *c["towns"]]
    tr_ids = _bulk(
        Training,
        [
            Training(
                title="技能培训",
                unit=(u := rnd.choice(units)),
                unit_path=u.path,
                started_on=(d := _day(rnd)),
                ended_on=d,
            )
            for _ in range(s["trainings"])
        ],
    )
    trainees = {}
    while len(trainees) < s["trainees"]:
        key = (rnd.choice(tr_ids), rnd.choice(c["person_ids"]))
        trainees[key] = Trainee(
            training_id=key[0],
            person_id=key[1],
            village_id=village_of[key[1]],
            village_path=path_of[village_of[key[1]]],
            certified=rnd.random() < 0.4,
        )
    _bulk(Trainee, list(trainees.values()))
    fair_ids = _bulk(
        JobFair,
        [
            JobFair(
                title="招聘会",
                unit=(u := rnd.choice(units)),
                unit_path=u.path,
                held_on=_day(rnd),
                attendees=rnd.randrange(50, 500),
            )
            for _ in range(s["fairs"])
        ],
    )
    _bulk(
        FairEmployer,
        [
            FairEmployer(
                fair_id=rnd.choice(fair_ids),
                name=f"企业{i}",
                posts_offered=(n := rnd.randrange(1, 50)),
                hires=rnd.randrange(0, n + 1),
            )
            for i in range(s["employers"])
        ],
    )
    ent_people = rnd.sample(c["person_ids"], s["entrepreneurs"])
    ent_ids = _bulk(
        Entrepreneur,
        [
            Entrepreneur(
                person_id=p,
                village_id=village_of[p],
                village_path=path_of[village_of[p]],
                kind="graduate",
                business_name="网店",
                started_on=_day(rnd) - timedelta(days=rnd.randrange(1000)),
            )
            for p in ent_people
        ],
    )
    ent_village = dict(Entrepreneur.objects.values_list("id", "village_id"))
    loans = []
    for _ in range(s["loans"]):
        e = rnd.choice(ent_ids)
        repaid = rnd.random() < 0.3
        loans.append(
            Loan(
                entrepreneur_id=e,
                village_id=ent_village[e],
                village_path=path_of[ent_village[e]],
                amount=Decimal(rnd.randrange(10, 30) * 5000),
                bank="农商银行",
                granted_on=_day(rnd),
                repaid=repaid,
                repaid_on=END if repaid else None,
            )
        )
    _bulk(Loan, loans)
    c["rows"].update(
        trainings=len(tr_ids),
        trainees=len(trainees),
        fairs=len(fair_ids),
        entrepreneurs=len(ent_ids),
        loans=len(loans),
    )


def gen_activities(c) -> None:
    try:
        from fulian.activities.models import Activity, ActivityQuantity, ActivityType, QuantityKind
    except ImportError:
        return
    rnd, s = c["rnd"], c["sizes"]
    types = list(ActivityType.objects.all()) or [ActivityType.objects.create(code="sanba", name="三八节")]
    kinds = list(QuantityKind.objects.all()) or [
        QuantityKind.objects.create(code="leaflet", name="宣传资料", unit="份")
    ]
    units = [c["county"], *c["towns"], *c["villages"]]
    acts = []
    for _ in range(s["activities"]):
        u = rnd.choice(units)
        d = _day(rnd)
        acts.append(
            Activity(
                type=rnd.choice(types),
                title="活动",
                start_date=d,
                end_date=d,
                unit=u,
                unit_path=u.path,
                participant_count=rnd.randrange(5, 300),
                money_spent=Decimal(rnd.randrange(0, 5000)),
            )
        )
    ids = _bulk(Activity, acts)
    quantities = [
        ActivityQuantity(activity_id=a, kind=rnd.choice(kinds), amount=rnd.randrange(10, 1000))
        for a in rnd.sample(ids, len(ids) // 2)
    ]
    _bulk(ActivityQuantity, quantities)
    c["rows"].update(activities=len(ids), activity_quantities=len(quantities))


def gen_aid(c) -> None:
    try:
        from fulian.aid.models import Application, Disbursement, Programme
    except ImportError:
        return
    from django.utils import timezone

    rnd, s = c["rnd"], c["sizes"]
    county = c["county"]
    programmes = [
        Programme.objects.create(
            code=code,
            name=name,
            unit=county,
            unit_path=county.path,
            year=YEAR,
            budget=Decimal("5000000"),
            min_amount=lo,
            max_amount=hi,
        )
        for code, name, lo, hi in [
            ("poor_mother", "贫困母亲救助", Decimal(300), Decimal(1000)),
            ("two_cancers", "两癌救助", Decimal(10000), Decimal(10000)),
            ("festival", "节日慰问", Decimal(100), Decimal(500)),
        ]
    ]
    tz = timezone.get_current_timezone()
    apps = []
    for _ in range(s["aid_applications"]):
        pid = rnd.choice(c["person_ids"])
        prog = rnd.choice(programmes)
        v = c["person_village"][pid]
        apps.append(
            Application(
                programme=prog,
                person_id=pid,
                village_id=v,
                village_path=c["path_of"][v],
                amount=prog.min_amount,
                status="disbursed",
                submitted_at=datetime.combine(_day(rnd), datetime.min.time(), tzinfo=tz),
            )
        )
    app_ids = _bulk(Application, apps)
    info = {
        a: (p, per, vp, amt)
        for a, p, per, vp, amt in Application.objects.values_list(
            "id", "programme_id", "person_id", "village_path", "amount"
        )
    }
    disb = []
    for a in app_ids[: s["aid_disbursements"]]:
        prog, pid, vp, amount = info[a]
        disb.append(
            Disbursement(
                application_id=a,
                programme_id=prog,
                person_id=pid,
                village_path=vp,
                amount=amount,
                kind="cash" if rnd.random() < 0.7 else "in_kind",
                paid_on=_day(rnd),
                status="active" if rnd.random() < 0.97 else "cancelled",
            )
        )
    _bulk(Disbursement, disb)
    c["rows"].update(aid_applications=len(app_ids), aid_disbursements=len(disb))
