"""Programmes (救助项目): create and change, with their budgets and eligible categories."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction

from ..models import Programme

if TYPE_CHECKING:
    from fulian.accounts.models import User

from .common import _money, _require_programme


@transaction.atomic
def programme_create(
    *,
    user: User,
    unit,
    code: str,
    name: str,
    year: int,
    budget,
    min_amount,
    max_amount,
    form: str = Programme.Form.CASH,
    county_threshold=None,
    eligible_categories: Iterable = (),
    repeat_window_days: int | None = None,
    description: str = "",
) -> Programme:
    """Create a programme owned by a unit in the user's scope."""
    programme = Programme(
        unit=unit,
        unit_path=unit.path,
        code=code,
        name=name.strip(),
        year=year,
        form=form,
        budget=_money(budget, "budget"),
        min_amount=_money(min_amount, "min_amount"),
        max_amount=_money(max_amount, "max_amount"),
        county_threshold=None
        if county_threshold in (None, "")
        else _money(county_threshold, "county_threshold"),
        repeat_window_days=repeat_window_days,
        description=description,
    )
    _require_programme(user, "aid.programme_change", programme)
    programme.full_clean()
    programme.save()
    programme.eligible_categories.set(list(eligible_categories))
    return programme


@transaction.atomic
def programme_update(*, user: User, programme: Programme, eligible_categories=None, **fields) -> Programme:
    """Change a programme's fields (not its unit)."""
    _require_programme(user, "aid.programme_change", programme)
    for name, value in fields.items():
        if name in {"budget", "min_amount", "max_amount"}:
            value = _money(value, name)
        setattr(programme, name, value)
    programme.full_clean()
    programme.save()
    if eligible_categories is not None:
        programme.eligible_categories.set(list(eligible_categories))
    return programme
