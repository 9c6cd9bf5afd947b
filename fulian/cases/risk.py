"""The risk checklist (风险评估): a short structured list giving 红 / 橙 / 黄.

Items follow the common domestic-violence danger indicators (threats to kill, weapons, strangling,
escalation, her own fear, separation, children). Rule: any "red" item, or three or more "orange" items, gives
红; one or two orange items give 橙; none gives 黄.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    weight: str  # "red" or "orange"


CHECKLIST: tuple[Item, ...] = (
    Item("threat_to_kill", "对方扬言杀害她或家人", "red"),
    Item("weapon", "对方使用或威胁使用刀具等凶器", "red"),
    Item("strangling", "对方曾掐脖子、捂口鼻使其窒息", "red"),
    Item("fears_for_life", "她认为自己有生命危险", "red"),
    Item("injured", "本次受伤需要就医", "red"),
    Item("escalating", "暴力频率或严重程度在加剧", "orange"),
    Item("separating", "正在或准备分居、离婚", "orange"),
    Item("children_exposed", "子女遭受或目睹暴力", "orange"),
    Item("stalking", "对方跟踪、骚扰、控制其行动", "orange"),
    Item("substance", "对方酗酒、吸毒或赌博", "orange"),
    Item("no_safe_place", "没有安全住处或经济依赖对方", "orange"),
)

KEYS = frozenset(i.key for i in CHECKLIST)
RED_ORANGE_COUNT = 3


def level_for(answers: dict[str, bool]) -> str:
    """The risk level ("red", "orange", "yellow") for a set of checklist answers."""
    ticked = {i.key for i in CHECKLIST if answers.get(i.key)}
    reds = sum(1 for i in CHECKLIST if i.key in ticked and i.weight == "red")
    oranges = sum(1 for i in CHECKLIST if i.key in ticked and i.weight == "orange")
    if reds or oranges >= RED_ORANGE_COUNT:
        return "red"
    return "orange" if oranges else "yellow"
