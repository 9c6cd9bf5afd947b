"""Writes of the pairing ledger. Every service checks the user's scope, validates, and writes atomically."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from fulian.core.roles import Role
from fulian.core.scoping import require, scope_for
from fulian.people.models import age_on

from .models import Pairing, Visit, VisitFrequency, Volunteer

if TYPE_CHECKING:
    from fulian.accounts.models import User

ADULT_AGE = 18


def _require_person_in_scope(user: User, capability: str, person, field: str) -> None:
    if not scope_for(user).covers(capability, person.village_path):
        raise ValidationError({field: "该人员不在您的管辖范围内"})


def check_volunteer(person, *, registered: bool) -> dict[str, str]:
    """The reasons this person cannot be registered as a volunteer ({field: message}); `registered`:
    whether she already is one (the caller looks it up, so an import can do it once per chunk)."""
    if registered:
        return {"person": "该人员已登记为志愿者"}
    return {}


@transaction.atomic
def volunteer_register(
    *,
    user: User,
    person,
    kind: str = Volunteer.Kind.CARING_MOTHER,
    phone: str = "",
    registered_on: datetime.date | None = None,
    account=None,
    note: str = "",
) -> Volunteer:
    """Register a registry person as a volunteer, optionally linked to an account with the volunteer role."""
    require(user, "care.change")
    _require_person_in_scope(user, "care.change", person, "person")
    errors = check_volunteer(person, registered=Volunteer.objects.filter(person=person).exists())
    registered_on = registered_on or timezone.localdate()
    if registered_on > timezone.localdate():  # as the import's date column refuses one
        errors["registered_on"] = "登记日期不能晚于今天"
    if errors:
        raise ValidationError(errors)
    if account is not None:
        if not account.memberships.filter(role=Role.VOLUNTEER, is_active=True).exists():
            raise ValidationError({"account": "该账号没有志愿者角色，请先为其分配“志愿者/爱心妈妈”角色"})
        if Volunteer.objects.filter(user=account).exists():
            raise ValidationError({"account": "该账号已关联其他志愿者"})
    volunteer = Volunteer(
        person=person,
        user=account,
        village_id=person.village_id,
        village_path=person.village_path,
        kind=kind,
        phone=phone,
        registered_on=registered_on,
        note=note,
    )
    volunteer.full_clean()
    volunteer.save()
    return volunteer


def check_pairing(
    volunteer: Volunteer, child, started_on: datetime.date, *, child_paired: bool
) -> dict[str, str]:
    """The reasons this volunteer cannot be paired with this child from that day ({field: message});
    `child_paired`: whether the child already has an active pairing (the caller looks it up)."""
    errors: dict[str, str] = {}
    if not volunteer.is_active:
        errors["volunteer"] = "该志愿者已退出，不能新建结对"
    if started_on > timezone.localdate():
        errors["started_on"] = "结对日期不能晚于今天"
    if started_on < volunteer.registered_on:
        errors["started_on"] = "结对日期不能早于志愿者登记日期"
    age = age_on(getattr(child, "birth_date", None), started_on)
    if age is not None and age >= ADULT_AGE:
        errors["child"] = f"结对对象应为未满18周岁的儿童（结对时已满{age}周岁）"
    if child.pk == volunteer.person_id:
        errors["child"] = "志愿者不能与本人结对"
    elif child_paired:
        errors["child"] = "该儿童已有进行中的结对；如需更换志愿者，请在原结对上“重新结对”"
    return errors


def _check_new_pairing(user: User, volunteer: Volunteer, child, started_on: datetime.date) -> None:
    paired = Pairing.objects.filter(child=child, ended_on__isnull=True).exists()
    errors = check_pairing(volunteer, child, started_on, child_paired=paired)
    if errors:
        raise ValidationError(errors)
    _require_person_in_scope(user, "care.change", child, "child")


def _new_pairing(*, volunteer, child, started_on, reason, frequency) -> Pairing:
    pairing = Pairing(
        volunteer=volunteer,
        child=child,
        village_id=child.village_id,
        village_path=child.village_path,
        started_on=started_on,
        reason=reason.strip(),
        frequency=frequency,
        next_visit_due=started_on + datetime.timedelta(days=int(frequency)),
    )
    pairing.full_clean()
    pairing.save()
    return pairing


@transaction.atomic
def pairing_create(
    *,
    user: User,
    volunteer: Volunteer,
    child,
    started_on: datetime.date,
    reason: str,
    frequency: int = VisitFrequency.MONTHLY,
) -> Pairing:
    """Pair a volunteer with a child who has no active pairing."""
    require(user, "care.change", volunteer)
    _check_new_pairing(user, volunteer, child, started_on)
    return _new_pairing(
        volunteer=volunteer, child=child, started_on=started_on, reason=reason, frequency=frequency
    )


@transaction.atomic
def pairing_end(*, user: User, pairing: Pairing, ended_on: datetime.date, end_reason: str) -> Pairing:
    """End an active pairing; it stays in the ledger with its visits."""
    require(user, "care.change", pairing)
    pairing = Pairing.objects.select_for_update().get(pk=pairing.pk)
    if not pairing.is_active:
        raise ValidationError({"ended_on": "该结对已结束"})
    if not end_reason.strip():
        raise ValidationError({"end_reason": "请填写结束原因"})
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": "结束日期不能晚于今天"})
    if ended_on < pairing.started_on:
        raise ValidationError({"ended_on": "结束日期不能早于结对日期"})
    pairing.ended_on = ended_on
    pairing.end_reason = end_reason.strip()
    pairing.full_clean()
    pairing.save()
    return pairing


@transaction.atomic
def pairing_repair(
    *,
    user: User,
    pairing: Pairing,
    volunteer: Volunteer,
    started_on: datetime.date,
    reason: str,
    frequency: int | None = None,
) -> Pairing:
    """Re-pair the child with another volunteer: the old pairing ends that day, the history stays."""
    require(user, "care.change", pairing)
    require(user, "care.change", volunteer)
    if volunteer.pk == pairing.volunteer_id:
        raise ValidationError({"volunteer": "请选择另一位志愿者"})
    if not reason.strip():
        raise ValidationError({"reason": "请填写重新结对的原因"})
    old = pairing_end(user=user, pairing=pairing, ended_on=started_on, end_reason=f"重新结对：{reason}")
    _check_new_pairing(user, volunteer, old.child, started_on)
    new = _new_pairing(
        volunteer=volunteer,
        child=old.child,
        started_on=started_on,
        reason=reason,
        frequency=frequency or old.frequency,
    )
    old.replaced_by = new
    old.save(update_fields=["replaced_by"])
    return new


def check_visit(pairing: Pairing, visited_on: datetime.date, notes: str) -> dict[str, str]:
    """The reasons a visit on that day cannot be logged on this pairing ({field: message})."""
    errors = {}
    if visited_on > timezone.localdate():
        errors["visited_on"] = "走访日期不能晚于今天"
    elif visited_on < pairing.started_on:
        errors["visited_on"] = "走访日期不能早于结对日期"
    elif pairing.ended_on and visited_on > pairing.ended_on:
        errors["visited_on"] = "走访日期不能晚于结对结束日期"
    if not notes.strip():
        errors["notes"] = "请填写走访情况"
    return errors


@transaction.atomic
def visit_record(
    *,
    user: User,
    pairing: Pairing,
    visited_on: datetime.date,
    kind: str = Visit.Kind.HOME,
    notes: str = "",
    needs_found: str = "",
    need_solved: bool = False,
) -> Visit:
    """Log a visit on a pairing the user may record visits for; moves the next due date on."""
    require(user, "care.visit", pairing)
    pairing = Pairing.objects.select_for_update().get(pk=pairing.pk)
    errors = check_visit(pairing, visited_on, notes)
    if errors:
        raise ValidationError(errors)
    visit = Visit(
        pairing=pairing,
        village_id=pairing.village_id,
        village_path=pairing.village_path,
        visited_on=visited_on,
        kind=kind,
        notes=notes.strip(),
        needs_found=needs_found.strip(),
        need_solved=need_solved,
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    visit.full_clean()
    visit.save()
    last = pairing.visits.aggregate(last=Max("visited_on"))["last"]
    pairing.next_visit_due = last + datetime.timedelta(days=pairing.frequency)
    pairing.save(update_fields=["next_visit_due"])
    return visit
