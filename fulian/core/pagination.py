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
from django.db import connections
from django.db.models import QuerySet
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


def walked_rows(qs: QuerySet, index: str) -> list | None:
    """The rows of `qs` (a `values_list`) read on SQLite by walking `index` in order (`INDEXED BY`), or
    None where the hint does not apply (another database, or a query that names the table twice).

    SQLite keeps no statistics of a range's size (it is built without STAT4), so it guesses that a scope's
    `village_path >= P AND village_path < Q` selects a small share of the table, and answers a list's page
    from that range, sorting every row of it. In a town's own database the town's range is the whole table:
    a sort of 1,000,000 rows (2 s) instead of a walk of the sort index that stops at the page (2 ms). The
    caller gives the hint only where the sort index holds every column the list filters on, so that the
    walk reads the index alone: its worst case, a capped count that finds fewer matches than the cap and
    so reads the whole index, is a scan of one index (under 0.1 s at 1,000,000 people), where the guess's
    worst case is a sort of the whole table."""
    conn = connections[qs.db]
    if conn.vendor != "sqlite":
        return None
    sql, params = qs.query.sql_with_params()
    table = f"FROM {conn.ops.quote_name(qs.model._meta.db_table)}"
    if sql.count(table) != 1 or " INDEXED BY " in sql:
        return None
    sql = sql.replace(table, f"{table} INDEXED BY {conn.ops.quote_name(index)}", 1)
    with conn.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
