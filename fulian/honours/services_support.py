"""Writes of what supports or blocks a nomination (models_support): supporting files, uploaded through
the platform's upload checks (`core/uploads.validate_upload`: the extension and the size before a byte
is read, then the first bytes against the type) and deletable while the nomination awaits its decision;
and the family-planning violation records the county or town enters (`honours.review`), which the veto
of a kind reads. Keyword-only, atomic, validated, audited."""

from __future__ import annotations

import datetime
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fulian.core.scoping import require
from fulian.core.uploads import DOCUMENT_EXTENSIONS, IMAGE_EXTENSIONS, validate_upload

from .capabilities import NOMINATE, REVIEW
from .models import FamilyPlanningRecord, HolderType, Nomination, NominationFile

if TYPE_CHECKING:
    from fulian.accounts.models import User

FILES_PER_NOMINATION = 20
FILE_LABEL = "推荐材料"


def _undecided(nomination: Nomination) -> None:
    if nomination.status != Nomination.Status.SUBMITTED:
        raise ValidationError(
            f"该推荐对象状态为“{nomination.get_status_display()}”，已审核的推荐材料不能再增删"
        )


@transaction.atomic
def file_add(
    *, user: User, nomination: Nomination, upload, category: str, personal: bool | None = None
) -> NominationFile:
    """Attach a file to a nomination awaiting review. Photos must be images; a file of a person's or a
    family's nomination always counts as personal data (its downloads are logged)."""
    require(user, NOMINATE, nomination)
    _undecided(nomination)
    allowed = IMAGE_EXTENSIONS if category == NominationFile.Category.PHOTO else DOCUMENT_EXTENSIONS
    try:
        validate_upload(upload, extensions=allowed, label=FILE_LABEL)
    except ValidationError as exc:
        raise ValidationError({"upload": exc.messages}) from exc
    if nomination.files.count() >= FILES_PER_NOMINATION:
        raise ValidationError({"upload": f"每个推荐对象最多上传{FILES_PER_NOMINATION}个推荐材料"})
    if nomination.holder_type in (HolderType.PERSON, HolderType.FAMILY):
        personal = True
    row = NominationFile(
        nomination=nomination,
        category=category,
        name=PurePath(upload.name).name[:200],
        size=upload.size,
        personal=bool(personal),
        uploaded_by=user,
    )
    row.full_clean(exclude=["file"])
    row.file.save(row.name, upload, save=False)
    row.save()
    return row


@transaction.atomic
def file_delete(*, user: User, file: NominationFile) -> None:
    """Remove a file (and its stored copy) before the nomination is decided."""
    require(user, NOMINATE, file.nomination)
    _undecided(file.nomination)
    stored = file.file.name
    storage = file.file.storage
    file.delete()
    transaction.on_commit(lambda: storage.delete(stored))


@transaction.atomic
def family_planning_add(
    *, user: User, person, occurred_on: datetime.date, source: str, account: str = ""
) -> FamilyPlanningRecord:
    """Record a violation of the family-planning policy decided by the competent department."""
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": "处理决定日期不能晚于今天"})
    record = FamilyPlanningRecord(
        person=person,
        occurred_on=occurred_on,
        source=source.strip(),
        account=account,
        unit_path=person.village_path,
        entered_by=user,
    )
    require(user, REVIEW, record)
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def family_planning_delete(*, user: User, record: FamilyPlanningRecord) -> None:
    """Remove a record entered in error (the change history keeps what it was)."""
    require(user, REVIEW, record)
    record.delete()
