"""Reads of the aid ledger: programmes with their totals, applications, notices (masked), a person's
history and the figures reports count. All scoped by `visible`; sums and counts done by the database."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from fulian.core.figures import wanted
from fulian.core.formatting import money
from fulian.core.ledgers import subtree_rows
from fulian.core.masking import mask_name
from fulian.core.publicnotice import NoticeLayout, NoticeRow
from fulian.core.scoping import visible
from fulian.orgs.models import OrgUnit

from .models import Application, Disbursement, Notice, Programme

if TYPE_CHECKING:
    from fulian.accounts.models import User

VIEW = "aid.view"
S = Application.Status
ACTIVE = Disbursement.Status.ACTIVE
COMMITTED = [S.APPROVED, S.NOTICED, S.DISBURSED]


def _sum_subquery(qs: QuerySet, field: str):
    """A correlated SUM over a related table, so that two related sums never multiply each other."""
    return Coalesce(
        Subquery(
            qs.order_by().values("programme").annotate(s=Sum(field)).values("s")[:1],
            output_field=DecimalField(max_digits=14, decimal_places=2),
        ),
        Value(Decimal("0")),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def _count_subquery(qs: QuerySet, expr):
    return Coalesce(
        Subquery(
            qs.order_by().values("programme").annotate(c=expr).values("c")[:1], output_field=IntegerField()
        ),
        Value(0),
    )


def programme_list(*, user: User, year: int | None = None) -> QuerySet[Programme]:
    """Programmes the user can see, each with totals over the disbursements and applications she may see:
    disbursed (active disbursements), persons paid, committed (approved and later), applications."""
    disb = visible(user, Disbursement, VIEW).filter(programme=OuterRef("pk"), status=ACTIVE)
    apps = visible(user, Application, VIEW).filter(programme=OuterRef("pk"))
    qs = visible(user, Programme, VIEW).select_related("unit")
    if year:
        qs = qs.filter(year=year)
    return qs.annotate(
        disbursed=_sum_subquery(disb, "amount"),
        persons=_count_subquery(disb, Count("person", distinct=True)),
        committed=_sum_subquery(apps.filter(status__in=COMMITTED), "amount"),
        application_count=_count_subquery(apps.exclude(status__in=[S.REJECTED, S.WITHDRAWN]), Count("id")),
    ).order_by("-year", "name")


@dataclass
class ApplicationFilters:
    programme: Programme | None = None
    status: str = ""
    unit: OrgUnit | None = None
    q: str = ""


def application_list(*, user: User, filters: ApplicationFilters | None = None) -> QuerySet[Application]:
    f = filters or ApplicationFilters()
    qs = visible(user, Application, VIEW).select_related("programme", "person", "village", "notice")
    if f.programme is not None:
        qs = qs.filter(programme=f.programme)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.unit is not None:
        qs = qs.filter(village_path__startswith=f.unit.path)
    if f.q:
        qs = qs.filter(person__name__contains=f.q)
    return qs.order_by("-submitted_at", "-id")


def disbursement_list(*, user: User, programme: Programme | None = None) -> QuerySet[Disbursement]:
    qs = visible(user, Disbursement, VIEW).select_related("programme", "person", "application")
    if programme is not None:
        qs = qs.filter(programme=programme)
    return qs.order_by("-paid_on", "-id")


def notice_layout(notice: Notice) -> NoticeLayout:
    return NoticeLayout(
        lead=f"根据{notice.programme.name}有关规定，经申请、审核、审批，拟对以下人员给予救助，现予公示。",
        extra_label="救助金额(元)",
        extra_end=True,
    )


def notice_rows(notice: Notice) -> list[NoticeRow]:
    """The public list: masked name (张*丽), masked ID (5117**********1234), village, amount. Built from
    the stored tail of the ID number, so nothing is decrypted to publish it."""
    apps = (
        notice.applications.exclude(status__in=[S.REJECTED, S.WITHDRAWN])
        .select_related("person", "village")
        .order_by("village__path", "person__name_strokes", "id")
    )
    return [
        NoticeRow(i, mask_name(a.person.name), a.person.id_number_masked, a.village.name, money(a.amount))
        for i, a in enumerate(apps, start=1)
    ]


def person_aid_history(*, user: User, person) -> dict:
    """A person's applications (newest first) with what was paid under each, and her total received."""
    apps = list(
        visible(user, Application, VIEW)
        .filter(person=person)
        .select_related("programme")
        .annotate(
            paid=Coalesce(Sum("disbursements__amount", filter=Q(disbursements__status=ACTIVE)), Decimal(0))
        )
        .order_by("-submitted_at")
    )
    total = sum((a.paid for a in apps), Decimal("0"))
    return {"applications": apps, "total": total, "warnings": [a for a in apps if a.repeat_warning]}


def _children(unit) -> dict[str, int]:
    from fulian.orgs.models import OrgUnit

    return dict(
        OrgUnit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).values_list("path", "id")
    )


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def counted_rows(*, user: User, unit, start=None, end=None) -> tuple[QuerySet, QuerySet]:
    """The disbursements and the applications the aid figures count (the records behind them too)."""
    # subtree_rows: when a grant covers the whole unit, the policy's filter is left out (same rows).
    disb = subtree_rows(user, Disbursement, VIEW, unit).filter(
        village_path__startswith=unit.path, status=ACTIVE
    )
    apps = (
        subtree_rows(user, Application, VIEW, unit)
        .filter(village_path__startswith=unit.path)
        .exclude(status__in=[S.REJECTED, S.WITHDRAWN])
    )
    # Submission dates as a datetime range in the current time zone (the same days as `__date`), so
    # the database compares the stored column instead of converting every row's timestamp.
    if start:
        disb, apps = disb.filter(paid_on__gte=start), apps.filter(submitted_at__gte=_day_start(start))
    if end:
        disb = disb.filter(paid_on__lte=end)
        apps = apps.filter(submitted_at__lt=_day_start(end + timedelta(days=1)))
    return disb, apps


def figures(*, user: User, unit, start=None, end=None, group_by_child: bool = False, keys=None) -> dict:
    """What the aid ledger counts for a unit's subtree over a period (disbursement date, inclusive).

    Metric keys (only active disbursements count; cancelled ones never do):
      aid.persons                 distinct persons paid
      aid.amount                  total paid (Decimal, 元; in kind at its value)
      aid.count                   number of disbursements
      aid.amount.cash / aid.amount.in_kind     total by form
      aid.amount.<programme code>  total paid under one programme
      aid.persons.<programme code> distinct persons paid under one programme
      aid.count.<programme code>   disbursements under one programme (人次; they sum to aid.count)
      aid.applications            applications submitted in the period (not rejected or withdrawn)

    With group_by_child=True: {child_unit_id: {metric: value}}, every direct child present (zeros
    included; records of the unit itself under its own id). Four aggregate queries (plus one for the
    children) whatever the number of records or units; with `keys` (fulian/core/figures.collect) naming
    none of the breakdowns or applications, only the first.
    """
    disb, apps = counted_rows(user=user, unit=unit, start=start, end=end)
    breakdown = wanted(keys, "aid.amount.", "aid.persons.", "aid.count.")
    applications = wanted(keys, "aid.applications")
    # Zeros only for what was counted (a figure not computed is absent, never a false 0).
    zeros = ("aid.persons", "aid.amount", "aid.count") + (("aid.applications",) if applications else ())
    group: list[str] = []
    if group_by_child:
        n = len(unit.path) + type(unit).steplen
        disb, apps = (
            disb.annotate(k=Substr("village_path", 1, n)),
            apps.annotate(k=Substr("village_path", 1, n)),
        )
        group = ["k"]
    result: dict = defaultdict(dict)
    children = _children(unit) if group_by_child else {}

    def slot(row):
        if not group_by_child:
            return None
        return children.get(row["k"], unit.id)

    def add(row, name, value):
        d = result[slot(row)]
        d[name] = d.get(name, 0) + (value or 0)

    def rows(qs, *extra, **aggs):
        if not group and not extra:
            return [qs.aggregate(**aggs)]
        return qs.order_by().values(*group, *extra).annotate(**aggs)

    for row in rows(disb, p=Count("person", distinct=True), a=Sum("amount"), c=Count("id")):
        add(row, "aid.persons", row["p"])
        add(row, "aid.amount", row["a"])
        add(row, "aid.count", row["c"])
    for row in rows(disb, "kind", a=Sum("amount")) if breakdown else ():
        add(row, f"aid.amount.{row['kind']}", row["a"])
    for row in (
        rows(disb, "programme__code", a=Sum("amount"), p=Count("person", distinct=True), c=Count("id"))
        if breakdown
        else ()
    ):
        add(row, f"aid.amount.{row['programme__code']}", row["a"])
        add(row, f"aid.persons.{row['programme__code']}", row["p"])
        add(row, f"aid.count.{row['programme__code']}", row["c"])
    for row in rows(apps, c=Count("id")) if applications else ():
        add(row, "aid.applications", row["c"])
    if group_by_child:
        for child_id in [*children.values(), unit.id]:  # every child present, zeros included
            for name in zeros:
                result[child_id].setdefault(name, 0)
        return dict(result)
    out = result.get(None, {})
    for name in zeros:
        out.setdefault(name, 0)
    return out
