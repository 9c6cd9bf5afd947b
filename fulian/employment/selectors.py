"""Reads of the employment ledger, and the figures reports call."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet, Sum

from fulian.core.ledgers import Family, family_totals, merge_by_child
from fulian.core.scoping import visible

from .models import Entrepreneur, FairEmployer, JobFair, Loan, Trainee, Training

if TYPE_CHECKING:
    from fulian.accounts.models import User

CAP = "employment.view"


def training_list_visible_to(*, user: User) -> QuerySet[Training]:
    return (
        visible(user, Training, CAP)
        .select_related("unit")
        .annotate(n_trainees=Count("trainees", filter=Q(trainees__in=visible(user, Trainee, CAP))))
        .order_by("-started_on", "-id")
    )


def trainee_list(*, user: User, training: Training) -> QuerySet[Trainee]:
    return visible(user, Trainee, CAP).filter(training=training).select_related("person", "village")


def fair_list_visible_to(*, user: User) -> QuerySet[JobFair]:
    return (
        visible(user, JobFair, CAP)
        .select_related("unit")
        .annotate(
            n_employers=Count("employers"),
            n_posts=Sum("employers__posts_offered"),
            n_hires=Sum("employers__hires"),
        )
        .order_by("-held_on", "-id")
    )


def entrepreneur_list_visible_to(*, user: User) -> QuerySet[Entrepreneur]:
    return (
        visible(user, Entrepreneur, CAP)
        .select_related("person", "village")
        .annotate(n_loans=Count("loans"), loan_total=Sum("loans__amount"))
        .order_by("village__path", "id")
    )


def loan_list_visible_to(*, user: User) -> QuerySet[Loan]:
    """Loans the user may see, newest first, with the entrepreneur and her village loaded."""
    return (
        visible(user, Loan, CAP)
        .select_related("entrepreneur__person", "village")
        .order_by("-granted_on", "-id")
    )


METRIC_KEYS = [
    "employment.trainings",
    "employment.trainees",
    "employment.trainees.certified",
    "employment.fairs",
    "employment.fair_attendees",
    "employment.employers",
    "employment.posts",
    "employment.hires",
    "employment.entrepreneurs",
    "employment.entrepreneurs.new",
    "employment.loans",
    "employment.loan_amount",
    "employment.loans.repaid",
]


# One statement per table (see fulian.core.ledgers.Family). Trainees count by their own village, in
# trainings started in the period whoever ran them; employers by their fair's unit.
FAMILIES = (
    Family(
        Training,
        path="unit_path",
        where="t.started_on BETWEEN %(start)s AND %(end)s",
        metrics={"employment.trainings": "COUNT(*)"},
    ),
    Family(
        Trainee,
        path="village_path",
        joins="JOIN employment_training tr ON tr.id = t.training_id",
        where="tr.started_on BETWEEN %(start)s AND %(end)s",
        metrics={
            "employment.trainees": "COUNT(*)",
            "employment.trainees.certified": "COUNT(CASE WHEN t.certified THEN 1 END)",
        },
    ),
    Family(
        JobFair,
        path="unit_path",
        where="t.held_on BETWEEN %(start)s AND %(end)s",
        metrics={"employment.fairs": "COUNT(*)", "employment.fair_attendees": "SUM(t.attendees)"},
    ),
    Family(
        FairEmployer,
        path="f.unit_path",
        joins="JOIN employment_jobfair f ON f.id = t.fair_id",
        where="f.held_on BETWEEN %(start)s AND %(end)s",
        metrics={
            "employment.employers": "COUNT(*)",
            "employment.posts": "SUM(t.posts_offered)",
            "employment.hires": "SUM(t.hires)",
        },
    ),
    Family(
        Entrepreneur,
        path="village_path",
        where="t.started_on <= %(end)s",
        metrics={
            "employment.entrepreneurs": "COUNT(*)",
            "employment.entrepreneurs.new": "COUNT(CASE WHEN t.started_on >= %(start)s THEN 1 END)",
        },
    ),
    Family(
        Loan,
        path="village_path",
        where="t.granted_on BETWEEN %(start)s AND %(end)s",
        metrics={
            "employment.loans": "COUNT(*)",
            "employment.loan_amount": "SUM(t.amount)",
            "employment.loans.repaid": "COUNT(CASE WHEN t.repaid THEN 1 END)",
        },
        decimals=frozenset({"employment.loan_amount"}),
    ),
)


def figures(
    *, user: User, unit, start: datetime.date, end: datetime.date, group_by_child: bool = False
) -> dict:
    """The employment ledger's totals for a unit's subtree and a period, counted by the database.

    Metric keys:
    - employment.trainings: trainings run by units of the subtree, started in the period;
    - employment.trainees / .certified: trainees from villages of the subtree in trainings started in the
      period (whoever ran the training), and those who got a certificate;
    - employment.fairs / .fair_attendees: job fairs held by units of the subtree in the period, their
      job seekers; employment.employers / .posts / .hires: employers at those fairs, posts, hires;
    - employment.entrepreneurs: entrepreneurs of the subtree in business by the end of the period;
      employment.entrepreneurs.new: started in the period;
    - employment.loans / .loan_amount (元, Decimal) / .loans.repaid: loans granted in the period, their
      sum, and how many of them are repaid.
    Six queries (one per family), plus one for the children with `group_by_child`.
    """

    families = [
        family_totals(user, CAP, unit, f, start=start, end=end, group_by_child=group_by_child)
        for f in FAMILIES
    ]
    if group_by_child:
        return merge_by_child(unit, families, METRIC_KEYS)
    result: dict = {}
    for f in families:
        result.update(f)
    return result
