"""Saved recipient lists (常用名单): a named selection of a unit — units (with or without their sub-units),
the cadres there by role, hand-picked people, and for SMS the federation rosters and a registry category
of those units — reused when sending a notice here or a message on the SMS platform.

A list is a rule, resolved when something is sent (`list_recipients` for a notice; the SMS platform's
`selectors.audience_of` for a message): it follows new cadres, changed rosters and people who left. What
was actually sent to whom is kept by the notice's receipts and the message's delivery rows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from fulian.core.scoping import require
from fulian.orgs.models import Membership

from ..models import RecipientList
from .notices import SEND, recipients_of

if TYPE_CHECKING:
    from fulian.accounts.models import User


@transaction.atomic
def recipient_list_create(
    *,
    user: User,
    unit,
    name: str,
    units: Iterable = (),
    subunits: bool = True,
    cadres: bool = True,
    roles: Iterable[str] = (),
    people: Iterable = (),
    roster: bool = False,
    category=None,
) -> RecipientList:
    """Save a selection of a unit in the user's scope: its units are that unit or units below it, its
    people hold a post there."""
    require(user, SEND, unit)
    units, roles, people = list(units), list(roles), list(people)
    if not (cadres or people or roster or category is not None):
        raise ValidationError({"cadres": "请至少选择一类接收人：干部、指定人员、名册或服务对象类别"})
    outside = [u.name for u in units if not u.path.startswith(unit.path)]
    if outside:
        raise ValidationError({"units": f"{'、'.join(outside)}不是{unit.name}或其下级单位"})
    posted = set(
        Membership.objects.filter(
            is_active=True, user__in=people, unit__path__startswith=unit.path
        ).values_list("user_id", flat=True)
    )
    strangers = [p.display_name or p.username for p in people if p.pk not in posted]
    if strangers:
        raise ValidationError({"people": f"{'、'.join(strangers)}不在{unit.name}及下级单位任职"})
    if category is not None and category.is_sensitive:
        raise ValidationError({"category": f"「{category.name}」是敏感类别，不能用于群发"})
    saved = RecipientList(
        unit=unit,
        unit_path=unit.path,
        name=name.strip(),
        subunits=subunits,
        cadres=cadres,
        roles=roles if cadres else [],
        roster=roster,
        category=category,
        created_by=user,
    )
    saved.full_clean()
    saved.save()
    saved.units.set(units)
    saved.people.set(people)
    return saved


def list_units(saved: RecipientList) -> list:
    """The units the list's cadres, roster and category are taken from: the chosen ones, else its own."""
    return list(saved.units.all()) or [saved.unit]


def list_recipients(*, user: User, recipient_list: RecipientList) -> dict:
    """{user: her unit} the list names now, for a notice sent by `user` (rosters and registry categories
    have no accounts: they count for SMS only)."""
    people = list(recipient_list.people.all())
    units = list_units(recipient_list) if recipient_list.cadres else []
    if not (units or people):
        return {}
    return recipients_of(
        user=user,
        units=units,
        roles=recipient_list.roles if recipient_list.cadres else [],
        people=people,
        subunits=recipient_list.subunits,
    )
