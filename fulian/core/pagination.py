"""A paginator for lists that may hold a million rows in scope.

Two habits keep such a page cheap, whatever the number of rows:

- the count stops at a cap (an exact COUNT(*) over a million rows costs more than the page itself, and
  nobody pages past 200 pages: she narrows the search instead); the page says "more than …";
- the page is found in two steps: first the keys of its rows, from a query that reads only indexed
  columns (PostgreSQL answers it with an index-only scan that stops at the page), then just those rows
  with their joins. Reading whole rows only for the page is what makes page 50 cost about what page 1 does.

The list's selector supplies three functions: `count(limit)`, `keys(bottom, top)` and `rows(keys)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property


class KeysPaginator(Paginator):
    """Capped count, then a page of keys, then the rows for those keys (in the keys' order)."""

    def __init__(
        self,
        *,
        count: Callable[[int], int],
        keys: Callable[[int, int], Sequence],
        rows: Callable[[Sequence], Iterable],
        per_page: int,
        cap: int,
    ):
        super().__init__([], per_page)
        self._count, self._keys, self._rows, self.cap = count, keys, rows, cap
        self.capped = False

    @cached_property
    def count(self) -> int:
        n = self._count(self.cap + 1)
        self.capped = n > self.cap
        return min(n, self.cap)

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self._keys(bottom, top)) if top > bottom else []
        found = {row.pk: row for row in (self._rows(keys) if keys else ())}
        # A row deleted between the two queries is left out rather than failing the page.
        return self._get_page([found[k] for k in keys if k in found], number, self)  # type: ignore[attr-defined]
