"""Reads of the employment ledger, and the figures reports call."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet, Sum

from fulian.core.ledgers import merge_by_child, subtree_rows, unit_totals
from fulian.core.scoping import visible

from .models import Entrepreneur, FairEmployer, JobFair, Loan, Trainee, Training

CAP = "employment.view"


def training_list_visible_to(*, user) -> QuerySet[Training]:
    return (
        visible(user, Training, CAP)
        .select_related("unit")
        .annotate(n_trainees=Count("trainees", filter=Q(trainees__in=visible(user, Trainee, CAP))))
        .order_by("-started_on", "-id")
    )


def trainee_list(*, user, training: Training) -> QuerySet[Trainee]:
    return visible(user, Trainee, CAP).filter(training=training).select_related("person", "village")


def fair_list_visible_to(*, user) -> QuerySet[JobFair]:
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


def entrepreneur_list_visible_to(*, user) -> QuerySet[Entrepreneur]:
    return (
        visible(user, Entrepreneur, CAP)
        .select_related("person", "village")
        .annotate(n_loans=Count("loans"), loan_total=Sum("loans__amount"))
        .order_by("village__path", "id")
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


def figures(*, user, unit, start: datetime.date, end: datetime.date, group_by_child: bool = False) -> dict:
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

    def fam(model, path_field, where, metrics):
        return unit_totals(
            subtree_rows(user, model, CAP, unit),
            path_field=path_field,
            unit=unit,
            metrics=metrics,
            where=where,
            group_by_child=group_by_child,
        )

    families = [
        fam(
            Training,
            "unit_path",
            Q(started_on__range=(start, end)),
            {"employment.trainings": Count("id")},
        ),
        fam(
            Trainee,
            "village_path",
            Q(training__started_on__range=(start, end)),
            {
                "employment.trainees": Count("id"),
                "employment.trainees.certified": Count("id", filter=Q(certified=True)),
            },
        ),
        fam(
            JobFair,
            "unit_path",
            Q(held_on__range=(start, end)),
            {"employment.fairs": Count("id"), "employment.fair_attendees": Sum("attendees")},
        ),
        fam(
            FairEmployer,
            "fair__unit_path",
            Q(fair__held_on__range=(start, end)),
            {
                "employment.employers": Count("id"),
                "employment.posts": Sum("posts_offered"),
                "employment.hires": Sum("hires"),
            },
        ),
        fam(
            Entrepreneur,
            "village_path",
            Q(started_on__lte=end),
            {
                "employment.entrepreneurs": Count("id"),
                "employment.entrepreneurs.new": Count("id", filter=Q(started_on__gte=start)),
            },
        ),
        fam(
            Loan,
            "village_path",
            Q(granted_on__range=(start, end)),
            {
                "employment.loans": Count("id"),
                "employment.loan_amount": Sum("amount"),
                "employment.loans.repaid": Count("id", filter=Q(repaid=True)),
            },
        ),
    ]
    if group_by_child:
        return merge_by_child(unit, families, METRIC_KEYS)
    result: dict = {}
    for f in families:
        result.update(f)
    return result
