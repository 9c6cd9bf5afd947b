"""The names people write: a village or community committee's official name (统计用区划代码: 包台村民委员会,
东城社区居民委员会) shortened to the name used in running text (包台村, 东城社区), as the annual summaries
of ../examples write them."""

from __future__ import annotations

import re

# Longest first: 社区居民委员会 before 居民委员会.
_SUFFIXES = (("社区居民委员会", "社区"), ("居民委员会", "社区"), ("村民委员会", "村"))
_IN_TEXT = re.compile(r"(社区居民委员会|居民委员会|村民委员会)")


def common_name(name: str) -> str:
    """包台村民委员会 → 包台村, 东城社区居民委员会 → 东城社区, 河东居民委员会 → 河东社区; other names as
    they are."""
    for long, short in _SUFFIXES:
        if name.endswith(long):
            return name[: -len(long)] + short
    return name


def common_names_in(text: str) -> str:
    """Every committee's official name in a running text written the short way."""
    return _IN_TEXT.sub(lambda m: dict(_SUFFIXES)[m.group(1)], text)
