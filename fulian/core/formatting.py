"""Numbers as the annual summaries write them: money exact in tables (87,000.00) and in 万元 in prose
(8.7万元), large counts with 余 (4100余份), percentages, Chinese ordinals for numbered sections."""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
_DIGITS = "零一二三四五六七八九"


def to_money(value) -> Decimal:
    """A value as Decimal with exactly two places (元.角分). Raises ValueError on garbage."""
    try:
        return Decimal(str(value if value is not None else 0)).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"不是有效金额：{value}") from exc


def _trim(d: Decimal) -> str:
    text = f"{d:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


EMPTY = "—"


def money(amount) -> str:
    """Exact amount for tables, two decimals, thousands separated: 87000 → '87,000.00'; None → '—'."""
    if amount is None or amount == "":
        return EMPTY
    return f"{to_money(amount):,.2f}"


def number(value, *, places: int = 2) -> str:
    """A count or measure for tables: 92722 → '92,722', 58.30 → '58.3' (at most `places` decimals, half up),
    None → '—'; text (a suppressed '<5') is shown as it is."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, str | bool):
        return str(value)
    d = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    whole, _, frac = _trim(d).partition(".")
    sign = "-" if whole.startswith("-") else ""
    text = f"{sign}{int(whole.lstrip('-') or 0):,}"
    return f"{text}.{frac}" if frac else text


def with_measure(value, measure: str) -> str:
    """A value with its unit of measure: 85 and '%' → '85%'; a rate per so many written '1/10万' takes the
    value in place of the 1 (12 → '12/10万', never '121/10万'); None → '—'."""
    if value is None or value == "":
        return EMPTY
    text = number(value)
    if measure.startswith("1/"):
        return f"{text}{measure[1:]}"
    return f"{text}{measure}"


def figure(value, kind: str = "count") -> str:
    """A figure as the statistics show it: money exact to the fen with separators, counts with separators,
    shares to 0.1; empty values as '—', never None."""
    if kind == "money" and not isinstance(value, str):
        return money(value)
    return number(value, places=1 if kind == "share" else 2)


def change(value, kind: str = "count") -> str:
    """A year-on-year difference with its sign ('+1,163', '-72'); nothing when it cannot be computed."""
    if value is None or isinstance(value, str):
        return ""
    text = figure(value, kind)
    return text if text.startswith("-") or Decimal(str(value)) == 0 else "+" + text


def wan(amount, *, places: int = 1) -> str:
    """Money in prose: 87000 → '8.7万元', 10000 → '1万元', 3500 → '3500元', 999.50 → '1000元'.

    Below 1万 whole 元 (half up); from 1万 on 万元 with `places` decimals (half up), trailing zeros dropped.
    """
    value = to_money(amount)
    if abs(value) < 10000:
        return f"{_trim(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))}元"
    q = Decimal(1).scaleb(-places)
    return f"{_trim((value / 10000).quantize(q, rounding=ROUND_HALF_UP))}万元"


def approx(n: int, unit: str = "") -> str:
    """A quantity handed out, as prose writes it: exact below 1000; from 1000 two significant digits
    rounded down with 余 when inexact (4123 → '4100余份', 4000 → '4000份'); from 1万 in 万 (293456 →
    '29万余份', 12345 → '1.2万余份', 50000 → '5万份'). Never overstates."""
    n = int(n)
    if n < 1000:
        return f"{n}{unit}"
    step = 10 ** (len(str(n)) - 2)
    rounded = (Decimal(n) / step).to_integral_value(rounding=ROUND_FLOOR) * step
    more = "" if rounded == n else "余"
    if rounded >= 10000:
        return f"{_trim(rounded / 10000)}万{more}{unit}"
    return f"{int(rounded)}{more}{unit}"


def approx_value(text: str) -> tuple[Decimal, bool] | None:
    """The number an `approx`/`count`/`wan` text shows and whether it is a lower bound (余):
    '29万余份' → (290000, True), '8.7万元' → (87000, True), '223人' → (223, False); None without a number."""
    import re

    m = re.match(r"^(\d+(?:\.\d+)?)(万)?(余)?", text)
    if not m:
        return None
    value = Decimal(m.group(1)) * (10000 if m.group(2) else 1)
    return value, bool(m.group(2) or m.group(3))


def count(n, unit: str) -> str:
    """People and events exactly, as the genre writes them: 3293 and '名' → '3293名' (no separators)."""
    return f"{int(n)}{unit}"


def change_text(current, previous, unit: str, *, money_value: bool = False) -> str:
    """Year-on-year in prose: '比上年增加12人、增长8.5%', '比上年减少3场', '与上年持平'; '' without last
    year's value (None or 0, when a percentage means nothing)."""
    if previous in (None, "") or isinstance(previous, str) or isinstance(current, str) or not previous:
        return ""
    diff = Decimal(str(current)) - Decimal(str(previous))
    if diff == 0:
        return "与上年持平"
    word = "增加" if diff > 0 else "减少"
    amount = wan(abs(diff)) if money_value else count(abs(diff), unit)
    pct = percent(abs(diff), previous)
    return f"比上年{word}{amount}、{'增长' if diff > 0 else '下降'}{pct}"


def percent(part, whole, *, places: int = 1) -> str:
    """37 of 40 → '92.5%', 1 of 25 → '4%' (at most one decimal, half up, as the genre writes them);
    an empty whole → '—'."""
    if not whole:
        return "—"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return f"{_trim(value)}%"


def chinese_ordinal(i: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 21 → 二十一 (section numbers up to 99)."""
    if i < 10:
        return _DIGITS[i]
    tens, ones = divmod(i, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def share(ratio, *, places: int = 1) -> str:
    """A ratio as a percentage in prose, at most one decimal: 0.04 → '4%', 0.925 → '92.5%'."""
    value = (Decimal(str(ratio)) * 100).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return f"{_trim(value)}%"
