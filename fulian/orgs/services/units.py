"""Writes made by hand on the org pages: federation seats and zones.

Every function is atomic and validates with full_clean(); django-auditlog records each change (its
middleware supplies the actor during a request). Callers have already checked the policy.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from ..models import FederationMember, Level, OrgUnit, Position, Zone

MEMBER_FIELDS = ("name", "position", "phone", "workplace", "term_start", "term_end", "note")


def _check_single_chair(member: FederationMember) -> None:
    """A federation has one chair at a time: a chair's term may not overlap another chair's."""
    if member.position != Position.CHAIR or member.term_start is None:
        return
    others = FederationMember.objects.filter(unit_id=member.unit_id, position=Position.CHAIR).exclude(
        pk=member.pk
    )
    others = others.filter(Q(term_end__isnull=True) | Q(term_end__gte=member.term_start))
    if member.term_end is not None:
        others = others.filter(term_start__lte=member.term_end)
    clash = others.order_by("term_start").first()
    if clash is not None:
        until = f"{clash.term_end:%Y-%m-%d}" if clash.term_end else "今"
        raise ValidationError(
            {
                "term_start": f"任期与主席{clash.name}（{clash.term_start:%Y-%m-%d} 至 {until}）的任期重叠，"
                "请先结束其任期或调整日期"
            }
        )


@transaction.atomic
def federation_member_create(
    *,
    unit: OrgUnit,
    name: str,
    position: str,
    term_start: datetime.date,
    term_end: datetime.date | None = None,
    phone: str = "",
    workplace: str = "",
    note: str = "",
) -> FederationMember:
    """Add a seat on the unit's federation for a term."""
    member = FederationMember(
        unit=unit,
        name=name,
        position=position,
        term_start=term_start,
        term_end=term_end,
        phone=phone,
        workplace=workplace,
        note=note,
    )
    member.full_clean()
    _check_single_chair(member)
    member.save()
    return member


@transaction.atomic
def federation_member_update(*, member: FederationMember, **data) -> FederationMember:
    """Correct a seat's details (name, position, term, contact)."""
    unknown = set(data) - set(MEMBER_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for key, value in data.items():
        setattr(member, key, value)
    member.full_clean()
    _check_single_chair(member)
    member.save()
    return member


@transaction.atomic
def federation_member_end(*, member: FederationMember, term_end: datetime.date) -> FederationMember:
    """End a term on the given day (it must not precede the term's start)."""
    member.term_end = term_end
    member.full_clean()
    member.save(update_fields=["term_end"])
    return member


def _check_villages(town: OrgUnit, villages: Iterable[OrgUnit]) -> list[OrgUnit]:
    villages = list(villages)
    strangers = [v.name for v in villages if v.level != Level.VILLAGE or not v.is_child_of(town)]
    if strangers:
        raise ValidationError({"villages": f"以下单位不是{town.name}的村/社区：{'、'.join(strangers)}"})
    return villages


def _check_name(zone: Zone) -> None:
    clash = Zone.objects.filter(town_id=zone.town_id, name=zone.name).exclude(pk=zone.pk).exists()
    if clash:
        raise ValidationError({"name": f"本乡镇已有名为“{zone.name}”的片区"})


def _assign(zone: Zone, villages: list[OrgUnit]) -> None:
    """Make `villages` exactly the zone's villages; a village leaves any other zone it was in."""
    keep = {v.pk for v in villages}
    for old in zone.villages.exclude(pk__in=keep):
        old.zone = None
        old.save(update_fields=["zone", "updated_at"])
    for v in villages:
        if v.zone_id != zone.pk:
            v.zone = zone
            v.save(update_fields=["zone", "updated_at"])


@transaction.atomic
def zone_create(*, town: OrgUnit, name: str, note: str = "", villages: Iterable[OrgUnit] = ()) -> Zone:
    """Create a zone (片区) in a town, optionally with its villages."""
    if town.level != Level.TOWN:
        raise ValidationError({"town": "片区只能设在乡镇/街道下"})
    villages = _check_villages(town, villages)
    zone = Zone(town=town, name=name.strip(), note=note)
    _check_name(zone)
    zone.full_clean()
    zone.save()
    _assign(zone, villages)
    return zone


@transaction.atomic
def zone_update(*, zone: Zone, name: str, note: str = "", villages: Iterable[OrgUnit] | None = None) -> Zone:
    """Rename a zone and, when `villages` is given, set exactly which villages it holds."""
    zone.name = name.strip()
    zone.note = note
    _check_name(zone)
    zone.full_clean()
    zone.save()
    if villages is not None:
        _assign(zone, _check_villages(zone.town, villages))
    return zone


@transaction.atomic
def zone_delete(*, zone: Zone, unassign: bool = False) -> None:
    """Delete a zone. One that still holds villages is refused unless `unassign` releases them first."""
    held = list(zone.villages.all())
    if held and not unassign:
        raise ValidationError(f"片区“{zone.name}”还有{len(held)}个村/社区，请先确认将它们移出片区")
    _assign(zone, [])
    zone.delete()
