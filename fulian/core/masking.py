"""Masks for names and mobile numbers shown to those who may not see them whole (公示 lists, exports,
previews). ID numbers: `idcard.mask` (and `people.person_columns.mask_id` for a preview cell)."""

from __future__ import annotations


def mask_name(name: str) -> str:
    """张丽 → 张*, 张晓丽 → 张*丽, 欧阳晓丽 → 欧**丽."""
    name = (name or "").strip()
    if len(name) <= 1:
        return "*" if name else ""
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_mobile(mobile: str) -> str:
    """13912345678 → 139****5678; a short number is starred whole."""
    value = (mobile or "").strip()
    return f"{value[:3]}****{value[-4:]}" if len(value) >= 7 else "*" * len(value)
