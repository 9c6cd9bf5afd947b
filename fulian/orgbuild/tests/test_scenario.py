"""A whole 改建 of 青龙村 through the services, from the plan to the filed result and the new roster, and the
paragraph of the town's annual summary that tells it with its dates and numbers."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from fulian.core.figures import collect
from fulian.core.periods import Period
from fulian.core.summary import SummaryContext, plain
from fulian.orgbuild import exports, selectors, services, summary
from fulian.orgbuild.models import Candidate, Contest, Election, PostRecord, Step
from fulian.orgs.models import FederationMember, Position

from .conftest import woman

D = datetime.date
WOMEN = [120, 95, 80, 64, 50, 38, 23]  # entered by hand: the registry of the demo village is incomplete


def vote(user, election, contest, winners, losers, *, group=None, day, entitled, present, void=0):
    """Open a round, put one box in, count it: winners get present-1 votes, losers 1."""
    rnd = services.round_open(
        user=user,
        election=election,
        contest=contest,
        group=group,
        held_on=day,
        entitled=entitled,
        present=present,
    )
    valid = present - void
    votes = dict.fromkeys(winners, valid - 1) | dict.fromkeys(losers, 1)
    services.box_record(
        user=user, rnd=rnd, name="第1票箱", issued=present, returned=present, void=void, votes=votes
    )
    return services.round_close(user=user, rnd=rnd)


def candidates(user, election, contest, people, group=None):
    return [
        services.candidate_add(user=user, election=election, contest=contest, person=p, group=group)
        for p in people
    ]


@pytest.fixture
def old_roster(cast):
    return FederationMember.objects.create(
        unit=cast.village_a1, name="老主任", position=Position.CHAIR, term_start=D(2022, 3, 1)
    )


def test_a_whole_restructure_from_plan_to_summary(cast, community, old_roster, clock):
    clock.set(D(2027, 3, 21))
    user = cast.staff_a  # the town runs its villages' elections
    e = services.election_create(
        user=user,
        unit=cast.village_a1,
        kind=Election.Kind.RESTRUCTURE,
        title="青龙村妇代会改建妇联",
        representative_seats=32,
        committee_seats=7,
        vice_chair_seats=2,
    )
    assert (e.ratio_percent, e.term_years, e.seat_method) == (20, 5, "largest_remainder")
    plan = SimpleUploadedFile("方案.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    services.step_record(
        user=user,
        election=e,
        kind=Step.Kind.PLAN,
        done_on=D(2027, 3, 2),
        place="村委会",
        attendance=9,
        attachment=plan,
    )
    services.step_record(user=user, election=e, kind=Step.Kind.BRANCH, done_on=D(2027, 3, 5), attendance=5)
    with pytest.raises(ValidationError, match="不能早于前一步"):
        services.step_record(user=user, election=e, kind=Step.Kind.SEATS, done_on=D(2027, 3, 4))

    women = {g: (n, False) for g, n in zip(community.groups, WOMEN, strict=True)}
    services.seats_allocate(user=user, election=e, women=women)
    seats = {s.group.name: s.seats for s in e.shares.all()}
    assert seats == {"一组": 7, "二组": 6, "三组": 5, "四组": 5, "五组": 4, "六组": 3, "七组": 2}
    assert not any(s.from_registry for s in e.shares.all())
    services.step_record(user=user, election=e, kind=Step.Kind.SEATS, done_on=D(2027, 3, 8), place="社长会")

    # each group chooses its representatives, with more candidates than seats (差额 20%)
    reps = []
    for i, g in enumerate(community.groups):
        n = seats[g.name]
        people = community.women[g.pk] + [woman(cast.village_a1, g, 500 + i * 10 + k) for k in range(n)]
        cands = candidates(user, e, Contest.REPRESENTATIVE, people[:n], group=g)
        if i == 0:  # 7 seats at 20% need 9 candidates
            with pytest.raises(ValidationError, match="至少需要9名候选人，候选人只有7名"):
                services.round_open(
                    user=user, election=e, contest=Contest.REPRESENTATIVE, group=g, held_on=D(2027, 3, 9),
                    entitled=40, present=40,
                )  # fmt: skip
        cands += candidates(user, e, Contest.REPRESENTATIVE, people[n : n + (n * 20 + 99) // 100], group=g)
        vote(
            user,
            e,
            Contest.REPRESENTATIVE,
            cands[:n],
            cands[n:],
            group=g,
            day=D(2027, 3, 9),
            entitled=40,
            present=30,
        )
        reps += [c.person for c in cands[:n]]
    assert (
        e.candidates.filter(contest=Contest.REPRESENTATIVE, outcome=Candidate.Outcome.ELECTED).count() == 32
    )
    services.step_record(user=user, election=e, kind=Step.Kind.NOMINATE, done_on=D(2027, 3, 9))
    services.step_record(
        user=user, election=e, kind=Step.Kind.FILED, done_on=D(2027, 3, 10), place="竹峪镇妇联"
    )

    # the congress elects 7 执委 out of 9 (one void ballot)
    committee = candidates(user, e, Contest.COMMITTEE, reps[:9])
    rnd = vote(
        user,
        e,
        Contest.COMMITTEE,
        committee[:7],
        committee[7:],
        day=D(2027, 3, 20),
        entitled=32,
        present=30,
        void=1,
    )
    assert rnd.problems == ""
    services.step_record(
        user=user, election=e, kind=Step.Kind.CONGRESS, done_on=D(2027, 3, 20), attendance=30
    )
    e.refresh_from_db()
    assert e.vote_date == D(2027, 3, 20)

    # the committee's first meeting elects the chair and two vice-chairs among the 执委
    with pytest.raises(ValidationError, match="应为当选的执委"):
        candidates(user, e, Contest.CHAIR, [committee[8].person])
    chair = candidates(user, e, Contest.CHAIR, [committee[0].person])
    vote(user, e, Contest.CHAIR, chair, [], day=D(2027, 3, 20), entitled=7, present=7)
    with pytest.raises(ValidationError) as refused:
        services.candidate_add(
            user=user, election=e, contest=Contest.CHAIR, person=committee[3].person, full_time=True
        )
    assert refused.value.message_dict == {"full_time": ["只有副主席候选人可以设为专职"]}
    vices = [
        services.candidate_add(
            user=user, election=e, contest=Contest.VICE_CHAIR, person=c.person, full_time=c is committee[1]
        )
        for c in committee[1:3]
    ]
    vote(user, e, Contest.VICE_CHAIR, vices, [], day=D(2027, 3, 20), entitled=7, present=7)
    services.step_record(
        user=user, election=e, kind=Step.Kind.FIRST_MEETING, done_on=D(2027, 3, 20), attendance=7
    )

    created = services.election_apply(user=user, election=e)
    assert len(created) == 1 + 2 + 4 + 32
    old_roster.refresh_from_db()
    assert old_roster.term_end == D(2027, 3, 19)
    assert old_roster.post_record.removed_reason == "改建离任"
    new_chair = FederationMember.objects.get(
        unit=cast.village_a1, position=Position.CHAIR, term_start=D(2027, 3, 20)
    )
    assert new_chair.term_end == D(2032, 3, 19)
    assert new_chair.post_record.person == committee[0].person
    assert new_chair.post_record.how == PostRecord.How.ELECTED
    # the vice-chair elected as 专职 holds the full-time post, the other the part-time one
    vice_posts = dict(
        FederationMember.objects.filter(
            unit=cast.village_a1, term_start=D(2027, 3, 20), position__startswith="vice_chair"
        ).values_list("name", "position")
    )
    assert vice_posts == {
        committee[1].person.name: Position.VICE_CHAIR_FULL,
        committee[2].person.name: Position.VICE_CHAIR_PART,
    }
    with pytest.raises(ValidationError, match="已公布结果"):
        services.candidate_add(user=user, election=e, contest=Contest.COMMITTEE, person=reps[10])

    # the town's annual summary tells the pilot step by step
    period = Period.year(2027)
    ctx = SummaryContext(
        user=cast.chair_a,
        unit=cast.town_a,
        period=period,
        figures=collect(user=cast.chair_a, unit=cast.town_a, period=period),
    )
    assert ctx.figures["orgbuild.restructures"] == 1
    assert ctx.figures["orgbuild.elected.committee"] == 7
    assert ctx.figures["orgbuild.elected.representatives"] == 32
    (para,) = summary.contribute(ctx)
    text = plain(para.text)
    assert text.startswith("扎实推进妇联组织改革，完成1个村（社区）妇联改建，选举产生执委7名、妇女代表32名。")
    assert "青龙村作为妇联改建试点，3月2日成立改建工作领导小组、制定工作方案" in text
    assert "3月5日经支委会研究确定妇女代表名额32名" in text
    assert "3月8日将代表名额分配到7个村民小组" in text
    assert "3月9日各村民小组推选产生妇女代表32名" in text
    assert "3月10日将代表名单报上级妇联备案" in text
    assert "3月20日召开妇女代表大会，差额选举产生执委7名" in text
    assert "选举产生主席1名、副主席2名" in text
    # the year before knows nothing of it
    last = Period.year(2026)
    assert collect(user=cast.chair_a, unit=cast.town_a, period=last)["orgbuild.restructures"] == 0

    # the downloads: the announcement names the congress and the chair; the workbook the arithmetic
    doc = Document(io.BytesIO(exports.announcement_docx(e).content))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "青龙村妇女代表大会于2027年3月20日召开，应到代表32名，实到30名" in body
    assert f"选举{committee[0].person.name}为主席" in body
    filing = Document(io.BytesIO(exports.filing_docx(e).content))
    assert "2027年3月2日，成立领导小组，制定工作方案，地点村委会，参加9人。" in [
        p.text for p in filing.paragraphs
    ]
    assert len(filing.tables[0].rows) == 1 + 1 + 2 + 7 + 32  # by contest: the chair is also one of the 执委
    rounds = selectors.rounds(election=e)
    assert len(rounds) == 7 + 3
    assert rounds[7].valid == 29


def test_the_printable_ballot_lists_the_round_s_candidates_by_strokes(cast, login):
    from django.urls import reverse

    from .factories import make_election

    made = make_election(cast, counted=False)
    rnd = services.round_open(
        user=cast.chair_a,
        election=made.election,
        contest=Contest.COMMITTEE,
        held_on=D(2027, 6, 1),
        entitled=30,
        present=25,
    )
    response = login(cast.vchair_a1).get(reverse("orgbuild:ballot", args=[rnd.pk]))
    doc = Document(io.BytesIO(response.content))
    assert doc.paragraphs[0].text == "青龙村执委选举选票"
    assert doc.paragraphs[1].text == "第1轮 · 应选3名 · 2027年6月1日"
    # 王(4) 刘(6) then 张(7) 李(7), whose tie the second character decides: 玉(5) before 秀(7)
    assert [c.text for c in doc.tables[0].rows[0].cells] == ["王桂兰", "刘凤英", "张玉兰", "李秀英"]
    assert "多于3个的，本张选票无效" in doc.paragraphs[2].text
