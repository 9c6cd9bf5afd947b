"""The summary lint: what a chair would catch reading a generated summary before signing it.

`lint(generated, figures=..., progress=...)` returns a list of problems (Chinese, one line each), empty
when the text passes. The tests run it over the demo and over many random years (docs/reports.md):

- **one fact, one figure**: every figure key shows the same text wherever it is written, and that text
  agrees with the records' value (exact, or a 余/万 form that never overstates);
- **其中 breakdowns**: the parts after 其中 (up to the next ，；or 。; parts separated by 、) are in the
  measure of a whole written before it (人次 with 人次, 人/名 with 人/名, money with money); one part is
  at most its whole, two or more parts sum to it exactly;
- **no sentence pattern more than twice**: a pattern is a sentence's first four and last four characters
  once figures and digits are taken out;
- **nothing a reader should not see**: no None, no zero count (0人), no seed, no figure mark, no ASCII word
  (an internal code), no 不足5 for a figure whose value is zero;
- **headings**: no empty section, no heading written twice;
- **the verdict follows the plan**: 全面完成 only when every measured plan item is met and nothing is
  behind; with items behind the opening claims no completion and 存在的问题 names each of them; with no
  plan the opening is neutral (claims no completion).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from decimal import Decimal

from fulian.core.formatting import approx_value
from fulian.core.summary import FIGURE_MARK, plain

COMPLETE = "全面完成"
CLAIMS = ("全面完成", "圆满完成", "较好地完成")
ZERO_COUNT = re.compile(r"(?<![\d.])0(?:人次|人|名|场次|场|次|件|个|份|期|篇|条|元|对|例|家|笔)")
ASCII_WORD = re.compile(r"[A-Za-z_]{2,}")
MEASURE = re.compile(r"^[\d.]+(?:万)?(?:余)?(.*)$")
PEOPLE = {"人", "名"}


def measure_of(shown: str) -> str:
    """The measure word of a shown figure, grouped: 人次, people (人/名), money (元/万元), or the word."""
    m = MEASURE.match(shown.removeprefix("不足"))
    word = m.group(1) if m else ""
    if word in PEOPLE:
        return "people"
    if word in ("元", "万元"):
        return "money"
    return word


def _number(value):
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    return None


def shows_value(shown: str, value) -> bool:
    """Does the shown text agree with the figure's value?"""
    if "不足" in shown:  # suppressed: only for a true value of at least 1 (a zero is left out)
        number = _number(value)
        return (isinstance(value, str) and "不足" in value) or (number is not None and 1 <= number < 5)
    if shown.endswith("%"):
        return True  # shares are computed by their source; the text only rounds them
    number = _number(value)
    parsed = approx_value(shown)
    if number is None or parsed is None:
        return False
    shown_value, lower = parsed
    if shown.endswith("万元"):
        return abs(number - shown_value) <= 500
    if shown.endswith("元"):
        return abs(number - shown_value) <= 1
    return shown_value <= number < shown_value * Decimal("1.1") + 1 if lower else shown_value == number


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。；！])", text) if s.strip()]


def pattern(sentence: str) -> str:
    body = re.sub(r"^\d+、", "", plain(FIGURE_MARK.sub("#", sentence)))
    body = re.sub(r"[\d.%#]+", "", body).strip("。；，")
    return body[:4] + "…" + body[-4:] if len(body) >= 12 else ""


def _breakdowns(text: str, figures: dict) -> list[str]:
    problems = []
    for m in re.finditer(r"其中，?", text):
        ends = [i for i in (text.find(c, m.end()) for c in "。，；") if i >= 0]
        end = min(ends) if ends else len(text)
        before = list(FIGURE_MARK.finditer(text, 0, m.start()))
        parts = list(FIGURE_MARK.finditer(text, m.end(), end))
        if not parts:
            continue
        by_measure: dict[str, list[str]] = defaultdict(list)
        for p in parts:
            by_measure[measure_of(p.group(2))].append(p.group(1))
        for measure, keys in by_measure.items():
            wholes = [b for b in before if measure_of(b.group(2)) == measure]
            if not wholes:
                problems.append(f"其中之后的分项单位与总数不一致：{plain(text[m.start() : end])}")
                continue
            whole = wholes[-1].group(1)
            values = [_number(figures.get(k)) for k in keys]
            total = _number(figures.get(whole))
            if total is None or any(v is None for v in values):
                continue  # a suppressed count: not compared
            summed = sum(values)
            if (len(keys) == 1 and summed > total) or (len(keys) > 1 and summed != total):
                problems.append(
                    f"其中各项之和（{summed}）与总数（{total}）不符：{plain(text[m.start() : end])}"
                )
    return problems


def lint(generated, *, figures: dict, progress: list[dict] | None = None) -> list[str]:
    """Every problem of a generated summary (a list of reports.summary.generator.Generated)."""
    problems: list[str] = []
    shown_by_key: dict[str, set[str]] = defaultdict(set)
    patterns: Counter = Counter()
    for g in generated:
        if not g.text.strip():
            problems.append(f"空段落：{g.key}")
        for m in FIGURE_MARK.finditer(g.text):
            key, shown = m.group(1), m.group(2)
            shown_by_key[key].add(shown)
            if not shows_value(shown, figures.get(key)):
                problems.append(f"数字与台账不符：{key} 写作“{shown}”，台账为{figures.get(key)!r}")
        text = plain(g.text)
        for word, what in (("None", "None"), ("随机种子", "随机种子"), ("[[", "未处理的数字标记")):
            if word in text:
                problems.append(f"出现{what}：{text}")
        for m in ZERO_COUNT.finditer(text):
            problems.append(f"出现零数量“{m.group(0)}”：{text}")
        for word in ASCII_WORD.findall(text):
            problems.append(f"出现英文或内部代码“{word}”：{text}")
        problems.extend(_breakdowns(g.text, figures))
        for s in sentences(g.text):
            if p := pattern(s):
                patterns[p] += 1
    problems.extend(
        f"同一数字写法不一：{key} 写作{'、'.join(sorted(shown))}"
        for key, shown in shown_by_key.items()
        if len(shown) > 1
    )
    problems.extend(f"句式重复{n}次：{p}" for p, n in patterns.items() if n > 2)
    problems.extend(_headings(generated))
    problems.extend(_verdict(generated, progress or []))
    return problems


def _headings(generated) -> list[str]:
    """A paragraph heading written twice, or one equal to its area's title."""
    from .generator import area_title

    problems = []
    seen: Counter = Counter()
    last = None
    for g in generated:
        if g.part != "section" or not g.heading:
            continue
        if (g.area, g.heading) != last:
            seen[g.heading] += 1
            last = (g.area, g.heading)
        if g.heading == area_title(g.area):
            problems.append(f"小标题与大标题相同：{g.heading}")
    problems.extend(f"标题重复：{h}" for h, n in seen.items() if n > 1)
    return problems


def _verdict(generated, progress: list[dict]) -> list[str]:
    opening = " ".join(plain(g.text) for g in generated if g.part == "opening")
    problems_text = " ".join(plain(g.text) for g in generated if g.part == "problems")
    measured = [p for p in progress if p["status"] in ("done", "behind")]
    behind = [p for p in measured if p["status"] == "behind"]
    claims = any(word in opening for word in CLAIMS)
    out = []
    if not measured and claims:
        out.append("没有目标任务，开篇却声称完成了目标任务")
    if behind and claims:
        out.append("有目标任务未完成，开篇却声称完成")
    if measured and not behind and COMPLETE not in opening and not problems_text:
        out.append("目标任务全部完成，开篇未写明全面完成")
    for p in behind:
        if p["item"].title not in problems_text:
            out.append(f"未完成的目标任务没有写入存在的问题：{p['item'].title}")
    if opening.count("全年") > 1:
        out.append("开篇重复“全年”")
    return out
