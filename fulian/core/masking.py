"""Masks for lists shown to the public (公示): never a full name, never a full ID number."""

from __future__ import annotations


def mask_name(name: str) -> str:
    """张丽 → 张*, 张晓丽 → 张*丽, 欧阳晓丽 → 欧**丽."""
    name = (name or "").strip()
    if len(name) <= 1:
        return "*" if name else ""
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_id_number(id_number: str) -> str:
    """511781199001011234 → 511781********1234: the birth date and sequence digits never show."""
    value = (id_number or "").strip()
    if not value:
        return ""
    if len(value) < 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_mobile(mobile: str) -> str:
    """13912345678 → 139****5678; a short number is starred whole."""
    value = (mobile or "").strip()
    return f"{value[:3]}****{value[-4:]}" if len(value) >= 7 else "*" * len(value)
