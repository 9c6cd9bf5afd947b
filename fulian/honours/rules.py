"""The eligibility rules of an honour, as pure functions (no database): each takes what the selectors
read and returns a `Check` — passed or not, with the sentence shown on the nomination.

The numbers are settings of the honour kind (`HonourKind`), read from docs/domain.md:
- women share: 巾帼文明岗 women ≥ 50 % of the unit (some places 60 %), 三八红旗集体 ≥ 60 %;
- the lower-level title held ≥ 24 months (巾帼文明岗: 2 years) before the campaign's reference date;
- no repeat of the same title at the same level within 5 years (三八红旗手/集体): a title of 2022 allows
  a new one in 2027 (5 years on), not in 2026;
- a veto (一票否决): an open domestic-violence case in the holder's family; a recorded violation of the
  family-planning policy in the family within N years before the reference date (the county's setting):
  with 5 years and 15 June 2027, a decision of 16 June 2022 vetoes, one of 15 June 2022 no longer does;
- the quota of places of the nominating sub-unit.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from fulian.core.formatting import number


@dataclass(frozen=True)
class Check:
    code: str
    passed: bool
    text: str


def women_share(women: int | None, total: int | None) -> Decimal | None:
    """Percentage of women, two decimals (half up); None when the headcount is not known."""
    if women is None or not total:
        return None
    return (Decimal(women) * 100 / Decimal(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def check_women_share(women: int | None, total: int | None, minimum: Decimal) -> Check:
    share = women_share(women, total)
    if share is None:
        return Check("women", False, f"未填写职工总数和女职工人数（要求女性占比不低于{number(minimum)}%）")
    if women is not None and total is not None and women > total:
        return Check("women", False, "女职工人数不能多于职工总数")
    ok = share >= minimum
    return Check("women", ok, f"女性占比{number(share)}%（{women}/{total}），要求不低于{number(minimum)}%")


def months_between(earlier: datetime.date, later: datetime.date) -> int:
    """Whole months from `earlier` to `later` (31 Jan → 28 Feb is 0 months; 15 Jun → 15 Jun next year 12)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return months


def check_lower_title(
    held_since: datetime.date | None, on: datetime.date, minimum_months: int, title: str
) -> Check:
    if held_since is None:
        return Check("lower", False, f"未获得下一级“{title}”称号（要求获得满{minimum_months}个月）")
    months = months_between(held_since, on)
    ok = months >= minimum_months
    return Check(
        "lower",
        ok,
        f"{held_since.year}年{held_since.month}月获下一级“{title}”称号，至{on.year}年{on.month}月{on.day}日"
        f"满{max(months, 0)}个月，要求满{minimum_months}个月",
    )


def check_repeat(last_year: int | None, year: int, window_years: int, title: str) -> Check:
    """No same title at the same level within `window_years`: last 2022, window 5 → 2027 allowed."""
    if last_year is None:
        return Check("repeat", True, f"{window_years}年内未获同级“{title}”称号")
    ok = year - last_year >= window_years
    if ok:
        return Check("repeat", True, f"上次获同级“{title}”称号在{last_year}年，已满{window_years}年")
    return Check("repeat", False, f"{last_year}年已获同级“{title}”称号，{window_years}年内不重复表彰")


def check_veto(open_cases: int) -> Check:
    if open_cases:
        return Check("veto", False, "一票否决：家庭成员有未办结的家庭暴力维权案件，请与维权干部核实")
    return Check("veto", True, "无一票否决情形")


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` earlier (29 February → 28 February in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def within_years(occurred: datetime.date, on: datetime.date, years: int) -> bool:
    """Whether `occurred` lies in the `years` before `on`: after the same day `years` earlier, up to `on`."""
    return years_before(on, years) < occurred <= on


def check_family_planning(recorded: int, years: int) -> Check:
    """`recorded` counts the family's violations within the window (the check names no record)."""
    if recorded:
        return Check(
            "family_planning",
            False,
            f"一票否决：当事人或家庭成员{years}年内有违反计划生育政策的记录，请与乡镇（街道）核实",
        )
    return Check("family_planning", True, f"{years}年内无违反计划生育政策记录")


def check_quota(used: int, places: int | None, unit_name: str) -> Check:
    """`used` counts this nomination among the sub-unit's live nominations."""
    if places is None:
        return Check("quota", True, "本次评选未分配名额")
    ok = used <= places
    return Check("quota", ok, f"{unit_name}分配名额{places}个，已推荐{used}个" + ("" if ok else "，超出名额"))
