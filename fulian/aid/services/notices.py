"""The public notice (公示) of approved applications and the objections raised during it, on the shared
mechanism of `fulian/core/publicnotice.py`."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from fulian.core import publicnotice
from fulian.core.scoping import require

from ..models import Application, Disbursement, Notice, Objection, Programme

if TYPE_CHECKING:
    from fulian.accounts.models import User

from .common import S


def objection_days() -> int:
    return int(getattr(settings, "FULIAN", {}).get("AID_OBJECTION_DAYS", 7))


LISTING = publicnotice.Listing(
    rows="applications",
    row="application",
    none_chosen="请至少选择一条已审批的申请",
    not_listed="所选申请不在本公示中",
)


@transaction.atomic
def notice_create(
    *,
    user: User,
    programme: Programme,
    unit,
    applications: Iterable[Application],
    title: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    body: str = "",
    contact: str = "",
) -> Notice:
    """Draft a public notice listing approved applications of one programme within the unit."""
    start, end = publicnotice.default_period(start_date, end_date, days=objection_days())
    notice = Notice(
        programme=programme,
        unit=unit,
        unit_path=unit.path,
        title=title or f"{unit.name}{programme}拟救助对象公示",
        body=body,
        start_date=start,
        end_date=end,
        contact=contact,
        created_by=user,
    )
    require(user, "aid.notice", notice)

    def refusal(app: Application) -> str:
        if app.programme_id != programme.pk or app.status != S.APPROVED or app.notice_id:
            return f"{app.person.name}的申请不是本项目待公示的已审批申请"
        if not app.village_path.startswith(unit.path):
            return f"{app.person.name}不在{unit.name}范围内"
        return ""

    return publicnotice.draft(notice, applications, listing=LISTING, refusal=refusal)


@transaction.atomic
def notice_publish(*, user: User, notice: Notice) -> Notice:
    """Publish: the listed applications enter the objection period (公示中)."""
    require(user, "aid.notice", notice)
    publicnotice.publish_listed(notice, listing=LISTING, listed=S.APPROVED, noticed=S.NOTICED)
    return notice


@transaction.atomic
def objection_record(
    *,
    user: User,
    notice: Notice,
    content: str,
    application: Application | None = None,
    raised_by: str = "",
    received_on: datetime.date | None = None,
) -> Objection:
    """Record an objection received during the notice period."""
    require(user, "aid.notice", notice)
    objection = publicnotice.object_to(
        notice,
        Objection,
        listing=LISTING,
        row=application,
        content=content,
        raised_by=raised_by,
        received_on=received_on,
    )
    return cast(Objection, objection)


def _withdraw(app: Application, note: str) -> None:
    if app.disbursements.filter(status=Disbursement.Status.ACTIVE).exists():
        raise ValidationError("该申请已发放，请先作废发放记录")
    app.status, app.decision_note = S.WITHDRAWN, note
    app.save()


@transaction.atomic
def objection_resolve(*, user: User, objection: Objection, upheld: bool, resolution: str) -> Objection:
    """Resolve an objection after checking; an upheld one withdraws the application it concerns."""
    require(user, "aid.notice", objection.notice)
    publicnotice.resolve(
        objection, user=user, upheld=upheld, resolution=resolution, listing=LISTING, withdraw=_withdraw
    )
    return objection
