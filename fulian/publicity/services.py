"""Writes of the publicity register."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fulian.core.scoping import require
from fulian.core.uploads import validate_upload

from .models import Adoption, Outlet, Piece, split_authors

if TYPE_CHECKING:
    from fulian.accounts.models import User

CHANGE = "publicity.change"


def _not_future(day: datetime.date | None, field: str, label: str) -> None:
    if day and day > timezone.localdate():
        raise ValidationError({field: f"{label}不能晚于今天"})


@transaction.atomic
def piece_create(
    *,
    user: User,
    unit,
    title: str,
    kind: str,
    authors: str,
    written_on: datetime.date,
    text: str = "",
    link: str = "",
    attachment=None,
) -> Piece:
    """Register a piece written by a unit in the user's scope."""
    require(user, CHANGE, unit)
    _not_future(written_on, "written_on", "撰写日期")
    names = split_authors(authors)
    if not names:
        raise ValidationError({"authors": "请填写作者"})
    if not (text.strip() or link.strip() or attachment):
        raise ValidationError({"text": "请填写正文、链接或上传附件（至少一项）"})
    if attachment:
        validate_upload(attachment, label="附件")
    piece = Piece(
        title=title.strip(),
        kind=kind,
        unit=unit,
        unit_path=unit.path,
        authors="、".join(names),
        written_on=written_on,
        text=text,
        link=link.strip(),
        created_by=user,
    )
    if attachment:
        piece.attachment = attachment
    piece.full_clean()
    piece.save()
    return piece


@transaction.atomic
def adoption_record(
    *,
    user: User,
    piece: Piece,
    outlet: str,
    submitted_on: datetime.date,
    adopted_on: datetime.date | None = None,
    outlet_name: str = "",
) -> Adoption:
    """Record (or correct) a piece's submission to an outlet and, when known, its adoption."""
    require(user, CHANGE, piece)
    if outlet not in Outlet.values:
        raise ValidationError({"outlet": "请选择报送渠道"})
    if submitted_on < piece.written_on:
        raise ValidationError({"submitted_on": "报送日期不能早于撰写日期"})
    _not_future(submitted_on, "submitted_on", "报送日期")
    _not_future(adopted_on, "adopted_on", "采用日期")
    adoption = Adoption.objects.filter(piece=piece, outlet=outlet).first() or Adoption(
        piece=piece, outlet=outlet
    )
    adoption.submitted_on = submitted_on
    adoption.adopted_on = adopted_on
    adoption.outlet_name = outlet_name.strip()
    adoption.full_clean()
    adoption.save()
    return adoption
