"""Cell parsers shared by the specs. Each takes the raw cell and the context and returns a value or raises
CellError with a Chinese message. Blank cells never reach a parser (the engine handles "required")."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError

from fulian.core.text import clean_text, is_name_field

from .spec import CellError, Column, ImportContext

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def cell_text(value: Any) -> str:
    """A cell as text: integral floats lose their '.0' (Excel stores typed numbers as floats)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def clean_cell(value: Any, key: str) -> Any:
    """Text hygiene for an imported cell (`fulian.core.text.clean_text`, a name column by its key): the
    same rule as the forms and the API, a refusal as a CellError naming the character."""
    try:
        return clean_text(value, multiline=True, name=is_name_field(key))
    except ValidationError as exc:
        raise CellError(exc.messages[0]) from exc


def parse_text(max_length: int = 200) -> Callable[[Any, ImportContext], str]:
    def parse(value: Any, ctx: ImportContext) -> str:
        text = cell_text(value)
        if len(text) > max_length:
            raise CellError(f"内容过长（{len(text)} 字），最多 {max_length} 字，请删减")
        return text

    return parse


def range_text(minimum: int | None, maximum: int | None) -> str:
    """How a range reads in a message: 应在 0–100 之间, 应不小于 0, 应不大于 100."""
    if minimum is not None and maximum is not None:
        return f"应在 {minimum}–{maximum} 之间"
    return f"应不小于 {minimum}" if minimum is not None else f"应不大于 {maximum}"


def parse_int(minimum: int | None = None, maximum: int | None = None):
    def parse(value: Any, ctx: ImportContext) -> int:
        text = cell_text(value)
        if not re.fullmatch(r"-?\d+", text):
            raise CellError(f"「{text}」不是整数，请填写整数（如 12）")
        number = int(text)
        if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
            raise CellError(f"{number} 超出范围，{range_text(minimum, maximum)}，请改正")
        return number

    return parse


def to_date(value: Any) -> date:
    """A date from a date cell or from text such as 1985-03-02, 1985/3/2, 1985年3月2日, 19850302."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                break
    raise CellError(f"「{text}」不是有效日期，请按 1985-03-02 的格式填写")


def parse_date(*, allow_future: bool = False) -> Callable[[Any, ImportContext], date]:
    def parse(value: Any, ctx: ImportContext) -> date:
        day = to_date(value)
        if not allow_future and day > ctx.today:
            raise CellError(f"日期 {day:%Y-%m-%d} 晚于今天，请核对")
        if day.year < 1900:
            raise CellError(f"日期 {day:%Y-%m-%d} 早于 1900 年，请核对")
        return day

    return parse


def parse_choice(choices: Iterable[tuple[Any, str]]) -> Callable[[Any, ImportContext], Any]:
    """Accept the Chinese label of a TextChoices (e.g. 「女」 for Gender.FEMALE)."""
    by_label = {str(label): value for value, label in choices}

    def parse(value: Any, ctx: ImportContext) -> Any:
        text = cell_text(value)
        if text not in by_label:
            raise CellError(f"「{text}」不是可选值，请从下拉列表中选择（可选：{'、'.join(by_label)}）")
        return by_label[text]

    return parse


def choice_column(key: str, header: str, choices: Iterable[tuple[Any, str]], **options: Any) -> Column:
    """A column of a TextChoices, its choices named once: the template's dropdown lists the labels and
    the parser takes a label back to its value."""
    choices = list(choices)
    labels = [str(label) for _, label in choices]
    return Column(key, header, parse=parse_choice(choices), choices=lambda ctx: labels, **options)


class UnitLookup:
    """Resolve a unit name typed in a sheet to an OrgUnit inside the import's unit, telling apart a name
    that exists nowhere ("unknown") from one that exists outside the user's scope. Loads the units in
    scope once; a name not among them costs one query (cached), bounded by the distinct bad names."""

    def __init__(self, ctx: ImportContext, *, level: int, kind: str = "村(社区)") -> None:
        from django.db.models import Q

        from fulian.core.scoping import visible
        from fulian.orgs.models import OrgUnit

        self.level = level
        self.kind = kind
        units = list(
            visible(ctx.user, OrgUnit.objects.all(), ctx.capability)
            .filter(Q(active_until__isnull=True) | Q(active_until__gt=ctx.today))
            .filter(level=level, path__startswith=ctx.unit.path)
            .order_by("path")
        )
        parents = {
            u.path: u.name for u in OrgUnit.objects.filter(path__in={u.path[: -u.steplen] for u in units})
        }
        names = [u.name for u in units]
        self.by_label: dict[str, Any] = {}
        self.labels: list[str] = []
        for unit in units:
            parent = parents.get(unit.path[: -unit.steplen], "")
            label = unit.name if names.count(unit.name) == 1 else f"{parent}/{unit.name}"
            self.labels.append(label)
            self.by_label[label] = unit
        self._ambiguous = {n for n in names if names.count(n) > 1}
        self._known: dict[str, bool] = {}

    def parse(self, value: Any, ctx: ImportContext):
        from fulian.orgs.models import OrgUnit

        text = cell_text(value).replace("／", "/")
        unit = self.by_label.get(text)
        if unit is not None:
            return unit
        name = text.rsplit("/", 1)[-1]
        if text in self._ambiguous:
            raise CellError(f"有多个名为「{text}」的{self.kind}，请写成「乡镇/{text}」")
        if text not in self._known:
            self._known[text] = OrgUnit.objects.filter(level=self.level, name=name).exists()
        if self._known[text]:
            raise CellError(f"「{text}」不在您的管理范围内")
        raise CellError(f"找不到{self.kind}「{text}」，请从下拉列表中选择")
