"""Every write to the activity ledger. Keyword-only, atomic, validated; changes are audited by
django-auditlog (registered in apps.py)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from pypinyin import lazy_pinyin

from fulian.core.scoping import require, scope_for
from fulian.core.uploads import IMAGE_EXTENSIONS, validate_upload

from .models import (
    Activity,
    ActivityAttachment,
    ActivityQuantity,
    ActivityTeam,
    ActivityType,
    OutsideBody,
    QuantityKind,
)

if TYPE_CHECKING:
    from fulian.accounts.models import User

TYPES = "activities.types"


def code_for(name: str, model) -> str:
    """An ASCII code from a Chinese name (pinyin), unique within the model: 环保袋 → huan_bao_dai."""
    base = slugify("_".join(lazy_pinyin(name)))[:34].replace("-", "_") or "item"
    code, n = base, 2
    while model.objects.filter(code=code).exists():
        code, n = f"{base}_{n}", n + 1
    return code


@transaction.atomic
def activity_type_create(*, name: str, code: str = "") -> ActivityType:
    """Add a type to the managed list."""
    obj = ActivityType(name=name.strip(), code=code or code_for(name, ActivityType))
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def activity_type_save(
    *,
    user: User,
    activity_type: ActivityType | None = None,
    name: str,
    area: str = "",
    summary_heading: str = "",
    ledger: str = "",
    order: int = 100,
    is_active: bool = True,
) -> ActivityType:
    """Add a type, or change one, with its place in the annual summary: its area of work and the heading
    of its paragraph (the county's `activities.types`), or the specialised ledger that records this kind
    of work instead (decision 0005). Its code (the figure key) never changes."""
    require(user, TYPES)
    obj = activity_type or ActivityType(code=code_for(name, ActivityType))
    obj.name, obj.area, obj.summary_heading = name.strip(), area, summary_heading.strip()
    obj.order, obj.is_active, obj.ledger = order, is_active, ledger
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def outside_body_create(*, name: str) -> OutsideBody:
    """Add an outside department to the managed list."""
    obj = OutsideBody(name=name.strip())
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def quantity_kind_create(*, name: str, unit: str, code: str = "") -> QuantityKind:
    """Add a kind of counted thing (name and unit) to the managed list."""
    obj = QuantityKind(name=name.strip(), unit=unit.strip(), code=code or code_for(name, QuantityKind))
    obj.full_clean()
    obj.save()
    return obj


def _check_units(user: User, unit, co_units) -> None:
    # The organiser must lie in the user's scope; co-organising units only need to exist.
    require(user, "activities.change", _UnitProxy(unit))  # type: ignore[arg-type]  # stands in for a row
    if unit in (co_units or []):
        raise ValidationError({"co_units": "主办单位不能同时是协办单位"})


class _UnitProxy:
    """Lets `require` check a unit that is not yet attached to a saved activity."""

    scope_path_field = "unit_path"

    def __init__(self, unit) -> None:
        self.unit_path = unit.path


def _set_quantities(activity: Activity, quantities: dict[QuantityKind, int] | None) -> None:
    if quantities is None:
        return
    activity.quantities.all().delete()
    ActivityQuantity.objects.bulk_create(
        ActivityQuantity(activity=activity, kind=kind, amount=int(amount))
        for kind, amount in quantities.items()
        if amount
    )


def _apply_people(user: User, activity: Activity, participants, *, grow: bool = False) -> None:
    if participants is None:
        return
    people = list(participants)
    scope = scope_for(user)
    outside = [p.name for p in people if not scope.covers("activities.change", p.village_path)]
    if outside:
        raise ValidationError({"participants": f"不能关联辖区外的人员：{'、'.join(outside[:5])}"})
    activity.participants.set(people)
    if activity.participant_count < len(people):
        if not grow:
            raise ValidationError({"participant_count": f"参加人数不能少于已关联的人员数（{len(people)}人）"})
        activity.participant_count = len(people)
        activity.save(update_fields=["participant_count", "updated_at"])


def _check_type(activity_type: ActivityType) -> None:
    """A kind of work a specialised ledger records is recorded there, never as an activity (decision
    0005: one fact, one record)."""
    if activity_type.owned_elsewhere:
        raise ValidationError({"type": activity_type.ledger_message()})


@transaction.atomic
def activity_create(
    *,
    user: User,
    type: ActivityType,
    title: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    unit,
    place: str = "",
    participant_count: int | None = None,
    participants: Iterable | None = None,
    co_units: Iterable = (),
    co_bodies: Iterable = (),
    money_spent: Decimal | int | str = 0,
    summary: str = "",
    quantities: dict[QuantityKind, int] | None = None,
    teams: Iterable[dict] = (),
) -> Activity:
    """Record an activity. Without a participant count, the count is the number of linked persons."""
    co_units = list(co_units)
    _check_units(user, unit, co_units)
    _check_type(type)
    people = list(participants or [])
    activity = Activity(
        type=type,
        title=title.strip(),
        start_date=start_date,
        end_date=end_date or start_date,
        unit=unit,
        unit_path=unit.path,
        place=place,
        participant_count=participant_count if participant_count is not None else len(people),
        money_spent=Decimal(str(money_spent or 0)),
        summary=summary,
        created_by=user,
    )
    activity.full_clean()
    activity.save()
    activity.co_units.set(co_units)
    activity.co_bodies.set(list(co_bodies))
    _apply_people(user, activity, people)
    _set_quantities(activity, quantities)
    for team in teams:
        team_add(activity=activity, **team)
    return activity


@transaction.atomic
def activity_update(
    *,
    user: User,
    activity: Activity,
    participants: Iterable | None = None,
    co_units: Iterable | None = None,
    co_bodies: Iterable | None = None,
    quantities: dict[QuantityKind, int] | None = None,
    **fields,
) -> Activity:
    """Change an activity's fields (and, when given, its links and quantities)."""
    require(user, "activities.change", activity)
    allowed = {
        "type",
        "title",
        "start_date",
        "end_date",
        "unit",
        "place",
        "participant_count",
        "money_spent",
        "summary",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if "type" in fields and fields["type"].pk != activity.type_id:
        _check_type(fields["type"])
    for name, value in fields.items():
        setattr(activity, name, value)
    if "unit" in fields:
        _check_units(user, activity.unit, co_units if co_units is not None else activity.co_units.all())
        activity.unit_path = activity.unit.path
    activity.full_clean()
    activity.save()
    if co_units is not None:
        activity.co_units.set(list(co_units))
    if co_bodies is not None:
        activity.co_bodies.set(list(co_bodies))
    _apply_people(user, activity, participants)
    _set_quantities(activity, quantities)
    return activity


@transaction.atomic
def activity_delete(*, user: User, activity: Activity) -> None:
    """Delete an activity with its teams, quantities and attachments."""
    require(user, "activities.change", activity)
    for att in activity.attachments.all():
        att.file.delete(save=False)
    activity.delete()


@transaction.atomic
def team_add(*, activity: Activity, name: str, members: int = 0, result: str = "", unit=None) -> ActivityTeam:
    """Add a competing team to an activity."""
    team = ActivityTeam(activity=activity, name=name.strip(), members=members or 0, result=result, unit=unit)
    team.full_clean()
    team.save()
    return team


@transaction.atomic
def attachment_add(*, user: User, activity: Activity, upload, caption: str = "") -> ActivityAttachment:
    """Store a photo or file after checking its type (extension and content) and size."""
    require(user, "activities.change", activity)
    ext = validate_upload(upload, label="附件")
    kind = ActivityAttachment.Kind.PHOTO if ext in IMAGE_EXTENSIONS else ActivityAttachment.Kind.FILE
    att = ActivityAttachment(
        activity=activity, kind=kind, caption=caption, size=upload.size, uploaded_by=user
    )
    att.file.save(upload.name, upload, save=False)
    att.full_clean()
    att.save()
    return att


@transaction.atomic
def attachment_delete(*, user: User, attachment: ActivityAttachment) -> None:
    """Remove an attachment and its file."""
    require(user, "activities.change", attachment.activity)
    attachment.file.delete(save=False)
    attachment.delete()


@transaction.atomic
def participant_add(*, user: User, activity: Activity, person) -> None:
    """Link a person as a participant; the headcount grows if it was smaller than the linked persons."""
    require(user, "activities.change", activity)
    _apply_people(user, activity, [*activity.participants.all(), person], grow=True)


@transaction.atomic
def participant_remove(*, user: User, activity: Activity, person) -> None:
    """Unlink a participant (the recorded headcount stays as entered)."""
    require(user, "activities.change", activity)
    activity.participants.remove(person)
