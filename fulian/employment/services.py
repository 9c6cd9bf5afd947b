"""Writes of the employment ledger."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fulian.core.scoping import require, scope_for

from .models import Entrepreneur, FairEmployer, JobFair, Loan, Trainee, Training

if TYPE_CHECKING:
    from fulian.accounts.models import User


def _in_scope(user: User, person, field: str = "person") -> None:
    if not scope_for(user).covers("employment.change", person.village_path):
        raise ValidationError({field: "该人员不在您的管辖范围内"})


def _not_future(day: datetime.date, field: str, label: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: f"{label}不能晚于今天"})


@transaction.atomic
def training_create(
    *,
    user: User,
    unit,
    title: str,
    started_on,
    ended_on,
    place: str = "",
    subject: str = "",
    partner: str = "",
    note: str = "",
) -> Training:
    """Record a training run by a unit in the user's scope."""
    require(user, "employment.change", unit)
    training = Training(
        title=title.strip(),
        unit=unit,
        unit_path=unit.path,
        started_on=started_on,
        ended_on=ended_on,
        place=place,
        subject=subject,
        partner=partner,
        note=note,
    )
    training.full_clean()
    training.save()
    return training


@transaction.atomic
def trainee_add(
    *, user: User, training: Training, person, completed: bool = True, certified: bool = False
) -> Trainee:
    """Add a registry person to a training's list (her village decides who sees the row)."""
    require(user, "employment.change")
    _in_scope(user, person)
    if Trainee.objects.filter(training=training, person=person).exists():
        raise ValidationError({"person": f"{person.name}：已在本次培训名单中"})
    if certified and not completed:
        raise ValidationError({"certified": "未结业的学员不能登记取得证书"})
    trainee = Trainee(
        training=training,
        person=person,
        village_id=person.village_id,
        village_path=person.village_path,
        completed=completed,
        certified=certified,
    )
    trainee.full_clean()
    trainee.save()
    return trainee


@transaction.atomic
def fair_create(
    *, user: User, unit, title: str, held_on, place: str = "", attendees: int = 0, note: str = ""
) -> JobFair:
    require(user, "employment.change", unit)
    fair = JobFair(
        title=title.strip(),
        unit=unit,
        unit_path=unit.path,
        held_on=held_on,
        place=place,
        attendees=attendees,
        note=note,
    )
    fair.full_clean()
    fair.save()
    return fair


@transaction.atomic
def employer_add(*, user: User, fair: JobFair, name: str, posts_offered: int, hires: int = 0) -> FairEmployer:
    """Add (or correct) an employer's posts and hires at a fair."""
    require(user, "employment.change", fair)
    employer = FairEmployer.objects.filter(fair=fair, name=name.strip()).first() or FairEmployer(
        fair=fair, name=name.strip()
    )
    employer.posts_offered = posts_offered
    employer.hires = hires
    employer.full_clean()
    employer.save()
    return employer


@transaction.atomic
def entrepreneur_register(
    *,
    user: User,
    person,
    kind: str,
    business_name: str,
    started_on,
    business_type: str = "",
    employees: int = 0,
    note: str = "",
) -> Entrepreneur:
    require(user, "employment.change")
    _in_scope(user, person)
    _not_future(started_on, "started_on", "创业时间")
    if Entrepreneur.objects.filter(person=person).exists():
        raise ValidationError({"person": f"{person.name}：已登记为创业女性"})
    entrepreneur = Entrepreneur(
        person=person,
        village_id=person.village_id,
        village_path=person.village_path,
        kind=kind,
        business_name=business_name.strip(),
        business_type=business_type,
        started_on=started_on,
        employees=employees,
        note=note,
    )
    entrepreneur.full_clean()
    entrepreneur.save()
    return entrepreneur


@transaction.atomic
def loan_record(
    *, user: User, entrepreneur: Entrepreneur, amount: Decimal, bank: str, granted_on, term_months: int = 24
) -> Loan:
    require(user, "employment.change", entrepreneur)
    _not_future(granted_on, "granted_on", "放款日期")
    if Loan.objects.filter(entrepreneur=entrepreneur, granted_on=granted_on, amount=amount).exists():
        # the same rule as the loan import: one person, one day, one amount is one loan
        name = entrepreneur.person.name
        raise ValidationError({"granted_on": f"{name}：{granted_on:%Y-%m-%d} 放款的 {amount} 元贷款已登记"})
    loan = Loan(
        entrepreneur=entrepreneur,
        village_id=entrepreneur.village_id,
        village_path=entrepreneur.village_path,
        amount=amount,
        bank=bank.strip(),
        granted_on=granted_on,
        term_months=term_months,
    )
    loan.full_clean()
    loan.save()
    return loan


@transaction.atomic
def loan_mark_repaid(*, user: User, loan: Loan, repaid_on) -> Loan:
    require(user, "employment.change", loan)
    _not_future(repaid_on, "repaid_on", "还清日期")
    loan.repaid = True
    loan.repaid_on = repaid_on
    loan.full_clean()
    loan.save()
    return loan
