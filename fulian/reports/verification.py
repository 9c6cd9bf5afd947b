"""核对: every number in the final text of a summary, checked against the records it claims to come from.

The generator marks each figure it writes as [[key|shown]] (`core.summary.ctx.fig`), and the paragraph
keeps that generated text beside the person's edit: the mapping from number to figure lives with the
summary. Before export each paragraph's final text (the edit, else the generated text) is aligned with
its generated text (difflib, by characters):

- a number where the generated text had a figure is checked against that figure's value as the records
  give it now (the same `collect` as the statistics, for the reader): written as the genre writes it —
  exact, rounded (8.7万元), or a floor with 余 (4100余份, 29万余份) — it must describe the value (a
  suppressed figure, 不足5, must read as given); so a figure edited by hand, and one whose records
  changed since the text was generated, are both flagged;
- a number the person added or rewrote where the generated text had none has no source;
- numbers of the generated text outside figures (dates, targets, item numbers, year-on-year changes)
  are not figures while they read as generated, and dates (2026年, 3月8日) never are.
- numbers written in Chinese characters before a measure word (三场, 十二名, 两期, 一万二千份, 三十余人)
  are read as their value and checked the same way; ordinals (第三), numbering and words (三八节, 两癌,
  一对一) are not numbers.

The result lists every figure checked; those not verified carry the record value and a link to the
records. The summary page shows it and the Word export states how many figures are verified.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.urls import reverse

from fulian.core.figures import collect, meta, records_url
from fulian.core.formatting import figure as format_figure
from fulian.core.periods import Period
from fulian.core.summary import FIGURE_MARK

NUMBER = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万|亿)?(余|多)?(%)?")
DATE = re.compile(
    r"\d{4}年|\d{1,2}月(?:\d{1,2}日)?|\d{1,2}日|\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?|\d{1,2}:\d{2}"
)
SCALE = {"万": Decimal(10000), "亿": Decimal(100000000), None: Decimal(1)}
# A number in Chinese characters followed by a measure word; it starts with a digit word (so 万户 in
# 千家万户 is no number) and is not part of an ordinal (第三) or of a number in digits (8.7万).
CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMBER = re.compile(
    r"(?<![第\d.零〇一二两三四五六七八九十百千万亿])"
    r"([〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*)(余|多)?"
    r"(?=[名场期个件人次份篇条支家户元组项所位例笔])"
)

VERIFIED, CHANGED, UNSOURCED = "verified", "changed", "unsourced"
STATUS_LABELS = {VERIFIED: "与台账一致", CHANGED: "与台账不符", UNSOURCED: "没有数据来源"}


@dataclass
class Written:
    """A number as written: its value (scaled), whether it is a floor (余), and how precise it is."""

    text: str
    value: Decimal
    floor: bool
    step: Decimal  # one unit of the last digit written, scaled
    percent: bool


def chinese_value(text: str) -> int:
    """一万二千 → 12000, 十二 → 12, 两 → 2, 三百零五 → 305, 二〇二六 → 2026 (digit by digit)."""
    if not any(c in CN_UNITS or c in "万亿" for c in text):
        return int("".join(str(CN_DIGITS[c]) for c in text))
    total = section = digit = 0
    for c in text:
        if c in CN_DIGITS:
            digit = CN_DIGITS[c]
        elif c in CN_UNITS:
            section += (digit or 1) * CN_UNITS[c]
            digit = 0
        else:  # 万, 亿
            total = (total + section + digit) * (10000 if c == "万" else 100000000)
            section = digit = 0
    return total + section + digit


def parse(m: re.Match) -> Written:
    if m.re is CN_NUMBER:
        value = chinese_value(m.group(1))
        approx = bool(m.group(2))
        zeros = len(str(value)) - len(str(value).rstrip("0")) if approx and value else 0
        return Written(m.group(0), Decimal(value), approx, Decimal(10) ** zeros, False)
    whole, frac, scale_word, approx, pct = m.groups()
    digits = whole.replace(",", "") + (frac or "")
    scale = SCALE[scale_word]
    value = Decimal(digits) * scale
    if frac:
        step = Decimal(1).scaleb(-(len(frac) - 1)) * scale
    else:
        zeros = len(whole) - len(whole.rstrip("0")) if approx else 0
        step = Decimal(10) ** zeros * scale
    return Written(m.group(0), value, bool(approx), step, bool(pct))


def describes(written: Written, value) -> bool:
    """Whether the number as written describes the value: a floor with 余 holds it in [x, x + step); a
    rounded number is within half a step of it; an exact one equals it."""
    try:
        v = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return False
    if written.floor:
        return written.value <= v < written.value + written.step
    return abs(v - written.value) * 2 <= written.step


@dataclass
class Item:
    """One number of the final text and what the check found."""

    paragraph_id: int
    paragraph: str  # where it stands (heading or part), for the list
    written: str
    context: str
    status: str
    key: str = ""
    label: str = ""
    record: str = ""  # the value as the records give it now, formatted
    url: str | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class Verification:
    items: list[Item] = field(default_factory=list)
    note: str = ""  # the reader cannot see every record the summary's figures count (scope_note)

    @property
    def verified(self) -> int:
        return sum(1 for i in self.items if i.status == VERIFIED)

    @property
    def unverified(self) -> int:
        return len(self.items) - self.verified

    @property
    def problems(self) -> list[Item]:
        return [i for i in self.items if i.status != VERIFIED]

    def sentence(self) -> str:
        """What the export says about the check."""
        if not self.items:
            return "核对：文中没有引用台账数字。"
        text = f"核对：文中数字{len(self.items)}个，与台账记录一致{self.verified}个"
        if self.unverified:
            changed = sum(1 for i in self.items if i.status == CHANGED)
            unsourced = self.unverified - changed
            parts = [f"与台账不符{changed}个"] if changed else []
            parts += [f"没有数据来源{unsourced}个"] if unsourced else []
            return text + "，未核实" + f"{self.unverified}个（" + "，".join(parts) + "）。"
        return text + "，全部核实。"


@dataclass
class _Mark:
    start: int
    end: int
    key: str
    shown: str


def _plain_with_marks(generated: str) -> tuple[str, list[_Mark]]:
    out, marks, last, pos = [], [], 0, 0
    for m in FIGURE_MARK.finditer(generated or ""):
        before = generated[last : m.start()]
        out.append(before)
        pos += len(before)
        marks.append(_Mark(pos, pos + len(m.group(2)), m.group(1), m.group(2)))
        out.append(m.group(2))
        pos += len(m.group(2))
        last = m.end()
    out.append((generated or "")[last:])
    return "".join(out), marks


def _numbers(text: str) -> list[re.Match]:
    dates = [(d.start(), d.end()) for d in DATE.finditer(text)]
    found = [*NUMBER.finditer(text), *CN_NUMBER.finditer(text)]
    return sorted(
        (m for m in found if not any(s <= m.start() < e for s, e in dates)), key=lambda m: m.start()
    )


def _map_back(opcodes, start: int, end: int) -> tuple[int, int, bool]:
    """The generated text's range behind [start, end) of the final text, and whether it is unchanged."""
    lo = hi = None
    unchanged = True
    for tag, i1, i2, j1, j2 in opcodes:
        if j2 <= start and not (j1 == j2 == start):
            continue
        if j1 >= end and not (j1 == j2 == end):
            break
        if tag == "equal":
            a, b = i1 + max(start, j1) - j1, i1 + min(end, j2) - j1
        else:
            a, b = i1, i2
            unchanged = False
        lo = a if lo is None else min(lo, a)
        hi = b if hi is None else max(hi, b)
    return (lo or 0), (hi if hi is not None else 0), unchanged


def _check_paragraph(p, figures: dict, link) -> list[Item]:
    plain, marks = _plain_with_marks(p.generated_text)
    final = p.edited_text if p.edited_text is not None else plain
    opcodes = difflib.SequenceMatcher(None, plain, final, autojunk=False).get_opcodes()
    where = p.heading or {"opening": "开头", "problems": "存在的问题", "plans": "下一步工作打算"}.get(
        p.part, "正文"
    )
    items = []
    for m in _numbers(final):
        lo, hi, unchanged = _map_back(opcodes, m.start(), m.end())
        mark = next((k for k in marks if k.start < max(hi, lo + 1) and lo < k.end), None)
        context = final[max(0, m.start() - 12) : m.end() + 6]
        if mark is None:
            if unchanged:
                continue  # a number of the generated text that is no figure (a target, an item number)
            items.append(Item(p.pk, where, m.group(0), context, UNSOURCED, url=link(None, p)))
            continue
        value = figures.get(mark.key, 0)
        fm = meta(mark.key)
        if isinstance(value, int | float | Decimal):
            written = parse(m)
            if final[max(0, m.start() - 2) : m.start()] == "不足":
                # the small-count rule's wording (不足5件), which the summary uses for every reader:
                # true for a value of at least 1 and below the number written
                ok = 1 <= value < written.value
            else:
                ok = describes(written, value)
            record = format_figure(value, fm.kind) + fm.unit
        else:  # a suppressed figure ("不足5") is written as it is given
            ok = value is not None and m.group(0) in str(value) and str(value) in final
            record = str(value) if value is not None else "—"
        status = VERIFIED if ok else CHANGED
        items.append(
            Item(p.pk, where, m.group(0), context, status, mark.key, fm.label, record, link(mark.key, p))
        )
    return items


# The capability under which an app's figures are read, where it is not "<app>.view".
FIGURE_CAPABILITY = {"cases": "cases.stats"}


def scope_note(user, draft) -> str:
    """'' when the reader sees every record of the summary's unit that its figures count; else a note
    naming the ledgers she sees only in part: the check then compares the text with her figures (rows
    she may not see are not counted), so a figure may read 与台账不符 that the records do support."""
    from django.apps import apps

    from fulian.core.roles import all_capabilities
    from fulian.core.scoping import scope_for
    from fulian.core.summary import figure_keys

    keys = {k for p in draft.paragraphs.all() for k in figure_keys(p.generated_text)}
    known, scope = all_capabilities(), scope_for(user)
    short = []
    for app in sorted({k.split(".", 1)[0] for k in keys}):
        capability = FIGURE_CAPABILITY.get(app, f"{app}.view")
        if capability in known and not scope.covers(capability, draft.unit.path):
            config = apps.get_app_config(app) if apps.is_installed(f"fulian.{app}") else None
            short.append(str(config.verbose_name) if config else app)
    if not short:
        return ""
    return (
        f"您的查看范围不含{draft.unit.name}的全部{'、'.join(short)}记录：以下按您可查看的记录核对，"
        "这些数字可能与总结所依据的全部记录不同。"
    )


def verify(*, user, draft, figures: dict | None = None) -> Verification:
    """Check every number of the draft's final text against the records as the reader sees them now."""
    period = Period(draft.period_start, draft.period_end, "year" if draft.kind == "annual" else "half")
    if figures is None:
        figures = collect(user=user, unit=draft.unit, period=period)

    def link(key, p):
        if key is None:
            return reverse("reports:summary_detail", args=[draft.pk]) + f"#para-{p.pk}"
        return records_url(key, unit=draft.unit, period=period) or (
            reverse("reports:figure", args=[key])
            + f"?unit={draft.unit_id}&kind=custom&year={period.start.year}"
            + f"&start={period.start:%Y-%m-%d}&end={period.end:%Y-%m-%d}"
        )

    result = Verification(note=scope_note(user, draft))
    for p in draft.paragraphs.order_by("order", "id"):
        result.items.extend(_check_paragraph(p, figures, link))
    return result


def stamp_docx(content: bytes, result: Verification) -> bytes:
    """The Word file saying how its figures were checked: a comment on the title (shown in Word's margin,
    not printed as body text) and the document's remarks (文件属性 › 备注)."""
    import io

    from docx import Document

    doc = Document(io.BytesIO(content))
    sentence = result.sentence()
    lines = [sentence] + [
        f"{i.paragraph}：“{i.written}”{i.status_label}" + (f"，台账记录为{i.record}" if i.key else "")
        for i in result.problems[:20]
    ]
    title = next((p for p in doc.paragraphs if p.text.strip()), None)
    if title is not None and title.runs:
        doc.add_comment(title.runs, text="\n".join(lines), author="妇联工作平台", initials="核对")
    doc.core_properties.comments = sentence
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
