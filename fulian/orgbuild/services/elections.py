"""An election (换届 / 改建) from its plan to the candidate lists."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fulian.core.scoping import require
from fulian.core.uploads import validate_upload
from fulian.orgs.models import Level, OrgUnit

from .. import conf
from ..models import STEP_ORDER, Candidate, Contest, Election, SeatShare, Step
from ..rules import RuleError, allocate_seats

if TYPE_CHECKING:
    from fulian.accounts.models import User

RUN = "orgbuild.run"


def _not_future(day: datetime.date, field: str, label: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: f"{label}不能晚于今天"})


def _open(election: Election) -> None:
    if election.is_done:
        raise ValidationError(f"{election.title}已公布结果并产生新一届名单，不能再修改")


@transaction.atomic
def election_create(
    *,
    user: User,
    unit,
    kind: str,
    title: str,
    representative_seats: int,
    committee_seats: int,
    vice_chair_seats: int = 2,
    seat_method: str = "",
    ratio_percent: int | None = None,
    term_years: int | None = None,
    note: str = "",
) -> Election:
    """Start an election for a village, community or town federation in the user's scope."""
    require(user, RUN, unit)
    if unit.level not in (Level.TOWN, Level.VILLAGE):
        raise ValidationError({"unit": "只有乡镇（街道）和村（社区）妇联进行换届（改建）"})
    election = Election(
        unit=unit,
        unit_path=unit.path,
        kind=kind,
        title=title.strip(),
        representative_seats=representative_seats,
        committee_seats=committee_seats,
        vice_chair_seats=vice_chair_seats,
        seat_method=seat_method or conf.get("ORGBUILD_SEAT_METHOD"),
        ratio_percent=conf.get("ORGBUILD_RATIO_PERCENT") if ratio_percent is None else ratio_percent,
        term_years=term_years or conf.get("ORGBUILD_TERM_YEARS"),
        note=note,
    )
    if committee_seats and vice_chair_seats + 1 > committee_seats:
        raise ValidationError({"vice_chair_seats": "主席、副主席从执委中产生，副主席名额应少于执委名额"})
    election.full_clean()
    election.save()
    return election


@transaction.atomic
def step_record(
    *,
    user: User,
    election: Election,
    kind: str,
    done_on: datetime.date,
    place: str = "",
    attendance: int = 0,
    minutes: str = "",
    attachment=None,
) -> Step:
    """Record (or correct) a step of the process; steps keep their order in time."""
    require(user, RUN, election)
    _open(election)
    if kind not in STEP_ORDER:
        raise ValidationError({"kind": "未知的步骤"})
    _not_future(done_on, "done_on", "日期")
    position = STEP_ORDER.index(kind)
    label = Step.Kind(kind).label
    for other in election.steps.exclude(kind=kind):
        before = STEP_ORDER.index(other.kind) < position
        if (before and other.done_on > done_on) or (not before and other.done_on < done_on):
            which = "早于前一步" if before else "晚于后一步"
            other_label = f"“{other.get_kind_display()}”（{other.done_on:%Y-%m-%d}）"
            raise ValidationError({"done_on": f"{label}的日期不能{which}{other_label}"})
    if kind == Step.Kind.SEATS and not election.shares.exists():
        raise ValidationError({"kind": "请先分配代表名额，再登记这一步"})
    if (
        kind == Step.Kind.FILED
        and not election.candidates.filter(
            contest=Contest.REPRESENTATIVE, outcome=Candidate.Outcome.ELECTED
        ).exists()
    ):
        raise ValidationError({"kind": "还没有产生妇女代表，不能登记报备"})
    if attachment:
        validate_upload(attachment, label="附件")
    step = Step.objects.filter(election=election, kind=kind).first() or Step(election=election, kind=kind)
    step.done_on, step.place, step.attendance, step.minutes = done_on, place, attendance, minutes
    if attachment:
        step.attachment = attachment
    step.full_clean()
    step.save()
    if kind == Step.Kind.CONGRESS and election.vote_date != done_on:
        election.vote_date = done_on
        election.save(update_fields=["vote_date"])
    return step


@transaction.atomic
def seats_allocate(
    *,
    user: User,
    election: Election,
    women: dict[OrgUnit, tuple[int, bool]],
    method: str = "",
    total: int | None = None,
) -> list[SeatShare]:
    """Share the representative seats among the sub-units: `women` is {sub-unit: (adult women, counted
    from the registry?)}. Replaces an earlier allocation while no representative is chosen."""
    require(user, RUN, election)
    _open(election)
    if election.candidates.filter(contest=Contest.REPRESENTATIVE).exists():
        raise ValidationError("已有妇女代表候选人，不能重新分配名额")
    from ..selectors import seat_units

    allowed = {u.pk for u in seat_units(election=election)}
    strangers = [g.name for g in women if g.pk not in allowed]
    if strangers:
        raise ValidationError({"women": f"以下单位不属于{election.unit.name}：{'、'.join(strangers)}"})
    if total is not None and total != election.representative_seats:
        election.representative_seats = total
    if method:
        election.seat_method = method
    election.full_clean()
    election.save()
    try:
        alloc = allocate_seats(
            election.representative_seats, {g: n for g, (n, _) in women.items()}, election.seat_method
        )
    except RuleError as exc:
        raise ValidationError({"women": str(exc)}) from exc
    election.shares.all().delete()
    shares = []
    for share in alloc.shares:
        group = cast(OrgUnit, share.key)  # allocate_seats keys its shares by what it was given
        row = SeatShare(
            election=election,
            group=group,
            women=share.women,
            from_registry=women[group][1],
            seats=share.seats,
        )
        row.full_clean(exclude=["election"])
        row.save()
        shares.append(row)
    return shares


def _adult_on(person, day: datetime.date) -> bool:
    age = int(conf.get("ORGBUILD_ADULT_AGE"))
    try:
        cutoff = day.replace(year=day.year - age)
    except ValueError:  # 29 February
        cutoff = day.replace(year=day.year - age, day=28)
    return person.birth_date <= cutoff


@transaction.atomic
def candidate_add(
    *, user: User, election: Election, contest: str, person, group=None, full_time: bool = False
) -> Candidate:
    """Put a registered adult woman of the unit on a contest's list (see docs/orgbuild.md for the checks)."""
    require(user, RUN, election)
    _open(election)
    name = person.name
    if person.gender != "F":
        raise ValidationError({"person": f"{name}：候选人应为女性"})
    if person.merged_into_id:
        raise ValidationError({"person": f"{name}：该记录已合并，请选择合并后的人员"})
    if not (person.village_path or "").startswith(election.unit_path):
        raise ValidationError({"person": f"{name}：不是{election.unit.name}登记的妇女"})
    if not _adult_on(person, election.vote_date or timezone.localdate()):
        raise ValidationError({"person": f"{name}：未满{conf.get('ORGBUILD_ADULT_AGE')}周岁"})
    if contest == Contest.REPRESENTATIVE:
        share = election.shares.filter(group=group).first() if group else None
        if share is None:
            raise ValidationError({"group": "请选择已分配名额的推选单位"})
        if person.group_id and election.unit.level == Level.VILLAGE and person.group_id != group.pk:
            raise ValidationError({"group": f"{name}：登记在{person.group}，不能在{group.name}推选"})
    else:
        group = None
    if (
        contest in (Contest.CHAIR, Contest.VICE_CHAIR)
        and not election.candidates.filter(
            contest=Contest.COMMITTEE, person=person, outcome=Candidate.Outcome.ELECTED
        ).exists()
    ):
        raise ValidationError({"person": f"{name}：主席、副主席候选人应为当选的执委"})
    clash = election.candidates.filter(contest=contest, person=person).first()
    if clash is not None:
        where = f"（{clash.group.name}）" if clash.group is not None else ""
        raise ValidationError({"person": f"{name}：已是本次{Contest(contest).label}候选人{where}"})
    if full_time and contest != Contest.VICE_CHAIR:
        raise ValidationError({"full_time": "只有副主席候选人可以设为专职"})
    candidate = Candidate(election=election, contest=contest, person=person, group=group, full_time=full_time)
    candidate.full_clean()
    candidate.save()
    return candidate
