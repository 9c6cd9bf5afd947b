"""Reads of honours: campaigns, nominations with their eligibility checks, awards (a holder's history),
the notice's masked rows and the figures the reports count. Lists go through `visible`; counts are done
by the database."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from fulian.core.ledgers import merge_by_child, subtree_rows, unit_totals
from fulian.core.masking import mask_name
from fulian.core.pinyin import stroke_key
from fulian.core.publicnotice import NoticeLayout, NoticeRow
from fulian.core.scoping import visible

from . import rules
from .capabilities import VIEW
from .models import Award, Campaign, HolderType, HonourLevel, HonourNotice, Nomination, Quota

if TYPE_CHECKING:
    from fulian.accounts.models import User

S = Nomination.Status
LIVE = [S.SUBMITTED, S.APPROVED, S.NOTICED, S.AWARDED]


def campaign_list(*, user: User) -> QuerySet[Campaign]:
    return (
        visible(user, Campaign, VIEW)
        .select_related("kind", "unit")
        .annotate(n_live=Count("nominations", filter=Q(nominations__status__in=LIVE)))
        .order_by("-year", "-id")
    )


def nomination_list(*, user: User, campaign: Campaign | None = None) -> QuerySet[Nomination]:
    qs = visible(user, Nomination, VIEW).select_related("campaign__kind", "nominated_by", "person", "village")
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs.order_by("unit_path", "id")


def award_list(*, user: User, year: int | None = None) -> QuerySet[Award]:
    qs = visible(user, Award, VIEW).select_related("kind", "person", "village")
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-awarded_on", "-id")


# --- a holder and her titles ------------------------------------------------------------------------


def same_holder_q(holder) -> Q:
    """The awards held by the same person, family, village or named collective."""
    if holder.holder_type in (HolderType.PERSON, HolderType.FAMILY):
        return Q(holder_type=holder.holder_type, person_id=holder.person_id)
    if holder.holder_type == HolderType.VILLAGE:
        return Q(holder_type=HolderType.VILLAGE, village_id=holder.village_id)
    return Q(holder_type=HolderType.UNIT, holder_name=holder.holder_name.strip())


def person_history(*, user: User, person) -> QuerySet[Award]:
    """A person's titles, and her family's (最美家庭 at village, then town level)."""
    return award_list(user=user).filter(person=person).order_by("awarded_on", "level")


def village_history(*, user: User, village) -> QuerySet[Award]:
    return (
        award_list(user=user).filter(holder_type=HolderType.VILLAGE, village=village).order_by("awarded_on")
    )


# --- eligibility ----------------------------------------------------------------------------------


def quota_for(campaign: Campaign, unit) -> Quota | None:
    """The quota of the sub-unit the nominating unit belongs to (the deepest one above or at it)."""
    best = None
    for q in campaign.quotas.select_related("unit"):
        if unit.path.startswith(q.unit.path) and (best is None or len(q.unit.path) > len(best.unit.path)):
            best = q
    return best


def quota_used(campaign: Campaign, quota: Quota, *, upto: Nomination | None = None) -> int:
    qs = campaign.nominations.filter(status__in=LIVE, nominated_by__path__startswith=quota.unit.path)
    if upto is not None and upto.pk:
        qs = qs.filter(pk__lte=upto.pk)
    return qs.count()


def family_of(person) -> set[int]:
    """The person and her registered relatives (either side of a registry relation), as ids."""
    from fulian.people.models import Relation

    family = {person.pk}
    for a, b in Relation.objects.filter(Q(person=person) | Q(relative=person)).values_list(
        "person", "relative"
    ):
        family |= {a, b}
    return family


def open_dv_cases(person) -> int:
    """Open domestic-violence cases of the person or her registered relatives — a count only, read for
    the veto rule whatever the caller's own access to cases (the check shows no detail of a case)."""
    from fulian.cases.models import Case

    return (
        Case.objects.filter(person_id__in=family_of(person), type=Case.Type.DOMESTIC_VIOLENCE)
        .exclude(status=Case.Status.CLOSED)
        .count()
    )


def family_planning_records(person, on: datetime.date, years: int) -> int:
    """Recorded family-planning violations of the person or her relatives in the `years` before `on`
    (rules.within_years) — a count only, whatever the caller's access to the records."""
    from .models import FamilyPlanningRecord

    return FamilyPlanningRecord.objects.filter(
        person_id__in=family_of(person),
        occurred_on__gt=rules.years_before(on, years),
        occurred_on__lte=on,
    ).count()


def checks(nomination: Nomination) -> list[rules.Check]:
    """Every rule of the campaign's kind, run on the nomination (shown on its page, enforced on approval)."""
    campaign, kind = nomination.campaign, nomination.campaign.kind
    out = []
    if kind.min_women_percent is not None:
        out.append(
            rules.check_women_share(nomination.staff_women, nomination.staff_total, kind.min_women_percent)
        )
    held = Award.objects.filter(same_holder_q(nomination), kind=kind, revoked_on__isnull=True).exclude(
        nomination=nomination
    )
    if kind.min_lower_months and campaign.level > HonourLevel.VILLAGE:
        first = held.filter(level__lt=campaign.level).order_by("awarded_on").first()
        out.append(
            rules.check_lower_title(
                first.awarded_on if first else None, campaign.reference_date, kind.min_lower_months, kind.name
            )
        )
    if kind.repeat_window_years:
        last = held.filter(level=campaign.level, year__lte=campaign.year).order_by("-year").first()
        out.append(
            rules.check_repeat(
                last.year if last else None, campaign.year, kind.repeat_window_years, kind.name
            )
        )
    if kind.veto_open_dv_case and nomination.person_id:
        out.append(rules.check_veto(open_dv_cases(nomination.person)))
    if kind.veto_family_planning_years and nomination.person_id:
        years = kind.veto_family_planning_years
        found = family_planning_records(nomination.person, campaign.reference_date, years)
        out.append(rules.check_family_planning(found, years))
    quota = quota_for(campaign, nomination.nominated_by)
    if campaign.quotas.exists():
        if quota is None:
            out.append(rules.Check("quota", False, f"{nomination.nominated_by.name}没有分配名额"))
        else:
            out.append(
                rules.check_quota(quota_used(campaign, quota, upto=nomination), quota.places, quota.unit.name)
            )
    return out


def failed(nomination: Nomination) -> list[rules.Check]:
    return [c for c in checks(nomination) if not c.passed]


# --- the notice ----------------------------------------------------------------------------------


def stroke_sorted(holders):
    """Official lists go by 姓氏笔画 (stroke count of the surname, then of the rest)."""
    return sorted(holders, key=lambda h: (stroke_key(h.holder_name), h.pk))


def notice_layout(notice: HonourNotice) -> NoticeLayout:
    c = notice.campaign
    return NoticeLayout(
        lead=f"经基层推荐、资格审查和审核，拟授予以下对象{c.get_level_display()}“{c.kind.name}”称号，现予公示。",
        place_label="推荐单位",
        extra_label="拟授称号",
    )


def notice_rows(notice: HonourNotice) -> list[NoticeRow]:
    """Persons and families masked (张*丽家庭); collectives and villages by name; sorted by 姓氏笔画."""
    noms = notice.nominations.filter(status__in=[S.APPROVED, S.NOTICED, S.AWARDED]).select_related(
        "person", "nominated_by", "campaign__kind"
    )
    noms = stroke_sorted(noms)
    title = f"{notice.campaign.get_level_display()}{notice.campaign.kind.name}"
    rows = []
    for i, n in enumerate(noms, start=1):
        if n.person_id:
            name = mask_name(n.holder_name) + ("家庭" if n.holder_type == HolderType.FAMILY else "")
            rows.append(NoticeRow(i, name, n.person.id_number_masked, n.nominated_by.name, title))
        else:
            rows.append(NoticeRow(i, n.holder_name, "", n.nominated_by.name, title))
    return rows


# --- figures -------------------------------------------------------------------------------------

METRIC_KEYS = ["honours.awards", "honours.collectives", "honours.individuals", "honours.families"]


def where(start: datetime.date, end: datetime.date) -> Q:
    return Q(awarded_on__range=(start, end))


METRICS = {
    "honours.awards": Count("id"),
    "honours.collectives": Count("id", filter=Q(holder_type__in=[HolderType.UNIT, HolderType.VILLAGE])),
    "honours.individuals": Count("id", filter=Q(holder_type=HolderType.PERSON)),
    "honours.families": Count("id", filter=Q(holder_type=HolderType.FAMILY)),
}


def figures(
    *, user: User, unit, start: datetime.date, end: datetime.date, group_by_child: bool = False
) -> dict:
    """Titles awarded to holders in the unit's subtree in the period (by the date of the award):
    honours.awards all, .collectives (集体、单位和村), .individuals (个人), .families (家庭)."""
    result = unit_totals(
        subtree_rows(user, Award, VIEW, unit),
        path_field="unit_path",
        unit=unit,
        metrics=METRICS,
        where=where(start, end),
        group_by_child=group_by_child,
    )
    if group_by_child:
        return merge_by_child(unit, [result], METRIC_KEYS)
    return result


def awards_in(*, user: User, unit, start: datetime.date, end: datetime.date) -> QuerySet[Award]:
    """The awards the figures count, for the summary's sentences by level and kind."""
    return (
        subtree_rows(user, Award, VIEW, unit)
        .filter(unit_path__startswith=unit.path)
        .filter(where(start, end))
        .select_related("kind")
    )
