"""Every read of the rights-protection module, always through the scoping policy (`fulian.cases.rules`).

`figures()` is the statistics contract every ledger shares (later reports call it).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from fulian.core.roles import Role
from fulian.core.scoping import get_visible_or_404, scope_for, visible
from fulian.orgs.models import Membership, OrgUnit
from fulian.orgs.selectors import units_granting
from fulian.people.models import Person

from .conf import conf
from .models import BreakGlassGrant, Case, CaseReminder, FollowUp, ProtectionMeasure, Referral, ReferralBody

if TYPE_CHECKING:
    from fulian.accounts.models import User

# --- lists and details --------------------------------------------------------------------------------


def case_list_visible_to(*, user: User, filters: dict | None = None) -> QuerySet[Case]:
    """The cases the user may see (assigned, chaired, or opened in an emergency), newest first."""
    filters = filters or {}
    qs = visible(user, Case, "cases.view").select_related("handling_unit", "village", "person")
    if filters.get("status") == "open":
        qs = qs.exclude(status=Case.Status.CLOSED)
    elif filters.get("status") in Case.Status.values:
        qs = qs.filter(status=filters["status"])
    if filters.get("risk") in Case.Risk.values:
        qs = qs.filter(risk_level=filters["risk"])
    if filters.get("number"):
        qs = qs.filter(number__icontains=filters["number"].strip())
    return qs.order_by("-received_at", "-id")


def case_get(*, user: User, pk, capability: str = "cases.view") -> Case:
    """One case the user may reach with the capability, or 404 (it does not exist for her)."""
    qs = Case.objects.select_related("handling_unit", "village", "person", "created_by")
    return get_visible_or_404(user, qs, capability, pk=pk)


def case_detail_parts(case: Case) -> dict:
    """Everything the case page shows below the header, in a fixed number of queries."""
    return {
        "assessments": list(case.assessments.select_related("assessed_by")[:5]),
        "referrals": list(case.referrals.select_related("body")),
        "measures": list(case.measures.select_related("body")),
        "followups": list(case.followups.select_related("visited_by")),
        "events": list(case.events.select_related("by")),
        "assignments": list(case.assignments.filter(ended_at__isnull=True).select_related("user")),
        "glass_grants": list(case.glass_grants.select_related("user", "reviewed_by")),
    }


def case_list_for_person(*, user: User, person) -> QuerySet[Case]:
    """A person's cases as this user may see them: what a person page may show (nothing, for most)."""
    return visible(user, Case, "cases.view").filter(person=person).order_by("-received_at")


def referral_bodies_for(case: Case) -> QuerySet[ReferralBody]:
    """The managed list of bodies serving the case's town."""
    path = case.handling_unit.path
    prefixes = [path[:i] for i in range(4, len(path) + 1, 4)]
    return ReferralBody.objects.filter(is_active=True, unit__path__in=prefixes).order_by("kind", "name")


def chaired_paths(user: User) -> list[str]:
    return [m.unit.path for m in scope_for(user).memberships if m.role == Role.TOWN_CHAIR]


def red_cases_for(*, user: User) -> QuerySet[Case]:
    """Open red cases of the towns the user chairs: the flag on the chair's home page."""
    paths = chaired_paths(user)
    return (
        visible(user, Case, "cases.view")
        .filter(handling_unit__path__in=paths, risk_level=Case.Risk.RED)
        .exclude(status=Case.Status.CLOSED)
        .select_related("handling_unit")
        .order_by("-received_at")
    )


def glass_flags_for(*, user: User) -> QuerySet[BreakGlassGrant]:
    """Emergency accesses to cases of the towns the user chairs that she has not reviewed yet."""
    return (
        BreakGlassGrant.objects.filter(
            case__handling_unit__path__in=chaired_paths(user), reviewed_at__isnull=True
        )
        .select_related("case", "user")
        .order_by("-granted_at")
    )


def glass_grants_of(*, user: User) -> QuerySet[BreakGlassGrant]:
    """The user's own emergency accesses that are still running."""
    return (
        BreakGlassGrant.objects.filter(user=user, expires_at__gt=timezone.now())
        .select_related("case")
        .order_by("-granted_at")
    )


# --- deadlines and reminders --------------------------------------------------------------------------


@dataclass(frozen=True)
class DueItem:
    key: str
    kind: str
    case_id: int
    case_number: str | None
    due_at: datetime.datetime
    overdue: bool

    @property
    def label(self) -> str:
        return CaseReminder.Kind(self.kind).label


def _end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()))


def due_items(cases: QuerySet[Case], *, now: datetime.datetime) -> list[DueItem]:
    """Deadlines of these cases that are due soon or missed, soonest first (three queries).

    - a protection order awaiting the court: due from `CASES_ORDER_DECISION_NOTICE_HOURS` before the
      72 h / 24 h deadline, overdue after it;
    - a granted order ending within `CASES_ORDER_EXPIRY_NOTICE_DAYS`, or ended in the last 30 days;
    - the next planned follow-up visit of an open case, from `CASES_FOLLOWUP_NOTICE_DAYS` before it.
    """
    today = timezone.localdate(now)
    items: list[DueItem] = []
    pending = ProtectionMeasure.objects.filter(
        case__in=cases,
        kind=ProtectionMeasure.Kind.ORDER,
        decision=ProtectionMeasure.Decision.PENDING,
        decision_due_at__lte=now + datetime.timedelta(hours=conf("CASES_ORDER_DECISION_NOTICE_HOURS")),
    ).select_related("case")
    for m in pending:
        assert m.decision_due_at is not None  # filtered on it above
        kind = "order_decision_overdue" if m.decision_due_at <= now else "order_decision_due"
        items.append(
            DueItem(
                f"{kind}:{m.pk}", kind, m.case_id, m.case.number, m.decision_due_at, kind.endswith("overdue")
            )
        )
    ending = ProtectionMeasure.objects.filter(
        case__in=cases,
        kind=ProtectionMeasure.Kind.ORDER,
        decision=ProtectionMeasure.Decision.GRANTED,
        valid_until__lte=today + datetime.timedelta(days=conf("CASES_ORDER_EXPIRY_NOTICE_DAYS")),
        valid_until__gte=today - datetime.timedelta(days=30),
    ).select_related("case")
    for m in ending:
        assert m.valid_until is not None  # filtered on it above
        kind = "order_expired" if m.valid_until < today else "order_expiring"
        items.append(
            DueItem(
                f"{kind}:{m.pk}",
                kind,
                m.case_id,
                m.case.number,
                _end_of(m.valid_until),
                kind == "order_expired",
            )
        )
    later = FollowUp.objects.filter(case=OuterRef("case"), visited_on__gt=OuterRef("visited_on"))
    planned = (
        FollowUp.objects.filter(
            case__in=cases.exclude(status=Case.Status.CLOSED),
            next_visit_on__isnull=False,
            next_visit_on__lte=today + datetime.timedelta(days=conf("CASES_FOLLOWUP_NOTICE_DAYS")),
        )
        .filter(~Exists(later))
        .select_related("case")
    )
    for f in planned:
        assert f.next_visit_on is not None  # filtered on it above
        kind = "followup_overdue" if f.next_visit_on < today else "followup_due"
        items.append(
            DueItem(
                f"{kind}:{f.pk}",
                kind,
                f.case_id,
                f.case.number,
                _end_of(f.next_visit_on),
                kind.endswith("overdue"),
            )
        )
    items.sort(key=lambda i: i.due_at)
    return items


def reminders_for(*, user: User, now: datetime.datetime | None = None) -> list[DueItem]:
    """Due and overdue items of the cases the user may see (case worker's and chair's home page)."""
    return due_items(visible(user, Case, "cases.view"), now=now or timezone.now())


# --- statistics ---------------------------------------------------------------------------------------


def _period(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    lo = datetime.datetime.combine(start, datetime.time(), tzinfo=tz)
    hi = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(), tzinfo=tz)
    return lo, hi


def past_deadline(hi: datetime.datetime) -> Q:
    """Cases open past a handling deadline (docs/cases.md, "Deadlines and reminders") as the period's end
    sees them: at `hi` (the end of its last day), or now while the period runs. A 案件 received by then
    and not closed by then, with a deadline missed by then — the same deadlines as the reminders:

    - a protection-order application the court had to decide by `decision_due_at` (72 h, 24 h if urgent),
      still undecided then (due at or before that moment, as the reminders count it overdue);
    - a planned follow-up visit (`next_visit_on` of the case's latest follow-up) whose day had passed with
      no later follow-up: the planned day itself is still in time, the day after is past it.
    """
    at = min(hi, timezone.now())
    first_late_day = timezone.localdate(at)  # a follow-up planned before this day is missed
    last_day = min(hi - datetime.timedelta(days=1), at).astimezone(timezone.get_current_timezone()).date()
    order_late = ProtectionMeasure.objects.filter(
        case=OuterRef("pk"),
        kind=ProtectionMeasure.Kind.ORDER,
        decision_due_at__lte=at,
    ).filter(Q(decided_at__isnull=True) | Q(decided_at__gt=at))
    later = FollowUp.objects.filter(
        case=OuterRef("case"), visited_on__gt=OuterRef("visited_on"), visited_on__lte=last_day
    )
    followup_late = FollowUp.objects.filter(
        case=OuterRef("pk"), visited_on__lte=last_day, next_visit_on__lt=first_late_day
    ).filter(~Exists(later))
    open_then = Q(kind=Case.Kind.CASE, received_at__lt=at) & (Q(closed_at__isnull=True) | Q(closed_at__gt=at))
    return open_then & (Q(Exists(order_late)) | Q(Exists(followup_late)))


def _case_aggregates(lo, hi) -> dict:
    received = Q(received_at__gte=lo, received_at__lt=hi)
    is_case = Q(kind=Case.Kind.CASE)
    closed = is_case & Q(closed_at__gte=lo, closed_at__lt=hi)
    aggs = {
        "received": Count("pk", filter=received),
        "cases": Count("pk", filter=received & is_case),
        "consultations": Count("pk", filter=received & Q(kind=Case.Kind.CONSULTATION)),
        "closed": Count("pk", filter=closed),
        "open_at_end": Count(
            "pk", filter=is_case & Q(received_at__lt=hi) & (Q(closed_at__isnull=True) | Q(closed_at__gte=hi))
        ),
        "past_deadline": Count("pk", filter=past_deadline(hi)),
        "days_to_close.avg": Avg("days_to_close", filter=closed),
    }
    for value in Case.Type.values:
        aggs[f"type.{value}"] = Count("pk", filter=received & Q(type=value))
    for value in Case.Channel.values:
        aggs[f"channel.{value}"] = Count("pk", filter=received & Q(channel=value))
    for value in [*Case.Risk.values, ""]:
        aggs[f"risk.{value or 'none'}"] = Count("pk", filter=received & is_case & Q(risk_level=value))
    for value in Case.Outcome.values:
        aggs[f"outcome.{value}"] = Count("pk", filter=closed & Q(outcome=value))
    for value in Case.Satisfaction.values:
        aggs[f"satisfaction.{value}"] = Count("pk", filter=closed & Q(satisfaction=value))
    return aggs


def _measure_aggregates(lo, hi, start, end) -> dict:
    order = Q(kind=ProtectionMeasure.Kind.ORDER)
    return {
        "orders.applied": Count("pk", filter=order & Q(applied_at__gte=lo, applied_at__lt=hi)),
        "orders.granted": Count(
            "pk",
            filter=order
            & Q(decision=ProtectionMeasure.Decision.GRANTED, decided_at__gte=lo, decided_at__lt=hi),
        ),
        "warnings": Count(
            "pk", filter=Q(kind=ProtectionMeasure.Kind.WARNING, issued_on__gte=start, issued_on__lte=end)
        ),
    }


def _referral_aggregates(start, end) -> dict:
    period = Q(referred_on__gte=start, referred_on__lte=end)
    aggs = {"referrals": Count("pk", filter=period)}
    for value in ReferralBody.Kind.values:
        aggs[f"referrals.{value}"] = Count("pk", filter=period & Q(body__kind=value))
    return aggs


def small_count(value):
    """The one small-count rule for case figures: a count of 1 to CASES_SUPPRESS_BELOW − 1 becomes
    "不足5"; zero stays 0 (nothing to identify) and larger counts stay exact. Anything else passes."""
    threshold = conf("CASES_SUPPRESS_BELOW")
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < threshold:
        return f"不足{threshold}"
    return value


def suppress(values: dict) -> dict:
    """A unit's figures as shown to someone not assigned to all of its cases: every count through
    `small_count`, and the average days to close only when at least 5 cases closed (else None, shown —),
    so that neither a count nor a derived figure describes one or a few cases."""
    threshold = conf("CASES_SUPPRESS_BELOW")
    out = {key: small_count(value) for key, value in values.items()}
    if "cases.days_to_close.avg" in values:
        closed = values.get("cases.closed")
        if not (isinstance(closed, int) and closed >= threshold):
            out["cases.days_to_close.avg"] = None
    return out


def _hidden_cases(user: User, cases: QuerySet[Case]) -> QuerySet[Case] | None:
    """The counted cases this user may not open (None: all of them — she opens no case at all)."""
    if not scope_for(user).has("cases.view"):
        return None
    return cases.exclude(pk__in=visible(user, Case, "cases.view").values("pk"))


def _tidy(values: dict) -> dict:
    avg = values.get("cases.days_to_close.avg")
    values["cases.days_to_close.avg"] = round(float(avg), 1) if avg is not None else None
    return values


def _metric_names() -> list[str]:
    lo = hi = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
    day = lo.date()
    return [
        *_case_aggregates(lo, hi),
        *_measure_aggregates(lo, hi, day, day),
        *_referral_aggregates(day, day),
    ]


_METRICS = _metric_names()


def metric_keys() -> list[str]:
    """Every key `figures()` returns."""
    return [f"cases.{k}" for k in _METRICS]


def figures(
    *,
    user: User,
    unit: OrgUnit,
    start: datetime.date,
    end: datetime.date,
    group_by_child: bool = False,
) -> dict:
    """Rights-protection figures for a unit's subtree and a period (dates inclusive), computed by the
    database: four queries, whatever the number of units or cases.

    Returns {metric_key: value}, or with `group_by_child` {child_unit_id: {metric_key: value}} for every
    child of the unit (one GROUP BY over the prefix of the case's village path).

    Metric keys, all prefixed "cases." (cases are counted where the woman lives, `Case.unit_path`):
    - cases.received, cases.cases, cases.consultations — received in the period (all; 案件; 咨询);
    - cases.type.<Case.Type>, cases.channel.<Case.Channel> — received in the period, both kinds;
    - cases.risk.red / .orange / .yellow / .none — cases received in the period, by latest assessment;
    - cases.closed, cases.outcome.<Case.Outcome>, cases.satisfaction.<Case.Satisfaction> — cases closed
      in the period;
    - cases.days_to_close.avg — mean days from receipt to closure of cases closed in the period (None if
      none);
    - cases.open_at_end — cases received before the end and not closed by then;
    - cases.past_deadline — of those open at the end (or now, while the period runs), the cases past a
      handling deadline (`past_deadline`: a protection-order decision or a planned follow-up missed);
    - cases.orders.applied, cases.orders.granted — protection orders applied for / granted in the period;
    - cases.warnings — police warnings (告诫书) issued in the period;
    - cases.referrals, cases.referrals.<ReferralBody.Kind> — referrals made in the period, by kind of body.

    Only cases within the user's `cases.stats` grants count (counts, never a case); a user whose grants
    do not cover the unit gets an empty dict — not even zeros. Rows booked on the unit itself (none today:
    a case always has a village) would come under the unit's own id.

    Suppression (docs/cases.md): the figures of a unit (and of each child row) are exact only for a user
    who may open every case they count (the handling town's chair, workers assigned to all of them).
    For anyone else, at every level, `suppress()`: counts of 1 to 4 are the string "不足5", zero stays 0,
    and cases.days_to_close.avg is None unless ≥ 5 cases closed.
    """
    if not scope_for(user).covers("cases.stats", unit.path):
        return {}  # no case statistics for this unit: not even zeros
    lo, hi = _period(start, end)
    cases = visible(user, Case, "cases.stats").filter(unit_path__startswith=unit.path)
    measures = ProtectionMeasure.objects.filter(case__in=cases.values("pk"))
    referrals = Referral.objects.filter(case__in=cases.values("pk"))
    parts = [
        (cases, "unit_path", _case_aggregates(lo, hi)),
        (measures, "case__unit_path", _measure_aggregates(lo, hi, start, end)),
        (referrals, "case__unit_path", _referral_aggregates(start, end)),
    ]
    hidden = _hidden_cases(user, cases)
    if not group_by_child:
        values: dict = {}
        for qs, _field, aggs in parts:
            values.update(qs.aggregate(**aggs))
        values = _tidy(_prefixed(values))
        return suppress(values) if hidden is None or hidden.exists() else values

    children = list(OrgUnit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).order_by("path"))
    by_path = {c.path: c for c in children} | {unit.path: unit}
    length = len(unit.path) + OrgUnit.steplen
    rows: dict[str, dict] = {c.path: {} for c in children}
    for qs, field, aggs in parts:
        grouped = qs.annotate(_prefix=Substr(field, 1, length)).values("_prefix").annotate(**aggs).order_by()
        for row in grouped:
            prefix = row.pop("_prefix")
            if prefix in by_path:  # a child, or the unit itself (rows booked on it)
                rows.setdefault(prefix, {}).update(row)
    if hidden is None:
        inexact = set(rows)
    else:
        prefix = Substr("unit_path", 1, length)
        inexact = set(hidden.annotate(_prefix=prefix).values_list("_prefix", flat=True).order_by().distinct())
    zero = dict.fromkeys(_METRICS, 0) | {"days_to_close.avg": None}
    out = {}
    for p, vals in rows.items():
        values = _tidy(_prefixed(zero | vals))
        out[by_path[p].pk] = suppress(values) if p in inexact else values
    return out


def _prefixed(values: dict) -> dict:
    return {f"cases.{k}": v for k, v in values.items()}


# --- choices offered by the pages -----------------------------------------------------------------


def intake_candidates(*, towns: Iterable[OrgUnit], q: str) -> QuerySet[Person]:
    """Registry persons of the handling towns (not merged away) a case may be registered for, narrowed by
    name, full pinyin or initials when `q` is given."""
    cond = Q(pk__in=[])
    for t in towns:
        cond |= Q(village_path__startswith=t.path)
    qs = Person.objects.filter(cond, merged_into__isnull=True).select_related("village")
    if q:
        low = q.lower()
        qs = qs.filter(Q(name__contains=q) | Q(name_pinyin__contains=low) | Q(name_initials__startswith=low))
    return qs


def case_workers_for(*, case: Case) -> QuerySet[User]:
    """Active accounts holding an active 个案工作者 membership on the case's handling unit or above."""
    from fulian.accounts.models import User

    path = case.handling_unit.path
    prefixes = [path[:i] for i in range(4, len(path) + 1, 4)]
    ids = Membership.objects.filter(role=Role.CASE_WORKER, is_active=True, unit__path__in=prefixes).values(
        "user_id"
    )
    return User.objects.filter(pk__in=ids, is_active=True).order_by("display_name", "username")


def stats_units(*, user: User) -> QuerySet[OrgUnit]:
    """The units (county level and below) the user may see case statistics for."""
    return units_granting(user=user, capability="cases.stats", up_to_level=4)


def unit_names(pks) -> dict[int, str]:
    """{pk: name} of the units."""
    return dict(OrgUnit.objects.filter(pk__in=pks).values_list("pk", "name"))
