"""The contract through which apps write the annual summary (年度工作总结): areas of work, paragraphs,
the context a contributor reads, and the registry of contributors.

An app writes `fulian/<app>/summary.py` with

    def contribute(ctx: SummaryContext) -> list[Para]

and registers it in its `AppConfig.ready()` with `register_summary(self.label, summary.contribute)`.
Each Para belongs to one area of work (AREAS); the generator numbers the areas that have paragraphs
(一、二、…), their paragraphs ((一)(二)…), and leaves out areas with nothing to say. A Para with area
"problems" joins the 存在的问题 part (e.g. indicators behind their targets). Figures inside the text are
written with `ctx.fig(key, shown_text)` so that every number links to the records behind it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ImproperlyConfigured

from .periods import Period

# Areas of work in the order the genre writes them, with the heading the section carries. Data carries
# these codes too (an activity type's area, a plan item's area): add an area here, never rename one.
AREAS: list[tuple[str, str]] = [
    ("org", "加强组织建设，夯实基层基础"),
    ("guidance", "强化思想引领，做好宣传工作"),
    ("employment", "深化巾帼建功，促进创业就业"),
    ("family", "推进家庭文明建设，弘扬良好家风"),
    ("rights", "依法维护妇女儿童合法权益"),
    ("children", "关爱儿童健康成长，推进两纲实施"),
    ("care", "开展关爱帮扶，温暖困难群体"),
    ("self", "加强自身建设，提升服务能力"),
]
AREA_TITLES = dict(AREAS)
AREA_ORDER = {code: i for i, (code, _) in enumerate(AREAS)}

FIGURE_MARK = re.compile(r"\[\[([^|\]]+)\|([^\]]*)\]\]")


@dataclass
class Para:
    key: str
    area: str
    text: str
    heading: str = ""
    order: int = 100


@dataclass
class SummaryContext:
    """What a contributor may use: the unit, the period, all figures, and — computed only when a
    contributor asks — last year's figures (`previous`) and the sub-units' (`children`, `child_units`)."""

    user: object
    unit: object
    period: Period
    figures: dict
    loaders: dict = field(default_factory=dict, repr=False)
    # The keys last year's figures are read for (None: all); compare() refuses any other, so that a
    # contributor comparing a new figure adds it there rather than silently printing no comparison.
    previous_keys: frozenset | None = None
    highlights: int = field(default=0, repr=False)

    def turn(self) -> int:
        """The number of the next named highlight in the whole summary (fulian/core/highlights.event_text
        turns its phrasing by it, so that highlights of different ledgers do not repeat one pattern)."""
        self.highlights += 1
        return self.highlights - 1

    @cached_property
    def previous(self) -> dict:
        return self.loaders["previous"]() if "previous" in self.loaders else {}

    @cached_property
    def child_units(self) -> list:
        return self.loaders["child_units"]() if "child_units" in self.loaders else []

    @cached_property
    def children(self) -> dict:
        return self.loaders["children"]() if self.child_units and "children" in self.loaders else {}

    def value(self, key: str, default=0):
        return self.figures.get(key, default) or default

    def fig(self, key: str, shown: str) -> str:
        """A number in the text, marked so that it links to the records behind `key`."""
        return f"[[{key}|{shown}]]"

    def compare(self, key: str, unit: str = "", *, money: bool = False) -> str:
        """Year-on-year for a headline figure, as the genre writes it after the figure
        ('，比上年增加12人、增长8.5%'); '' when last year has no records for it (or either value is
        suppressed). Reading it loads last year's figures once."""
        from .formatting import change_text

        if self.previous_keys is not None and key not in self.previous_keys:
            raise ImproperlyConfigured(
                f"{key} is compared with last year but not read for it (previous_keys)"
            )
        previous = self.previous.get(key)
        current = self.figures.get(key)
        if current is None or previous is None:
            return ""
        text = change_text(current, previous, unit, money_value=money)
        return f"，{text}" if text else ""


def day_text(day) -> str:
    """A date inside a sentence, as the genre writes it: 3月8日."""
    return f"{day.month}月{day.day}日"


Contributor = Callable[[SummaryContext], list[Para]]


_CONTRIBUTORS: dict[str, Contributor] = {}


def register_summary(app: str, contribute: Contributor) -> None:
    """Register an app's contributor (called once, from its AppConfig.ready())."""
    if _CONTRIBUTORS.get(app, contribute) is not contribute:
        raise ImproperlyConfigured(f"app {app!r} registers two different summary contributors")
    _CONTRIBUTORS[app] = contribute


def contributors() -> tuple[tuple[str, Contributor], ...]:
    """(app label, contribute) of every registered app, in registration (INSTALLED_APPS) order."""
    return tuple(_CONTRIBUTORS.items())


def plain(text: str) -> str:
    """Text with figure marks replaced by what they show."""
    return FIGURE_MARK.sub(lambda m: m.group(2), text or "")


def figure_keys(text: str) -> list[str]:
    return [m.group(1) for m in FIGURE_MARK.finditer(text or "")]
