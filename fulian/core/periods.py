"""Reporting periods: year, half-year, quarter, month, custom. Dates are inclusive at both ends."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.db import models


class PeriodKind(models.TextChoices):
    YEAR = "year", "年度"
    HALF = "half", "半年"
    QUARTER = "quarter", "季度"
    MONTH = "month", "月度"
    CUSTOM = "custom", "自定义"


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    kind: str = PeriodKind.CUSTOM

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), PeriodKind.YEAR)

    @classmethod
    def half(cls, year: int, n: int) -> Period:
        if n not in (1, 2):
            raise ValueError("半年只能是1（上半年）或2（下半年）")
        return cls(
            datetime.date(year, 1 if n == 1 else 7, 1),
            datetime.date(year, 6, 30) if n == 1 else datetime.date(year, 12, 31),
            PeriodKind.HALF,
        )

    @classmethod
    def quarter(cls, year: int, n: int) -> Period:
        if not 1 <= n <= 4:
            raise ValueError("季度只能是1到4")
        first = 3 * (n - 1) + 1
        last = first + 2
        return cls(
            datetime.date(year, first, 1),
            datetime.date(year, last, calendar.monthrange(year, last)[1]),
            PeriodKind.QUARTER,
        )

    @classmethod
    def month(cls, year: int, n: int) -> Period:
        if not 1 <= n <= 12:
            raise ValueError("月份只能是1到12")
        return cls(
            datetime.date(year, n, 1),
            datetime.date(year, n, calendar.monthrange(year, n)[1]),
            PeriodKind.MONTH,
        )

    @classmethod
    def custom(cls, start: datetime.date, end: datetime.date) -> Period:
        if end < start:
            raise ValueError("结束日期不能早于开始日期")
        return cls(start, end, PeriodKind.CUSTOM)

    @classmethod
    def parse(cls, kind: str, year: int, n: int | None = None, start=None, end=None) -> Period:
        if kind == PeriodKind.YEAR:
            return cls.year(year)
        if kind == PeriodKind.HALF:
            return cls.half(year, n or 1)
        if kind == PeriodKind.QUARTER:
            return cls.quarter(year, n or 1)
        if kind == PeriodKind.MONTH:
            return cls.month(year, n or 1)
        if start is None or end is None:
            raise ValueError("自定义期间需要开始和结束日期")
        return cls.custom(start, end)

    def previous_year(self) -> Period:
        """The same span one year earlier, for year-on-year change (29 Feb becomes 28 Feb)."""

        def back(d: datetime.date) -> datetime.date:
            try:
                return d.replace(year=d.year - 1)
            except ValueError:
                return d.replace(year=d.year - 1, day=28)

        return Period(back(self.start), back(self.end), self.kind)

    @property
    def label(self) -> str:
        y = self.start.year
        if self.kind == PeriodKind.YEAR:
            return f"{y}年"
        if self.kind == PeriodKind.HALF:
            return f"{y}年{'上' if self.start.month == 1 else '下'}半年"
        if self.kind == PeriodKind.QUARTER:
            return f"{y}年第{(self.start.month - 1) // 3 + 1}季度"
        if self.kind == PeriodKind.MONTH:
            return f"{y}年{self.start.month}月"
        return f"{self.start:%Y年%m月%d日}至{self.end:%Y年%m月%d日}"
