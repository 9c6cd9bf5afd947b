"""Shared by the pairing ledger's sheets: the village a row names."""

from __future__ import annotations

from typing import Any

from fulian.core.spreadsheets.spec import (
    ImportContext,
)


def _village(value: Any, ctx: ImportContext):
    return ctx.cache["villages"].parse(value, ctx)
