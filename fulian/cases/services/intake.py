"""Intake: registering a case (with its person, found or created)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fulian.core.roles import Role
from fulian.core.scoping import scope_for
from fulian.orgs.models import OrgUnit

from ..models import (
    Case,
    CaseAssignment,
    CaseEvent,
)
from .closure import _close
from .common import _event, _holds, handling_units_for

if TYPE_CHECKING:
    from fulian.accounts.models import User


@transaction.atomic
def case_register(
    *,
    user: User,
    handling_unit: OrgUnit,
    kind: str,
    channel: str,
    type: str,
    narrative: str,
    person=None,
    new_person: dict[str, Any] | None = None,
    village: OrgUnit | None = None,
    referred_by: str = "",
    respondent_name: str = "",
    respondent_relation: str = "",
    request: str = "",
    answer: str = "",
    received_at: datetime.datetime | None = None,
    confirm_similar: bool = False,
) -> Case:
    """Register a consultation (answered and closed at once) or a case; the registering case worker is
    assigned to it. A person not yet in the registry is created through the registry's own service."""
    if not handling_units_for(user).filter(pk=handling_unit.pk).exists():
        raise ValidationError({"handling_unit": "您无权在该乡镇/街道登记维权案件"})
    if person is None and not new_person:
        raise ValidationError({"person": "请选择当事人，或填写新当事人的信息"})
    if person is not None and not person.village_path.startswith(handling_unit.path):
        raise ValidationError({"person": "当事人不在承办乡镇/街道的台账中"})
    if kind == Case.Kind.CONSULTATION and not answer.strip():
        raise ValidationError({"answer": "咨询须填写答复内容"})
    if person is None:
        person = _person_create(
            user=user, handling_unit=handling_unit, fields=new_person or {}, confirm_similar=confirm_similar
        )
    now = timezone.now()
    case = Case(
        kind=kind,
        handling_unit=handling_unit,
        village=village or person.village,
        person=person,
        channel=channel,
        referred_by=referred_by if channel == Case.Channel.REFERRAL else "",
        type=type,
        respondent_name=respondent_name.strip(),
        respondent_relation=respondent_relation,
        narrative=narrative.strip(),
        request=request.strip(),
        received_at=received_at or now,
        created_by=user,
    )
    case.unit_path = case.village.path if case.village_id else ""
    case.full_clean(exclude=["number"])
    case.save()
    case.number = f"WQ{timezone.localtime(case.received_at):%Y}{case.pk:06d}"
    case.save(update_fields=["number"])
    _event(case, CaseEvent.Action.REGISTER, user, f"{case.get_kind_display()} · {case.get_channel_display()}")
    if _holds(user, Role.CASE_WORKER, handling_unit):
        CaseAssignment.objects.create(case=case, user=user, assigned_by=user)
    if kind == Case.Kind.CONSULTATION:
        _close(case, user=user, outcome=Case.Outcome.ANSWERED, satisfaction="", note=answer.strip(), now=now)
    return case


def _person_create(*, user: User, handling_unit: OrgUnit, fields: dict[str, Any], confirm_similar: bool):
    """A new person for the registry, with the registry's own validation and duplicate checks.

    A town chair holds `people.change` and goes through `person_create` itself. A case worker holds no
    registry rights (she must not browse it), so her intake uses the registry's public building blocks:
    the same field checks, the same duplicate refusal (neutral when she cannot see the holder), the same
    derived columns. Minors need a guardian, which only the registry's pages can link: refused here.
    """
    from fulian.people import services as people
    from fulian.people.validation import person_validate_row

    village = fields.get("village")
    if village is None or not village.path.startswith(handling_unit.path):
        raise ValidationError({"new_village": "新当事人的所在村(社区)必须属于承办乡镇/街道"})
    if scope_for(user).covers("people.change", village.path):
        return people.person_create(user=user, data=fields, confirm_similar=confirm_similar)
    row = person_validate_row(**fields)
    if row.errors:
        raise ValidationError({f"new_{k}": v for k, v in row.errors.items()})
    c = row.cleaned
    dup = people.person_find_duplicates(
        user=user, id_number=c["id_number"], name=c["name"], birth_date=c["birth_date"], village=c["village"]
    )
    if dup.id_conflict:
        raise ValidationError({"new_id_number": dup.id_message})
    if dup.similar_count and not confirm_similar:
        raise ValidationError({"new_confirm_similar": dup.similar_message})
    person = people.person_build(
        **{k: c[k] for k in people.EDITABLE_FIELDS if k in c and c[k] is not None}, created_by=user
    )
    if person.is_minor:
        raise ValidationError(
            {"new_birth_date": "未成年当事人须先由乡镇妇联在服务对象台账中登记（含监护人），再在此选择"}
        )
    person.full_clean(exclude=["id_number_hash", "village_path"])
    person.save()
    return person
