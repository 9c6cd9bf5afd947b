"""Two lookups of the registry written for the indexes they should use.

`name__startswith` (a search in Chinese, 王) as an index range on SQLite: `name >= '王' AND name < '王' ||
U+10FFFF`, the form `fulian/orgs/lookups.py` gives tree paths. SQLite's LIKE uses no index, so the search
scanned the whole registry (505 ms at 1,000,000 people); the range reads the (name, …) index. PostgreSQL
keeps `LIKE '王%'`, which it answers from the same index through its pattern operator class whatever the
database's collation (a plain `>=`/`<` range would follow the collation, which need not order by prefix).

`id_number_hash__in` as `= ANY(array)` on PostgreSQL.

The importer looks up each chunk's 2,000 ID-number hashes at once. Written as `IN (%s, %s, …)` that is
2,000 parameters for Django to prepare and for the driver to find in the statement text; as
`= ANY(%s)` it is one array parameter, and PostgreSQL uses the same index. Other databases keep `IN`.
Hashes (lower-case hex) go as one array literal, '{a,b,…}', which psycopg sends as it is; other values
as a list, which psycopg adapts one element at a time in Python.
"""

import re

from django.db.models.lookups import In

_HEX = re.compile(r"[0-9a-f]+")


class AnyIn(In):
    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value():
            return self.as_sql(compiler, connection)
        values = [v for v in self.rhs if v is not None]
        if not values:
            return self.as_sql(compiler, connection)  # Django's empty-IN handling
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        if all(isinstance(v, str) and _HEX.fullmatch(v) for v in values):
            values = "{" + ",".join(values) + "}"
        return f"{lhs_sql} = ANY(%s::varchar[])", [*lhs_params, values]


def register() -> None:
    from fulian.orgs.lookups import PathStartsWith
    from fulian.people.models import Person

    Person._meta.get_field("id_number_hash").register_lookup(AnyIn, "in")
    Person._meta.get_field("name").register_lookup(PathStartsWith, "startswith")
