"""Rounds of voting, their ballot boxes, the result, and the new roster on the day of the vote."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from fulian.core.scoping import require
from fulian.orgs.models import FederationMember, Position
from fulian.orgs.services.units import federation_member_create, federation_member_end

from ..models import Box, BoxVote, Candidate, Contest, Election, PostRecord, Round
from ..rules import box_problems, candidates_needed, decide, round_problems
from .elections import RUN, _not_future, _open

if TYPE_CHECKING:
    from fulian.accounts.models import User

POSITION: dict[str, Position] = {
    Contest.CHAIR: Position.CHAIR,
    Contest.VICE_CHAIR: Position.VICE_CHAIR_PART,
    Contest.COMMITTEE: Position.COMMITTEE,
    Contest.REPRESENTATIVE: Position.REPRESENTATIVE,
}


def contest_seats(election: Election, contest: str, group=None) -> int:
    """Seats of the contest (of the group, for representatives) still to fill."""
    if contest == Contest.REPRESENTATIVE:
        share = election.shares.filter(group=group).first()
        total = share.seats if share else 0
    else:
        seats: dict[str, int] = {Contest.COMMITTEE: election.committee_seats, Contest.CHAIR: 1}
        total = seats.get(contest, election.vice_chair_seats)
    elected = election.candidates.filter(contest=contest, outcome=Candidate.Outcome.ELECTED)
    if group is not None:
        elected = elected.filter(group=group)
    return total - elected.count()


def round_candidates(rnd: Round):
    qs = rnd.election.candidates.filter(contest=rnd.contest, outcome=Candidate.Outcome.PENDING)
    return qs.filter(group=rnd.group) if rnd.group_id else qs


@transaction.atomic
def round_open(
    *,
    user: User,
    election: Election,
    contest: str,
    held_on: datetime.date,
    entitled: int,
    present: int,
    group=None,
) -> Round:
    """Open a round of voting for the seats still unfilled; the 差额 ratio applies to the first round of
    representatives and 执委."""
    require(user, RUN, election)
    _open(election)
    _not_future(held_on, "held_on", "投票日期")
    if election.rounds.filter(closed=False).exists():
        raise ValidationError("上一轮投票尚未计票，请先完成计票")
    if contest != Contest.REPRESENTATIVE:
        group = None
    seats = contest_seats(election, contest, group)
    if seats <= 0:
        raise ValidationError({"contest": f"{Contest(contest).label}名额已全部选出"})
    if contest in (Contest.CHAIR, Contest.VICE_CHAIR) and contest_seats(election, Contest.COMMITTEE) > 0:
        raise ValidationError({"contest": "执委尚未全部选出，不能选举主席、副主席"})
    pending = election.candidates.filter(contest=contest, outcome=Candidate.Outcome.PENDING)
    if group is not None:
        pending = pending.filter(group=group)
    number = election.rounds.filter(contest=contest, group=group).count() + 1
    needed = seats
    if number == 1 and contest in (Contest.REPRESENTATIVE, Contest.COMMITTEE):
        needed = candidates_needed(seats, election.ratio_percent)
    have = pending.count()
    if have < needed:
        rule = f"按差额比例{election.ratio_percent}%至少需要{needed}名候选人，" if needed > seats else ""
        raise ValidationError({"contest": f"应选{seats}名，{rule}候选人只有{have}名"})
    rnd = Round(
        election=election,
        contest=contest,
        group=group,
        number=number,
        seats=seats,
        held_on=held_on,
        entitled=entitled,
        present=present,
    )
    rnd.full_clean()
    rnd.save()
    return rnd


@transaction.atomic
def box_record(
    *, user: User, rnd: Round, name: str, issued: int, returned: int, void: int, votes: dict
) -> Box:
    """Enter (or correct) one ballot box's count: {candidate: votes} for the round's candidates."""
    require(user, RUN, rnd.election)
    if rnd.closed:
        raise ValidationError("本轮已计票，不能再修改票箱")
    allowed = set(round_candidates(rnd).values_list("pk", flat=True))
    strangers = [c.person.name for c in votes if c.pk not in allowed]
    if strangers:
        raise ValidationError({"votes": f"不是本轮候选人：{'、'.join(strangers)}"})
    problems = box_problems(
        issued=issued,
        returned=returned,
        void=void,
        votes={c.person.name: v for c, v in votes.items()},
        seats=rnd.seats,
    )
    if problems:
        raise ValidationError({"votes": problems})
    box = Box.objects.filter(round=rnd, name=name.strip()).first() or Box(round=rnd, name=name.strip())
    box.issued, box.returned, box.void = issued, returned, void
    box.full_clean()
    box.save()
    box.votes.all().delete()
    BoxVote.objects.bulk_create(BoxVote(box=box, candidate=c, votes=v) for c, v in votes.items())
    return box


@transaction.atomic
def round_close(*, user: User, rnd: Round) -> Round:
    """Count the round: a round without quorum or with more ballots returned than issued is void; else the
    candidates with more than half of the valid ballots are elected within the seats (rules.decide)."""
    require(user, RUN, rnd.election)
    if rnd.closed:
        raise ValidationError("本轮已计票")
    boxes = list(rnd.boxes.prefetch_related("votes"))
    if not boxes:
        raise ValidationError("请先登记票箱的计票结果")
    issued = sum(b.issued for b in boxes)
    returned = sum(b.returned for b in boxes)
    problems = round_problems(entitled=rnd.entitled, present=rnd.present, issued=issued, returned=returned)
    rnd.closed = True
    rnd.problems = "；".join(problems)
    rnd.save(update_fields=["closed", "problems"])
    if problems:
        return rnd
    candidates = list(round_candidates(rnd))
    votes = dict.fromkeys(candidates, 0)
    for b in boxes:
        for v in b.votes.all():
            votes[next(c for c in candidates if c.pk == v.candidate_id)] += v.votes
    outcome = decide(votes, valid=sum(b.valid for b in boxes), seats=rnd.seats)
    for c in candidates:
        c.votes = votes[c]
        if c in outcome.elected:
            c.outcome = Candidate.Outcome.ELECTED
        elif not outcome.further_round or (outcome.tied and c not in outcome.tied):
            c.outcome = Candidate.Outcome.NOT_ELECTED
        c.save(update_fields=["votes", "outcome"])
    return rnd


@transaction.atomic
def election_apply(*, user: User, election: Election) -> list[FederationMember]:
    """Replace the unit's roster with the elected on the day of the vote: the old terms end the day
    before, the new ones run `term_years`; the history stays (orgs.FederationMember + PostRecord)."""
    require(user, RUN, election)
    _open(election)
    day = election.vote_date
    if day is None:
        raise ValidationError("请先登记“召开妇女代表大会”这一步（选举日期）")
    if contest_seats(election, Contest.CHAIR) > 0:
        raise ValidationError("主席尚未选出，不能公布新一届名单")
    unit = election.unit
    old = FederationMember.objects.filter(unit=unit, term_start__lt=day).filter(
        Q(term_end__isnull=True) | Q(term_end__gte=day)
    )
    for member in old:
        federation_member_end(member=member, term_end=day - datetime.timedelta(days=1))
        record = PostRecord.objects.filter(member=member).first() or PostRecord(
            member=member, unit_path=unit.path, how=PostRecord.How.ENTERED
        )
        record.removed_reason = "改建离任" if election.kind == Election.Kind.RESTRUCTURE else "换届离任"
        record.full_clean()
        record.save()
    end = day.replace(year=day.year + election.term_years) - datetime.timedelta(days=1)
    elected = election.candidates.filter(outcome=Candidate.Outcome.ELECTED).select_related("person")
    leaders = {c.person_id for c in elected if c.contest in (Contest.CHAIR, Contest.VICE_CHAIR)}
    created = []
    for c in sorted(elected, key=lambda c: list(POSITION).index(c.contest)):
        if c.contest == Contest.COMMITTEE and c.person_id in leaders:
            continue  # the chair and vice-chairs are 执委 too, listed once under their post
        position = Position.VICE_CHAIR_FULL if c.full_time else POSITION[c.contest]
        member = federation_member_create(
            unit=unit, name=c.person.name, position=position, term_start=day, term_end=end
        )
        record = PostRecord(
            member=member,
            unit_path=unit.path,
            person=c.person,
            election=election,
            how=PostRecord.How.ELECTED,
            reason=f"{election.title}当选",
        )
        record.full_clean()
        record.save()
        created.append(member)
    election.applied_on = day
    election.save(update_fields=["applied_on"])
    return created
