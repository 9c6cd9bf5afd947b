"""Appointments and removals on the roster, cadre training and its attendance, and places (阵地)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from fulian.core.scoping import require
from fulian.orgs.models import FederationMember
from fulian.orgs.services.units import federation_member_create, federation_member_end

from ..models import Attendance, CadreTraining, Place, PostRecord
from .elections import _not_future

if TYPE_CHECKING:
    from fulian.accounts.models import User

CHANGE = "orgbuild.change"
PLACE_FIELDS = ("kind", "name", "status", "area", "opened_on", "note")


@transaction.atomic
def post_appoint(
    *,
    user: User,
    unit,
    position: str,
    term_start: datetime.date,
    reason: str,
    person=None,
    name: str = "",
    term_end: datetime.date | None = None,
) -> FederationMember:
    """Appoint someone to a post between elections (调整任命): a roster row and its record."""
    require(user, CHANGE, unit)
    if person is None and not name.strip():
        raise ValidationError({"person": "请选择服务对象库人员或填写姓名"})
    if person is not None and not (person.village_path or "").startswith(unit.path):
        raise ValidationError({"person": f"{person.name}：不是{unit.name}登记的人员"})
    if not reason.strip():
        raise ValidationError({"reason": "请填写任职原因"})
    member = federation_member_create(
        unit=unit,
        name=person.name if person is not None else name.strip(),
        position=position,
        term_start=term_start,
        term_end=term_end,
    )
    record = PostRecord(
        member=member, unit_path=unit.path, person=person, how=PostRecord.How.ADJUSTED, reason=reason.strip()
    )
    record.full_clean()
    record.save()
    return member


@transaction.atomic
def roster_enter(
    *,
    user: User,
    unit,
    name: str,
    position: str,
    term_start: datetime.date,
    term_end: datetime.date | None = None,
    phone: str = "",
    workplace: str = "",
    note: str = "",
) -> FederationMember:
    """Enter an existing roster row (补录: a federation elected before Fulian, or a roster kept on paper).
    Not counted as a post adjustment of the year (PostRecord.How.ENTERED)."""
    require(user, CHANGE, unit)
    if not name.strip():
        raise ValidationError({"name": "请填写姓名"})
    _not_future(term_start, "term_start", "任期开始")
    member = federation_member_create(
        unit=unit,
        name=name.strip(),
        position=position,
        term_start=term_start,
        term_end=term_end,
        phone=phone,
        workplace=workplace,
        note=note,
    )
    record = PostRecord(member=member, unit_path=unit.path, how=PostRecord.How.ENTERED, reason="补录")
    record.full_clean()
    record.save()
    return member


@transaction.atomic
def post_remove(
    *, user: User, member: FederationMember, removed_on: datetime.date, reason: str
) -> FederationMember:
    """End a post on a day, with the reason (调离、辞职、换届 …)."""
    require(user, CHANGE, member)
    if not reason.strip():
        raise ValidationError({"reason": "请填写离任原因"})
    _not_future(removed_on, "removed_on", "离任日期")
    if member.term_end is not None and member.term_end < removed_on:
        raise ValidationError({"removed_on": f"{member.name}的任期已于{member.term_end:%Y-%m-%d}结束"})
    federation_member_end(member=member, term_end=removed_on)
    record = PostRecord.objects.filter(member=member).first() or PostRecord(
        member=member, unit_path=member.unit.path, how=PostRecord.How.ENTERED
    )
    record.removed_reason = reason.strip()
    record.full_clean()
    record.save()
    return member


@transaction.atomic
def training_create(
    *,
    user: User,
    unit,
    kind: str,
    title: str,
    started_on: datetime.date,
    ended_on: datetime.date,
    hours: Decimal,
    place: str = "",
    note: str = "",
) -> CadreTraining:
    require(user, CHANGE, unit)
    _not_future(started_on, "started_on", "开始日期")
    training = CadreTraining(
        unit=unit,
        unit_path=unit.path,
        kind=kind,
        title=title.strip(),
        started_on=started_on,
        ended_on=ended_on,
        hours=hours,
        place=place,
        note=note,
    )
    training.full_clean()
    training.save()
    return training


@transaction.atomic
def attendance_add(*, user: User, training: CadreTraining, member: FederationMember) -> Attendance:
    """Put a cadre of the roster on a training's list: she must hold a post under the training's unit
    on its first day."""
    require(user, CHANGE, training)
    if not member.unit.path.startswith(training.unit_path):
        raise ValidationError({"member": f"{member.name}：不是{training.unit.name}及所辖单位的妇联干部"})
    day = training.started_on
    if member.term_start > day or (member.term_end is not None and member.term_end < day):
        raise ValidationError({"member": f"{member.name}：培训开始时不在任"})
    if Attendance.objects.filter(training=training, member=member).exists():
        raise ValidationError({"member": f"{member.name}：已在参训名单中"})
    row = Attendance(training=training, member=member, unit_path=member.unit.path)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def place_create(
    *,
    user: User,
    unit,
    kind: str,
    name: str,
    status: str = Place.Status.IN_USE,
    area: Decimal | None = None,
    opened_on: datetime.date | None = None,
    note: str = "",
) -> Place:
    require(user, CHANGE, unit)
    place = Place(unit=unit, unit_path=unit.path)
    return _place_save(
        place,
        {"kind": kind, "name": name, "status": status, "area": area, "opened_on": opened_on, "note": note},
    )


@transaction.atomic
def place_update(*, user: User, place: Place, **data) -> Place:
    require(user, CHANGE, place)
    unknown = set(data) - set(PLACE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    return _place_save(place, data)


def _place_save(place: Place, data: dict) -> Place:
    for key, value in data.items():
        setattr(place, key, value.strip() if isinstance(value, str) else value)
    if place.opened_on:
        _not_future(place.opened_on, "opened_on", "启用日期")
    place.full_clean()
    place.save()
    return place
