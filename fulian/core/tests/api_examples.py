"""The shape of an example setup (see test_api_examples): who calls, and the real ids to substitute."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Call:
    user: Any  # None: an anonymous call
    path: dict = field(default_factory=dict)  # {"id": pk} for the path's placeholders
    body: dict = field(default_factory=dict)  # body fields replaced by real ids


SETUPS: dict = {}
