"""Reads of resources, projects and services handled (always through the scoping policy), the balance of
a fund (computed by the database), the trace of a fund's uses to the people who received aid, and the
figures reports call."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from fulian.core.ledgers import merge_by_child, subtree_rows, unit_totals
from fulian.core.scoping import visible

from .models import (
    Donation,
    Fund,
    FundUse,
    Kind,
    Milestone,
    Pairing,
    PairingActivity,
    Project,
    ServiceKind,
    ServiceRecord,
    Status,
    UseDisbursement,
)

if TYPE_CHECKING:
    from fulian.accounts.models import User

VIEW = "resources.view"
ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))
DV_CATEGORY = "dv_victim"


# --- funds --------------------------------------------------------------------------------------------


def _sum_of(model, kind: str):
    """The fund's total of counted rows of one kind, as a subquery (one aggregate per fund)."""
    rows = (
        model.objects.filter(fund=OuterRef("pk"), kind=kind, status=Status.ACTIVE)
        .order_by()
        .values("fund")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    return Coalesce(Subquery(rows, output_field=ZERO.output_field), ZERO)


def with_balance(qs: QuerySet[Fund]) -> QuerySet[Fund]:
    """Funds with received, used and balance (money and goods value) computed by the database."""
    return qs.annotate(
        money_in=_sum_of(Donation, Kind.MONEY),
        money_out=_sum_of(FundUse, Kind.MONEY),
        goods_in=_sum_of(Donation, Kind.GOODS),
        goods_out=_sum_of(FundUse, Kind.GOODS),
    ).annotate(money_left=F("money_in") - F("money_out"), goods_left=F("goods_in") - F("goods_out"))


def balance(*, fund: Fund, kind: str = Kind.MONEY) -> Decimal:
    """What is left in the fund of one kind: counted receipts minus counted uses (the database sums)."""
    field = "money_left" if kind == Kind.MONEY else "goods_left"
    return with_balance(Fund.objects.filter(pk=fund.pk)).values_list(field, flat=True)[0]


def fund_list(*, user: User) -> QuerySet[Fund]:
    return with_balance(visible(user, Fund, VIEW).select_related("unit")).order_by("unit_path", "name", "id")


def donation_list(*, user: User, fund: Fund | None = None) -> QuerySet[Donation]:
    qs = visible(user, Donation, VIEW).select_related("fund").prefetch_related("items")
    if fund is not None:
        qs = qs.filter(fund=fund)
    return qs.order_by("-received_on", "-id")


def use_list(*, user: User, fund: Fund | None = None) -> QuerySet[FundUse]:
    qs = visible(user, FundUse, VIEW).select_related("fund")
    if fund is not None:
        qs = qs.filter(fund=fund)
    return qs.order_by("-used_on", "-id")


def paid_disbursements(*, user: User, fund: Fund) -> QuerySet[UseDisbursement]:
    """The aid disbursements the fund's counted uses paid, with the people who received them: the trace of
    a donation's use. Only those the user sees in aid are listed (names masked per row by the caller)."""
    from fulian.aid.models import Disbursement

    seen = visible(user, Disbursement, "aid.view").values("pk")
    return (
        UseDisbursement.objects.filter(use__fund=fund, active=True, disbursement__in=seen)
        .select_related("use", "disbursement__person", "disbursement__programme")
        .order_by("use__used_on", "disbursement__paid_on", "id")
    )


def payable_disbursements(*, user: User, fund: Fund):
    """Active aid disbursements of the fund's subtree that the user sees and no counted use paid."""
    from fulian.aid.models import Disbursement

    taken = UseDisbursement.objects.filter(active=True).values("disbursement")
    return (
        visible(user, Disbursement, "aid.view")
        .filter(village_path__startswith=fund.unit_path, status=Disbursement.Status.ACTIVE)
        .exclude(pk__in=taken)
        .select_related("person", "programme")
        .order_by("-paid_on", "-id")
    )


# --- services handled ----------------------------------------------------------------------------------


def protected_q(person_field: str = "person") -> Q:
    """Persons who are a protected party of domestic violence: the person of a 家庭暴力 rights case, or
    carrying the category 家庭暴力受害人. Their services handled are kept out of every list, page, export
    and API answer (counted in the figures only, as rows the reader may not open)."""
    from fulian.cases.models import Case
    from fulian.people.models import PersonCategory

    case = Case.objects.filter(person=OuterRef(person_field), type=Case.Type.DOMESTIC_VIOLENCE)
    category = PersonCategory.objects.filter(
        person=OuterRef(person_field), category__code=DV_CATEGORY, removed_on__isnull=True
    )
    return Q(Exists(case)) | Q(Exists(category))


def service_list(*, user: User) -> QuerySet[ServiceRecord]:
    return (
        visible(user, ServiceRecord, VIEW)
        .exclude(protected_q())
        .select_related("person", "kind", "village")
        .order_by("-handled_on", "-id")
    )


def person_services(*, user: User, person) -> list[ServiceRecord]:
    """A person's services, for her page in the registry: none at all for a protected DV party."""
    return list(service_list(user=user).filter(person=person))


def service_kinds() -> QuerySet[ServiceKind]:
    return ServiceKind.objects.filter(is_active=True).order_by("order", "id")


# --- projects and pairings ----------------------------------------------------------------------------


def project_list(*, user: User) -> QuerySet[Project]:
    return visible(user, Project, VIEW).select_related("unit").order_by("-proposed_on", "-id")


def hostable(*, user: User, project: Project) -> tuple[QuerySet, QuerySet]:
    """Trainings and activities of the base's unit and below that the user sees, not yet linked."""
    from fulian.activities.models import Activity
    from fulian.employment.models import Training

    under = {"unit_path__startswith": project.unit_path}
    trainings = (
        visible(user, Training, "employment.view").filter(**under).exclude(pk__in=project.trainings.all())
    )
    activities = (
        visible(user, Activity, "activities.view").filter(**under).exclude(pk__in=project.activities.all())
    )
    return trainings.order_by("-started_on", "-id"), activities.order_by("-start_date", "-id")


def milestones(*, project: Project) -> QuerySet[Milestone]:
    return project.milestones.order_by("done_on", "id")


def pairing_list(*, user: User) -> QuerySet[Pairing]:
    return (
        visible(user, Pairing, VIEW)
        .select_related("unit")
        .annotate(n=Count("activities"))
        .order_by("-started_on", "-id")
    )


def pairing_activities(*, pairing: Pairing) -> QuerySet[PairingActivity]:
    return pairing.activities.order_by("held_on", "id")


# --- figures -------------------------------------------------------------------------------------------


def kind_codes() -> list[str]:
    return list(ServiceKind.objects.order_by("order", "id").values_list("code", flat=True))


def metric_keys() -> list[str]:
    return [
        "resources.donations.money",
        "resources.donations.goods",
        "resources.donations.count",
        "resources.uses.money",
        "resources.uses.aid",
        "resources.services",
        "resources.services.persons",
        *[f"resources.services.kind.{c}" for c in kind_codes()],
        "resources.projects",
        "resources.bases",
        "resources.pairings",
    ]


def families(start: datetime.date, end: datetime.date) -> list:
    """(model, path field, the rows' condition, {metric key: aggregate}) for each table the figures count;
    the records behind a figure (figures.records) are read with the same conditions."""
    received = Q(status=Status.ACTIVE, received_on__range=(start, end))
    used = Q(status=Status.ACTIVE, used_on__range=(start, end))
    accepted = Q(stage=Project.Stage.ACCEPTED) | Q(stage=Project.Stage.RUNNING)
    return [
        (
            Donation,
            "unit_path",
            received,
            {
                "resources.donations.money": Sum("amount", filter=Q(kind=Kind.MONEY)),
                "resources.donations.goods": Sum("amount", filter=Q(kind=Kind.GOODS)),
                "resources.donations.count": Count("id"),
            },
        ),
        (
            FundUse,
            "unit_path",
            used,
            {
                "resources.uses.money": Sum("amount", filter=Q(kind=Kind.MONEY)),
                "resources.uses.aid": Sum("amount", filter=Q(target=FundUse.Target.AID)),
            },
        ),
        (
            ServiceRecord,
            "village_path",
            Q(handled_on__range=(start, end)),
            {
                "resources.services": Count("id"),
                "resources.services.persons": Count("person", distinct=True),
                **{f"resources.services.kind.{c}": Count("id", filter=Q(kind__code=c)) for c in kind_codes()},
            },
        ),
        (
            Project,
            "unit_path",
            Q(proposed_on__lte=end) & accepted,
            {
                "resources.projects": Count("id", filter=Q(is_base=False)),
                "resources.bases": Count("id", filter=Q(is_base=True)),
            },
        ),
        (
            Pairing,
            "unit_path",
            Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start)),
            {"resources.pairings": Count("id")},
        ),
    ]


def figures(
    *, user: User, unit, start: datetime.date, end: datetime.date, group_by_child: bool = False
) -> dict:
    """Resources, projects and services handled for a unit's subtree and a period, counted by the database.

    Metric keys:
    - resources.donations.money / .goods: money received / goods received (estimated value) in the
      period, counted donations only; resources.donations.count: the donations;
    - resources.uses.money: money given out; resources.uses.aid: of all uses, those paying aid
      disbursements;
    - resources.services: services handled in the period, .persons the women they were handled for,
      .kind.<code> per kind (kinds are data: `ServiceKind`);
    - resources.projects / resources.bases: projects and bases under way or accepted by the end of the
      period; resources.pairings: pairings running at some time in the period.
    """
    results = [
        unit_totals(
            subtree_rows(user, model, VIEW, unit),
            path_field=path_field,
            unit=unit,
            metrics=metrics,
            where=where,
            group_by_child=group_by_child,
        )
        for model, path_field, where, metrics in families(start, end)
    ]
    if group_by_child:
        return merge_by_child(unit, results, metric_keys())
    merged: dict = {}
    for r in results:
        merged.update(r)
    return merged
