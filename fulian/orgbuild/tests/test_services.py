"""The rules the services keep: eligibility of candidates, women counted from the registry, void rounds,
ties and further rounds, appointments and removals, training lists, places, figures and reminders."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fulian.core.figures import collect
from fulian.core.periods import Period
from fulian.core.summary import SummaryContext, plain
from fulian.orgbuild import selectors, services, summary
from fulian.orgbuild.models import Candidate, Contest, Election, Place, PostRecord, SeatShare, Step
from fulian.orgs.models import FederationMember, Position

from .conftest import woman

pytestmark = pytest.mark.django_db
D = datetime.date


def _election(cast, **extra):
    return services.election_create(
        user=cast.chair_a,
        unit=cast.village_a1,
        kind=Election.Kind.NEW_TERM,
        title="青龙村妇联换届",
        representative_seats=extra.pop("representative_seats", 7),
        committee_seats=extra.pop("committee_seats", 3),
        vice_chair_seats=extra.pop("vice_chair_seats", 1),
        ratio_percent=extra.pop("ratio_percent", 0),
        **extra,
    )


def test_women_are_counted_from_the_registry_adults_only(cast, community, clock):
    clock.set(D(2027, 6, 15))
    g = community.groups[1]
    woman(cast.village_a1, g, 901, born=D(2009, 6, 15))  # 18 today: counted
    woman(cast.village_a1, g, 902, born=D(2009, 6, 16))  # 18 tomorrow: not
    woman(cast.village_a1, g, 903, gender="M")
    e = _election(cast)
    counted = selectors.registry_women(election=e)
    assert counted[g.pk] == 6
    assert counted[community.groups[0].pk] == 5
    assert set(counted) == {x.pk for x in community.groups}


def test_seats_refuse_a_unit_outside_the_village_and_mark_entered_counts(cast, community):
    e = _election(cast)
    with pytest.raises(ValidationError, match="不属于青龙村"):
        services.seats_allocate(user=cast.chair_a, election=e, women={cast.village_a2: (5, True)})
    women = dict.fromkeys(community.groups, (5, True))
    women[community.groups[2]] = (40, False)
    services.seats_allocate(user=cast.chair_a, election=e, women=women, total=10)
    e.refresh_from_db()
    assert e.representative_seats == 10
    share = SeatShare.objects.get(election=e, group=community.groups[2])
    # 3 seats beyond the 7 guaranteed: 3×40/70 = 1.71 → 1, and the largest remainder (.71) → 1 more
    assert (share.seats, share.from_registry) == (3, False)
    with pytest.raises(ValidationError, match="少于村民小组数7个"):
        services.seats_allocate(user=cast.chair_a, election=e, women=women, total=6)


def test_candidate_eligibility(cast, community, clock):
    clock.set(D(2027, 6, 15))
    e = _election(cast)
    services.seats_allocate(user=cast.chair_a, election=e, women=dict.fromkeys(community.groups, (5, True)))
    g1, g2 = community.groups[:2]
    ok = community.women[g1.pk][0]
    services.candidate_add(user=cast.chair_a, election=e, contest=Contest.REPRESENTATIVE, person=ok, group=g1)
    with pytest.raises(ValidationError, match="已是本次妇女代表候选人（一组）"):
        services.candidate_add(
            user=cast.chair_a, election=e, contest=Contest.REPRESENTATIVE, person=ok, group=g1
        )
    with pytest.raises(ValidationError, match="登记在一组，不能在二组推选"):
        services.candidate_add(
            user=cast.chair_a,
            election=e,
            contest=Contest.REPRESENTATIVE,
            person=community.women[g1.pk][1],
            group=g2,
        )
    young = woman(cast.village_a1, g1, 904, born=D(2009, 6, 16))
    with pytest.raises(ValidationError, match="未满18周岁"):
        services.candidate_add(
            user=cast.chair_a, election=e, contest=Contest.REPRESENTATIVE, person=young, group=g1
        )
    grown = woman(cast.village_a1, g1, 905, born=D(2009, 6, 15))
    services.candidate_add(
        user=cast.chair_a, election=e, contest=Contest.REPRESENTATIVE, person=grown, group=g1
    )
    man = woman(cast.village_a1, g1, 906, gender="M")
    with pytest.raises(ValidationError, match="候选人应为女性"):
        services.candidate_add(
            user=cast.chair_a, election=e, contest=Contest.REPRESENTATIVE, person=man, group=g1
        )
    other = woman(cast.village_a2, None, 907)
    with pytest.raises(ValidationError, match="不是青龙村登记的妇女"):
        services.candidate_add(user=cast.chair_a, election=e, contest=Contest.COMMITTEE, person=other)
    with pytest.raises(ValidationError, match="请选择已分配名额的推选单位"):
        services.candidate_add(
            user=cast.chair_a, election=e, contest=Contest.REPRESENTATIVE, person=community.women[g2.pk][0]
        )


def _committee(cast, community, n=4, ratio=0):
    e = _election(cast, ratio_percent=ratio)
    people = community.women[community.groups[0].pk][:n]
    cands = [
        services.candidate_add(user=cast.chair_a, election=e, contest=Contest.COMMITTEE, person=p)
        for p in people
    ]
    rnd = services.round_open(
        user=cast.chair_a,
        election=e,
        contest=Contest.COMMITTEE,
        held_on=D(2027, 3, 20),
        entitled=20,
        present=11,
    )
    return e, cands, rnd


def test_a_round_without_quorum_or_with_too_many_ballots_elects_nobody(cast, community):
    e, cands, rnd = _committee(cast, community)
    services.box_record(
        user=cast.chair_a,
        rnd=rnd,
        name="1",
        issued=11,
        returned=11,
        void=0,
        votes=dict.fromkeys(cands[:3], 10),
    )
    rnd.present = 10  # half of 20 is not more than half
    rnd.save()
    services.round_close(user=cast.chair_a, rnd=rnd)
    assert "未超过应到20人的半数" in rnd.problems
    assert not e.candidates.filter(outcome=Candidate.Outcome.ELECTED).exists()
    with pytest.raises(ValidationError, match="本轮已计票"):
        services.box_record(user=cast.chair_a, rnd=rnd, name="2", issued=1, returned=1, void=0, votes={})
    rnd2 = services.round_open(
        user=cast.chair_a,
        election=e,
        contest=Contest.COMMITTEE,
        held_on=D(2027, 3, 20),
        entitled=20,
        present=11,
    )
    with pytest.raises(ValidationError, match="收回选票12张，多于发出选票11张"):
        services.box_record(user=cast.chair_a, rnd=rnd2, name="1", issued=11, returned=12, void=0, votes={})


def test_a_tie_at_the_last_seat_goes_to_a_further_round(cast, community):
    e, cands, rnd = _committee(cast, community)
    votes = {cands[0]: 10, cands[1]: 8, cands[2]: 6, cands[3]: 6}  # 10 valid: 6 is a majority
    services.box_record(user=cast.chair_a, rnd=rnd, name="1", issued=11, returned=11, void=1, votes=votes)
    services.round_close(user=cast.chair_a, rnd=rnd)
    outcomes = {c.person.name: c.outcome for c in e.candidates.select_related("person")}
    assert [outcomes[c.person.name] for c in cands] == ["elected", "elected", "pending", "pending"]
    rnd2 = services.round_open(
        user=cast.chair_a,
        election=e,
        contest=Contest.COMMITTEE,
        held_on=D(2027, 3, 20),
        entitled=20,
        present=11,
    )
    assert (rnd2.number, rnd2.seats) == (2, 1)
    services.box_record(
        user=cast.chair_a,
        rnd=rnd2,
        name="1",
        issued=11,
        returned=11,
        void=0,
        votes={cands[2]: 6, cands[3]: 5},
    )
    services.round_close(user=cast.chair_a, rnd=rnd2)
    cands[2].refresh_from_db()
    cands[3].refresh_from_db()
    assert (cands[2].outcome, cands[3].outcome) == ("elected", "not_elected")


def test_the_ratio_needs_more_candidates_than_seats(cast, community):
    with pytest.raises(ValidationError, match="至少需要4名候选人，候选人只有3名"):
        _committee(cast, community, n=3, ratio=20)
    _, _, rnd = _committee(cast, community, n=4, ratio=20)
    assert rnd.seats == 3


def test_appoint_and_remove_keep_the_post_history(cast, community, clock):
    clock.set(D(2027, 6, 15))
    person = community.women[community.groups[0].pk][0]
    member = services.post_appoint(
        user=cast.vchair_a1,
        unit=cast.village_a1,
        person=person,
        position=Position.VICE_CHAIR_PART,
        term_start=D(2027, 5, 1),
        reason="原副主席外出务工",
    )
    assert member.name == person.name
    assert member.post_record.how == PostRecord.How.ADJUSTED
    with pytest.raises(ValidationError, match="请填写离任原因"):
        services.post_remove(user=cast.vchair_a1, member=member, removed_on=D(2027, 6, 1), reason=" ")
    with pytest.raises(ValidationError, match="离任日期不能晚于今天"):
        services.post_remove(user=cast.vchair_a1, member=member, removed_on=D(2027, 6, 16), reason="调离")
    services.post_remove(user=cast.vchair_a1, member=member, removed_on=D(2027, 6, 15), reason="调离")
    member.refresh_from_db()
    assert (member.term_end, member.post_record.removed_reason) == (D(2027, 6, 15), "调离")
    with pytest.raises(ValidationError, match="不是红旗村登记的人员"):
        services.post_appoint(
            user=cast.chair_a,
            unit=cast.village_a2,
            person=person,
            position="committee",
            term_start=D(2027, 5, 1),
            reason="x",
        )
    figures = collect(user=cast.chair_a, unit=cast.town_a, period=Period.year(2027))
    assert figures["orgbuild.posts.adjusted"] == 1
    assert (
        collect(user=cast.chair_a, unit=cast.town_a, period=Period.year(2026))["orgbuild.posts.adjusted"] == 0
    )


def test_training_takes_cadres_of_its_units_in_office(cast):
    training = services.training_create(
        user=cast.chair_a,
        unit=cast.town_a,
        kind="up",
        title="上挂市妇联跟班学习",
        started_on=D(2027, 4, 1),
        ended_on=D(2027, 6, 30),
        hours=Decimal("120"),
    )
    ours = FederationMember.objects.create(
        unit=cast.village_a1, name="张丽", position=Position.CHAIR, term_start=D(2024, 3, 1)
    )
    theirs = FederationMember.objects.create(
        unit=cast.village_b1, name="钱敏", position=Position.CHAIR, term_start=D(2024, 3, 1)
    )
    later = FederationMember.objects.create(
        unit=cast.village_a2, name="陈新", position=Position.COMMITTEE, term_start=D(2027, 4, 2)
    )
    services.attendance_add(user=cast.chair_a, training=training, member=ours)
    with pytest.raises(ValidationError, match="不是竹峪镇及所辖单位的妇联干部"):
        services.attendance_add(user=cast.chair_a, training=training, member=theirs)
    with pytest.raises(ValidationError, match="培训开始时不在任"):
        services.attendance_add(user=cast.chair_a, training=training, member=later)
    with pytest.raises(ValidationError, match="已在参训名单中"):
        services.attendance_add(user=cast.chair_a, training=training, member=ours)
    with pytest.raises(ValidationError, match="学时必须大于0"):
        services.training_create(
            user=cast.chair_a, unit=cast.town_a, kind="meeting", title="x", started_on=D(2027, 4, 1),
            ended_on=D(2027, 4, 1), hours=Decimal("0"),
        )  # fmt: skip
    period = Period.year(2027)
    figures = collect(user=cast.chair_a, unit=cast.town_a, period=period)
    assert (figures["orgbuild.trainings"], figures["orgbuild.trainings.up"], figures["orgbuild.trained"]) == (
        1,
        1,
        1,
    )
    ctx = SummaryContext(user=cast.chair_a, unit=cast.town_a, period=period, figures=figures)
    texts = [plain(p.text) for p in summary.contribute(ctx)]
    assert texts == ["采取上挂等方式，开展妇联干部培训1期，培训妇联干部1人次。"]


def test_places_opened_this_year_and_homes_in_use(cast, clock):
    clock.set(D(2027, 6, 15))
    services.place_create(
        user=cast.vchair_a1,
        unit=cast.village_a1,
        kind=Place.Kind.HOME,
        name="青龙村妇女之家",
        opened_on=D(2026, 5, 1),
    )
    office = services.place_create(
        user=cast.chair_a,
        unit=cast.town_a,
        kind=Place.Kind.OFFICE,
        name="镇妇联办公室",
        opened_on=D(2027, 1, 1),
        area=Decimal("20"),
    )
    with pytest.raises(ValidationError, match="启用日期不能晚于今天"):
        services.place_update(user=cast.chair_a, place=office, opened_on=D(2027, 6, 16))
    office.refresh_from_db()
    assert office.opened_on == D(2027, 1, 1)
    with pytest.raises(ValidationError, match="面积必须大于0"):
        services.place_update(user=cast.chair_a, place=office, area=Decimal("0"))
    period = Period.year(2027)
    figures = collect(user=cast.chair_a, unit=cast.town_a, period=period)
    assert (
        figures["orgbuild.places.homes"],
        figures["orgbuild.places.new"],
        figures["orgbuild.places.offices_new"],
    ) == (1, 1, 1)
    ctx = SummaryContext(user=cast.chair_a, unit=cast.town_a, period=period, figures=figures)
    assert [plain(p.text) for p in summary.contribute(ctx)] == [
        "加强阵地建设，新落实阵地1处，其中办公室1处，现有妇女之家1个。"
    ]
    # the county's staff see it, the other town's chair does not
    assert collect(user=cast.chair_b, unit=cast.town_b, period=period)["orgbuild.places.new"] == 0


def test_expiring_terms_are_announced_within_the_window(cast, clock):
    clock.set(D(2027, 6, 15))
    FederationMember.objects.create(
        unit=cast.village_a1,
        name="张丽",
        position=Position.CHAIR,
        term_start=D(2022, 12, 12),
        term_end=D(2027, 12, 11),
    )  # 179 days from today
    FederationMember.objects.create(
        unit=cast.village_a2,
        name="陈芳",
        position=Position.CHAIR,
        term_start=D(2022, 12, 13),
        term_end=D(2027, 12, 13),
    )  # 181 days
    rows = selectors.expiring_terms(user=cast.chair_a)
    assert [(r["unit"].name, r["days"]) for r in rows] == [("青龙村", 179)]
    assert selectors.expiring_terms(user=cast.chair_b) == []
    assert [r["unit"].name for r in selectors.expiring_terms(user=cast.chair_a, within_days=181)] == [
        "青龙村",
        "红旗村",
    ]


def test_steps_keep_their_order_and_check_the_upload(cast, clock):
    from django.core.files.uploadedfile import SimpleUploadedFile

    clock.set(D(2027, 6, 15))
    e = _election(cast)
    fake = SimpleUploadedFile("纪要.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match=r"内容与扩展名 \.pdf 不符"):
        services.step_record(
            user=cast.chair_a, election=e, kind=Step.Kind.PLAN, done_on=D(2027, 3, 1), attachment=fake
        )
    assert not e.steps.exists()
    with pytest.raises(ValidationError, match="日期不能晚于今天"):
        services.step_record(user=cast.chair_a, election=e, kind=Step.Kind.PLAN, done_on=D(2027, 6, 16))
    services.step_record(user=cast.chair_a, election=e, kind=Step.Kind.BRANCH, done_on=D(2027, 3, 5))
    with pytest.raises(ValidationError, match="不能晚于后一步“支委会研究”（2027-03-05）"):
        services.step_record(user=cast.chair_a, election=e, kind=Step.Kind.PLAN, done_on=D(2027, 3, 6))
    services.step_record(user=cast.chair_a, election=e, kind=Step.Kind.PLAN, done_on=D(2027, 3, 5))
    with pytest.raises(ValidationError, match="请先分配代表名额"):
        services.step_record(user=cast.chair_a, election=e, kind=Step.Kind.SEATS, done_on=D(2027, 3, 6))
