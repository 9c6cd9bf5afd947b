"""The text of a message: variables, the sign, the character count, the parts and the cost.

Chinese SMS (UCS-2): one part holds 70 characters; a longer message is split into parts of 67 (3 go to the
joining header). The sign 【签名】 is counted: the provider adds it to every message.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SINGLE = 70
PER_PART = 67
VARIABLE = re.compile(r"\{([^{}\s]{1,20})\}")


def variables_of(text: str) -> list[str]:
    """The variable names in the order the text first names them ({姓名} … {时间})."""
    seen: list[str] = []
    for name in VARIABLE.findall(text or ""):
        if name not in seen:
            seen.append(name)
    return seen


def render(text: str, values: dict[str, str]) -> str:
    return VARIABLE.sub(lambda m: str(values.get(m.group(1), m.group(0))), text or "")


def params_of(text: str, values: dict[str, str]) -> dict[str, str]:
    """The template parameters in the text's order (Tencent Cloud's templates take them by position)."""
    return {name: str(values.get(name, "")) for name in variables_of(text)}


def with_sign(sign_name: str, body: str) -> str:
    return f"【{sign_name}】{body}" if sign_name else body


def parts(length: int) -> int:
    if length <= 0:
        return 0
    return 1 if length <= SINGLE else math.ceil(length / PER_PART)


@dataclass(frozen=True)
class Preview:
    text: str  # the text the first recipient reads, sign included
    length: int
    parts: int
    recipients: int
    total_parts: int  # every recipient's parts (names differ in length)
    cost: Decimal  # 元


def preview(*, sign_name: str, text: str, values: list[dict[str, str]], price: float) -> Preview:
    """`values`: one dict of variables per recipient (the message's own values already merged in)."""
    texts = [with_sign(sign_name, render(text, v)) for v in values] or [with_sign(sign_name, text)]
    total = sum(parts(len(t)) for t in texts) if values else 0
    cost = (Decimal(str(price)) * total).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return Preview(texts[0], len(texts[0]), parts(len(texts[0])), len(values), total, cost)
