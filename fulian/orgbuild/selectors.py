"""Reads of organisation building (always through the scoping policy), and the figures reports call."""

from __future__ import annotations

import datetime
from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from fulian.core.ledgers import merge_by_child, subtree_rows, unit_totals
from fulian.core.scoping import visible
from fulian.orgs.models import FederationMember, Level, OrgUnit, Position
from fulian.people.models import Person

from . import conf
from .models import (
    STEP_ORDER,
    Attendance,
    CadreTraining,
    Candidate,
    Contest,
    Election,
    Place,
    PostRecord,
    Round,
    Step,
)
from .rules import Outcome, decide

if TYPE_CHECKING:
    from fulian.accounts.models import User

VIEW = "orgbuild.view"


def election_list_visible_to(*, user: User) -> QuerySet[Election]:
    return visible(user, Election, VIEW).select_related("unit").order_by("-created_at", "-id")


def seat_units(*, election: Election) -> QuerySet[OrgUnit]:
    """Where the representative seats go: a village's 村民小组, a town's villages (communities)."""
    unit = election.unit
    level = Level.GROUP if unit.level == Level.VILLAGE else Level.VILLAGE
    return OrgUnit.objects.active().filter(path__startswith=unit.path, depth=unit.depth + 1, level=level)


def registry_women(*, election: Election, on: datetime.date | None = None) -> dict[int, int]:
    """Adult women of the registry per sub-unit ({unit id: count}), counted by the database."""
    on = on or election.vote_date or timezone.localdate()
    age = int(conf.get("ORGBUILD_ADULT_AGE"))
    try:
        cutoff = on.replace(year=on.year - age)
    except ValueError:
        cutoff = on.replace(year=on.year - age, day=28)
    units = list(seat_units(election=election))
    women = Person.objects.filter(
        village_path__startswith=election.unit_path,
        gender="F",
        birth_date__lte=cutoff,
        merged_into__isnull=True,
    )
    if election.unit.level == Level.VILLAGE:
        rows = women.filter(group__in=units).values("group").annotate(n=Count("id")).values_list("group", "n")
    else:
        rows = (
            women.filter(village__in=units)
            .values("village")
            .annotate(n=Count("id"))
            .values_list("village", "n")
        )
    counted = dict(rows)
    return {u.pk: counted.get(u.pk, 0) for u in units}


@dataclass
class StepLine:
    kind: str
    label: str
    step: Step | None


def steps(*, election: Election) -> list[StepLine]:
    """The guided process: every step in order, with its record when done."""
    done = {s.kind: s for s in election.steps.all()}
    return [StepLine(k, Step.Kind(k).label, done.get(k)) for k in STEP_ORDER]


@dataclass
class RoundView:
    round: Round
    boxes: list
    candidates: list
    totals: dict  # candidate -> votes
    issued: int
    returned: int
    valid: int
    outcome: Outcome | None


def rounds(*, election: Election) -> list[RoundView]:
    """Each round with its boxes, the totals per candidate and (once counted) who is elected."""
    out = []
    for rnd in election.rounds.select_related("group").prefetch_related("boxes__votes"):
        cands = list(
            election.candidates.filter(contest=rnd.contest, group=rnd.group)
            .filter(Q(box_votes__box__round=rnd) | Q(outcome=Candidate.Outcome.PENDING))
            .select_related("person")
            .distinct()
        )
        boxes = list(rnd.boxes.all())
        totals: dict[Hashable, int] = dict.fromkeys(cands, 0)
        for b in boxes:
            for v in b.votes.all():
                for c in cands:
                    if c.pk == v.candidate_id:
                        totals[c] += v.votes
        valid = sum(b.valid for b in boxes)
        outcome = None
        if rnd.closed and not rnd.problems:
            outcome = decide(totals, valid=valid, seats=rnd.seats)
        out.append(
            RoundView(
                rnd,
                boxes,
                cands,
                totals,
                sum(b.issued for b in boxes),
                sum(b.returned for b in boxes),
                valid,
                outcome,
            )
        )
    return out


def elected(*, election: Election) -> dict[str, list[Candidate]]:
    """The elected by contest, in the order 主席, 副主席, 执委, 妇女代表."""
    rows = election.candidates.filter(outcome=Candidate.Outcome.ELECTED).select_related("person", "group")
    order: list[str] = [Contest.CHAIR, Contest.VICE_CHAIR, Contest.COMMITTEE, Contest.REPRESENTATIVE]
    out: dict[str, list[Candidate]] = {Contest(c).label: [] for c in order}
    for c in sorted(rows, key=lambda c: (order.index(c.contest), -(c.votes or 0), c.person.name_pinyin)):
        out[c.get_contest_display()].append(c)
    return out


# --- rosters, cadres, places ---------------------------------------------------------------------------


def roster_units(*, user: User) -> QuerySet[OrgUnit]:
    """Units with a federation (towns and villages) in scope, with their current seats counted."""
    today = timezone.localdate()
    current = Q(federation_members__term_start__lte=today) & (
        Q(federation_members__term_end__isnull=True) | Q(federation_members__term_end__gte=today)
    )
    return (
        visible(user, OrgUnit, VIEW)
        .filter(level__in=[Level.COUNTY, Level.TOWN, Level.VILLAGE])
        .annotate(seats=Count("federation_members", filter=current))
        .order_by("path")
    )


def roster(*, user: User, unit: OrgUnit) -> QuerySet[FederationMember]:
    """Every post of the unit's federation, current and past (the post history), with its record."""
    return (
        visible(user, FederationMember, VIEW)
        .filter(unit=unit)
        .select_related("post_record__person", "post_record__election")
        .order_by("-term_start", "position", "id")
    )


def is_current(member: FederationMember, on: datetime.date) -> bool:
    return member.term_start <= on and (member.term_end is None or member.term_end >= on)


def expiring_terms(*, user: User, within_days: int | None = None) -> list[dict]:
    """Units whose chair's term ends within the reminder window (or has ended with nobody after her)."""
    today = timezone.localdate()
    days = int(conf.get("ORGBUILD_REMIND_DAYS")) if within_days is None else within_days
    chairs = (
        visible(user, FederationMember, VIEW)
        .filter(
            position=Position.CHAIR,
            term_end__isnull=False,
            term_end__lte=today + datetime.timedelta(days=days),
        )
        .select_related("unit")
        .order_by("term_end")
    )
    later = set(
        visible(user, FederationMember, VIEW)
        .filter(position=Position.CHAIR)
        .filter(Q(term_end__isnull=True) | Q(term_end__gt=today + datetime.timedelta(days=days)))
        .values_list("unit_id", flat=True)
    )
    return [
        {"unit": m.unit, "term_end": m.term_end, "days": (m.term_end - today).days}
        for m in chairs
        if m.unit_id not in later
    ]


def training_list_visible_to(*, user: User) -> QuerySet[CadreTraining]:
    return (
        visible(user, CadreTraining, VIEW)
        .select_related("unit")
        .annotate(n=Count("attendances", filter=Q(attendances__in=visible(user, Attendance, VIEW))))
        .order_by("-started_on", "-id")
    )


def attendance_list(*, user: User, training: CadreTraining) -> QuerySet[Attendance]:
    return visible(user, Attendance, VIEW).filter(training=training).select_related("member__unit")


def cadre_record(*, user: User, member: FederationMember) -> QuerySet[Attendance]:
    """One cadre's training record."""
    return (
        visible(user, Attendance, VIEW)
        .filter(member=member)
        .select_related("training")
        .order_by("-training__started_on")
    )


def place_list_visible_to(*, user: User) -> QuerySet[Place]:
    return visible(user, Place, VIEW).select_related("unit").order_by("unit_path", "kind", "id")


# --- figures -------------------------------------------------------------------------------------------

METRIC_KEYS = [
    "orgbuild.restructures",
    "orgbuild.new_terms",
    "orgbuild.elected.committee",
    "orgbuild.elected.chairs",
    "orgbuild.elected.representatives",
    "orgbuild.posts.adjusted",
    "orgbuild.trainings",
    *[f"orgbuild.trainings.{k}" for k in CadreTraining.Kind.values],
    "orgbuild.training_hours",
    "orgbuild.trained",
    "orgbuild.places.homes",
    "orgbuild.places.new",
    "orgbuild.places.offices_new",
]


def families(start: datetime.date, end: datetime.date) -> list:
    """(model, the rows' condition, {metric key: aggregate}) for each table the figures count; the
    records behind a figure (figures.records) are read with the same conditions."""
    period = Q(applied_on__range=(start, end))
    elected = Q(how=PostRecord.How.ELECTED, election__applied_on__range=(start, end))
    leaders = [Position.CHAIR, Position.VICE_CHAIR_FULL, Position.VICE_CHAIR_PART, Position.COMMITTEE]
    opened = Q(opened_on__range=(start, end))
    return [
        (
            Election,
            period,
            {
                "orgbuild.restructures": Count("id", filter=Q(kind=Election.Kind.RESTRUCTURE)),
                "orgbuild.new_terms": Count("id", filter=Q(kind=Election.Kind.NEW_TERM)),
            },
        ),
        (
            PostRecord,
            elected | Q(how=PostRecord.How.ADJUSTED, member__term_start__range=(start, end)),
            {
                "orgbuild.elected.committee": Count("id", filter=elected & Q(member__position__in=leaders)),
                "orgbuild.elected.chairs": Count("id", filter=elected & Q(member__position=Position.CHAIR)),
                "orgbuild.elected.representatives": Count(
                    "id", filter=elected & Q(member__position=Position.REPRESENTATIVE)
                ),
                "orgbuild.posts.adjusted": Count("id", filter=Q(how=PostRecord.How.ADJUSTED)),
            },
        ),
        (
            CadreTraining,
            Q(started_on__range=(start, end)),
            {
                "orgbuild.trainings": Count("id"),
                **{
                    f"orgbuild.trainings.{k}": Count("id", filter=Q(kind=k))
                    for k in CadreTraining.Kind.values
                },
                "orgbuild.training_hours": Sum("hours"),
            },
        ),
        (Attendance, Q(training__started_on__range=(start, end)), {"orgbuild.trained": Count("id")}),
        (
            Place,
            Q(opened_on__lte=end),
            {
                "orgbuild.places.homes": Count(
                    "id",
                    filter=Q(
                        status=Place.Status.IN_USE, kind__in=[Place.Kind.HOME, Place.Kind.CHILDREN_HOME]
                    ),
                ),
                "orgbuild.places.new": Count("id", filter=opened),
                "orgbuild.places.offices_new": Count("id", filter=opened & Q(kind=Place.Kind.OFFICE)),
            },
        ),
    ]


def figures(
    *, user: User, unit, start: datetime.date, end: datetime.date, group_by_child: bool = False
) -> dict:
    """Organisation building for a unit's subtree and a period, counted by the database.

    Metric keys:
    - orgbuild.restructures / .new_terms: 改建 / 换届 whose new roster took effect (the vote) in the period;
    - orgbuild.elected.committee / .chairs / .representatives: 执委 (chairs and vice-chairs included),
      主席 and 妇女代表 elected in those elections;
    - orgbuild.posts.adjusted: posts filled between elections (调整任命) in the period;
    - orgbuild.trainings (and .trainings.<kind>: meeting, course, trip, up, down) begun in the period,
      orgbuild.training_hours their hours, orgbuild.trained the cadres on their lists (人次);
    - orgbuild.places.homes: 妇女之家 / 妇女儿童之家 in use and opened by the end of the period;
      orgbuild.places.new: places opened in the period, orgbuild.places.offices_new: offices among them.
    """
    families_ = families(start, end)
    results = [
        unit_totals(
            subtree_rows(user, model, VIEW, unit),
            path_field="unit_path",
            unit=unit,
            metrics=metrics,
            where=where,
            group_by_child=group_by_child,
        )
        for model, where, metrics in families_
    ]
    if group_by_child:
        return merge_by_child(unit, results, METRIC_KEYS)
    merged: dict = {}
    for r in results:
        merged.update(r)
    return merged


def pilot(*, user: User, unit, start: datetime.date, end: datetime.date) -> Election | None:
    """The first 改建 of the subtree whose new roster took effect in the period (the pilot the summary
    tells step by step)."""
    return (
        visible(user, Election, VIEW)
        .filter(
            unit_path__startswith=unit.path, kind=Election.Kind.RESTRUCTURE, applied_on__range=(start, end)
        )
        .select_related("unit")
        .order_by("applied_on", "id")
        .first()
    )
