"""Writes of the documents register: numbering series, sent documents with their numbers, received
documents."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fulian.core.scoping import require
from fulian.core.uploads import validate_upload

from ..models import Direction, Document, DocumentSeries, NumberCounter

if TYPE_CHECKING:
    from fulian.accounts.models import User

CHANGE = "office.change"


@transaction.atomic
def series_create(*, user: User, unit, prefix: str, name: str = "") -> DocumentSeries:
    """A numbering series (发文字号) of a unit in the user's scope."""
    require(user, CHANGE, unit)
    prefix = prefix.strip()
    if DocumentSeries.objects.filter(prefix=prefix).exists():
        raise ValidationError({"prefix": f"发文字号前缀「{prefix}」已被使用"})
    series = DocumentSeries(unit=unit, unit_path=unit.path, prefix=prefix, name=name.strip())
    series.full_clean()
    series.save()
    return series


@transaction.atomic
def number_next(*, series: DocumentSeries, year: int) -> int:
    """Take the next number of the series for the year, inside the caller's transaction.

    The series row is locked first (SELECT … FOR UPDATE), so that two users numbering at once wait for
    each other even in a year that has no counter row yet; then the counter row is read, raised by one and
    written. A caller whose transaction rolls back gives the number back: numbers stay gapless."""
    DocumentSeries.objects.select_for_update().filter(pk=series.pk).values_list("pk", flat=True).get()
    counter, _ = NumberCounter.objects.select_for_update().get_or_create(series=series, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _attach(document: Document, attachment) -> None:
    if attachment:
        validate_upload(attachment, label="附件")
        document.attachment = attachment


def _not_future(day: datetime.date) -> None:
    if day > timezone.localdate():
        raise ValidationError({"dated_on": "成文日期不能晚于今天"})


@transaction.atomic
def document_send(
    *,
    user: User,
    series: DocumentSeries,
    title: str,
    dated_on: datetime.date,
    recipients: str = "",
    note: str = "",
    attachment=None,
) -> Document:
    """Register a document sent out by the series' unit and give it the series' next number for the year
    of its date (万妇发〔2026〕24号)."""
    require(user, CHANGE, series)
    if not series.is_active:
        raise ValidationError({"series": f"发文字号「{series.prefix}」已停用"})
    _not_future(dated_on)
    document = Document(
        direction=Direction.SENT,
        unit_id=series.unit_id,
        unit_path=series.unit_path,
        series=series,
        year=dated_on.year,
        title=title.strip(),
        dated_on=dated_on,
        recipients=recipients.strip(),
        note=note,
        created_by=user,
    )
    _attach(document, attachment)
    document.full_clean(exclude=["seq", "number"])
    document.seq = number_next(series=series, year=dated_on.year)
    document.number = series.number_text(dated_on.year, document.seq)
    document.save()
    return document


@transaction.atomic
def document_receive(
    *,
    user: User,
    unit,
    title: str,
    dated_on: datetime.date,
    source: str,
    number: str = "",
    note: str = "",
    attachment=None,
) -> Document:
    """Register a document received by a unit in the user's scope, with the sender's own number."""
    require(user, CHANGE, unit)
    _not_future(dated_on)
    document = Document(
        direction=Direction.RECEIVED,
        unit=unit,
        unit_path=unit.path,
        number=number.strip(),
        title=title.strip(),
        dated_on=dated_on,
        source=source.strip(),
        note=note,
        created_by=user,
    )
    _attach(document, attachment)
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def document_register_numbered(
    *,
    user: User,
    series: DocumentSeries,
    seq: int,
    title: str,
    dated_on: datetime.date,
    recipients: str = "",
    note: str = "",
) -> Document:
    """Register a document sent out earlier with the number it already has (the Excel import of a
    register kept on paper or elsewhere): the number is kept, never allocated. A number already in the
    register is refused. The year's counter is raised to the number when it is below, so that the
    documents numbered afterwards follow it (the numbers below it that were not imported stay unused:
    the register holds what was imported)."""
    require(user, CHANGE, series)
    _not_future(dated_on)
    year = dated_on.year
    DocumentSeries.objects.select_for_update().filter(pk=series.pk).values_list("pk", flat=True).get()
    number = series.number_text(year, seq)
    if Document.objects.filter(series=series, year=year, seq=seq).exists():
        raise ValidationError({"number": f"文号「{number}」已被使用"})
    document = Document(
        direction=Direction.SENT,
        unit_id=series.unit_id,
        unit_path=series.unit_path,
        series=series,
        year=year,
        seq=seq,
        number=number,
        title=title.strip(),
        dated_on=dated_on,
        recipients=recipients.strip(),
        note=note,
        created_by=user,
    )
    document.full_clean()
    document.save()
    counter, _ = NumberCounter.objects.select_for_update().get_or_create(series=series, year=year)
    if counter.last < seq:
        counter.last = seq
        counter.save(update_fields=["last"])
    return document
