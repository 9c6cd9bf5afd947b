"""Every read of the registry that a page, export or API lists. Always scoped through `visible()`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import CharField, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils import timezone

from fulian.core import idcard
from fulian.core.disclosure import Disclosure
from fulian.core.masking import mask_mobile
from fulian.core.models import AccessLog
from fulian.core.pagination import KeysPaginator, walked_rows
from fulian.core.scoping import scope_for, visible
from fulian.core.services import access_log_write
from fulian.orgs.models import Level, OrgUnit

from .models import ADULT_AGE, Category, Person, PersonCategory, Relation, id_number_hash, mobile_hash
from .validation import MOBILE_RE, normalize_mobile

if TYPE_CHECKING:
    from fulian.accounts.models import User

AGE_BANDS = {
    "minor": ("未成年（0–17岁）", 0, ADULT_AGE - 1),
    "18-34": ("18–34岁", 18, 34),
    "35-64": ("35–64岁（两癌筛查年龄）", 35, 64),
    "65+": ("65岁及以上", 65, None),
}
SORTS = {
    "pinyin": ("按拼音", ["name_pinyin", "id"]),
    "strokes": ("按姓氏笔画", ["name_strokes", "name_pinyin", "id"]),
    "-created": ("最近登记", ["-created_at", "-id"]),
}
UNMASK = "people.unmask"
COUNT_CAP = 10_000  # a list counts at most this many matches (see fulian.core.pagination)
_ASCII_RE = re.compile(r"^[a-z]+$")
_ID_RE = re.compile(r"^\d{17}[\dX]$")


@dataclass
class PersonFilters:
    q: str = ""
    unit: int | None = None  # a town, village or group: everyone under it
    category: int | None = None
    age_band: str = ""
    gender: str = ""
    sort: str = "pinyin"
    guardian_missing: bool = False

    @classmethod
    def from_mapping(cls, data) -> PersonFilters:
        def as_int(key):
            try:
                return int(data.get(key) or 0) or None
            except (TypeError, ValueError):
                return None

        return cls(
            q=(data.get("q") or "").strip()[:50],
            unit=as_int("unit"),
            category=as_int("category"),
            age_band=data.get("age_band") if data.get("age_band") in AGE_BANDS else "",
            gender=data.get("gender") if data.get("gender") in Person.Gender.values else "",
            sort=data.get("sort") if data.get("sort") in SORTS else "pinyin",
            guardian_missing=data.get("guardian_missing") in ("1", "true", "on"),
        )


def birth_range_for_band(band: str, today: date | None = None) -> tuple[date | None, date | None]:
    """Birth dates (inclusive) of people whose age lies in the band today."""
    today = today or timezone.localdate()
    _, low, high = AGE_BANDS[band]

    def years_ago(n: int) -> date:
        try:
            return today.replace(year=today.year - n)
        except ValueError:  # 29 February
            return today.replace(year=today.year - n, day=28)

    earliest = None
    if high is not None:
        earliest = years_ago(high + 1) + timedelta(days=1)
    latest = years_ago(low)
    return earliest, latest


def person_base_visible_to(*, user: User, capability: str = "people.view") -> QuerySet[Person]:
    """Everyone the user may see (merged records excluded)."""
    return visible(user, Person, capability).filter(merged_into__isnull=True)


def current_categories_prefetch(user: User) -> Prefetch:
    """Current categories; a sensitive one only on a person whose village lies where the user may unmask
    (the disclosure rule, per row: fulian.core.disclosure)."""
    links = PersonCategory.objects.filter(removed_on__isnull=True).select_related("category")
    links = links.filter(Q(category__is_sensitive=False) | Disclosure(user, UNMASK).q("person__village_path"))
    return Prefetch("category_links", queryset=links, to_attr="current_categories")


@dataclass
class _Matches:
    """The list's rows before the name search is applied, and the search as alternatives."""

    qs: QuerySet[Person]  # scoped and filtered
    search: list[Q]  # a row matches when any alternative does; empty: no name search
    walk: bool  # the sort index may be walked in order (no filter that the index cannot check)
    hint: bool = False  # the sort index alone answers: walk it, whatever SQLite guesses (walked_rows)


_PINYIN_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz"


def prefix_bounds(prefix: str) -> tuple[str, str | None]:
    """The range [low, high) holding exactly the strings of `_PINYIN_CHARS` that begin with `prefix`
    (high None: no upper end, for a prefix of only "z")."""
    stem = prefix.rstrip("z")
    if not stem:
        return prefix, None
    return prefix, stem[:-1] + _PINYIN_CHARS[_PINYIN_CHARS.index(stem[-1]) + 1]


def _pinyin_prefix(field: str, prefix: str) -> Q:
    """`field` starts with `prefix`, written as an index range instead of LIKE.

    Pinyin columns hold only a–z and 0–9 (fulian.core.pinyin), which every collation orders character by
    character, so the range is exactly the prefix's rows; unlike `LIKE 'z%'` it uses the plain index on
    PostgreSQL whatever the database's collation, and on SQLite (whose LIKE ignores indexes).
    """
    low, high = prefix_bounds(prefix)
    q = Q(**{f"{field}__gte": low})
    if high is not None:
        q &= Q(**{f"{field}__lt": high})
    return q


def _name_search(user: User, qs: QuerySet[Person], q: str) -> tuple[QuerySet[Person], list[Q], bool]:
    """The registry's search of what was typed: a whole ID number or mobile number through its keyed
    hash (and the access log), Latin letters as pinyin or initials (张丽 = zhangli = zl), anything else as
    the name's start. Returns the narrowed rows, the pinyin alternatives (any may match) and whether the
    sort index may still be walked."""
    search: list[Q] = []
    number = idcard.normalize(q)
    if _ID_RE.match(number):
        access_log_write(
            user=user,
            action=AccessLog.Action.SEARCH,
            target_type="people.person",
            target_label=f"证件号 {idcard.mask(number)}",
            detail="按身份证号查找服务对象",
        )
        return qs.filter(id_number_hash=id_number_hash(number)), search, True
    phone = normalize_mobile(q)
    if MOBILE_RE.match(phone):
        access_log_write(
            user=user,
            action=AccessLog.Action.SEARCH,
            target_type="people.person",
            target_label=f"手机号 {mask_mobile(phone)}",
            detail="按手机号查找服务对象",
        )
        return qs.filter(mobile_hash=mobile_hash(phone)), search, True
    if _ASCII_RE.match(q.lower()):
        q = q.lower()
        search.append(_pinyin_prefix("name_pinyin", q))
        # Initials begin with the full pinyin's first letter: for one letter they add no one. For the
        # same reason the initials' rows lie in the pinyin range of that letter: saying so lets a walk of
        # the pinyin index in order start at the letter instead of reading the registry from "a" (a city's
        # search for "wl" read 900,000 index entries before its first match, 3 s at 1,000,000 people).
        if len(q) > 1:
            search.append(_pinyin_prefix("name_initials", q) & _pinyin_prefix("name_pinyin", q[0]))
        return qs, search, True
    return qs.filter(name__startswith=q), search, False


_TAIL_RE = re.compile(r"^\d{3}[\dX]$|^\d{4}$")


def person_search(*, user: User, qs: QuerySet[Person], q: str, limit: int | None = None) -> QuerySet[Person]:
    """Narrow persons the user may pick by what she typed, as the registry's search does — and by the last
    four characters of the ID number (1234, 123X), which pickers accept too. In pinyin order.

    With `limit` (a picker's first results), the first `limit` matches are found as the list page finds a
    page — their keys from the indexes alone (`_page_keys`) — and then read by key: asked for whole rows
    in one query, SQLite would take a town's path range for small and sort all of it (2 s for a town of
    1,000,000 people)."""
    q = q.strip()
    if _TAIL_RE.match(q.upper()):
        return qs.filter(id_number_tail__endswith=q.upper()).order_by("name_pinyin", "id")
    narrowed, search, walk = _name_search(user, qs, q)
    if limit is None:
        return narrowed.filter(_any(search)).order_by("name_pinyin", "id")
    m = _Matches(qs=narrowed, search=search, walk=walk, hint=walk and bool(search))
    keys = _page_keys(m, PersonFilters(q=q), 0, limit)
    return qs.filter(pk__in=keys).order_by("name_pinyin", "id")


def pickable_people(user: User, capability: str, **filters: object) -> QuerySet[Person]:
    """The registry people a ledger's form may pick (its picker's rows): in her scope for the capability,
    merged records left out, narrowed by `filters` (e.g. gender), with their village, in pinyin order."""
    return (
        visible(user, Person, capability)
        .filter(merged_into__isnull=True, **filters)
        .select_related("village")
        .order_by("name_pinyin", "id")
    )


def person_label(person: Person) -> str:
    """How a person reads in a picker: name, village, year of birth, masked ID number."""
    parts = [person.village.name if person.village_id else "", f"{person.birth_date:%Y}年生"]
    if person.id_number_masked:
        parts.append(person.id_number_masked)
    return f"{person.name}（{'，'.join(p for p in parts if p)}）"


def _matches(user: User, f: PersonFilters) -> _Matches:
    qs = person_base_visible_to(user=user)
    search: list[Q] = []
    walk = not f.category
    if f.q:
        qs, search, walk_ok = _name_search(user, qs, f.q)
        walk = walk and walk_ok
    group = False
    if f.unit:
        found = OrgUnit.objects.filter(pk=f.unit).values_list("path", "level").first()
        if found is None:
            qs = qs.none()
        elif found[1] == Level.GROUP:
            qs = qs.filter(group_id=f.unit)
            group = True
        else:
            qs = qs.filter(village_path__startswith=found[0])
    if f.category:
        if Category.objects.filter(pk=f.category, is_sensitive=True).exists():
            # Who carries a sensitive category is itself sensitive: only where she may unmask.
            qs = qs.filter(Disclosure(user, UNMASK).q("village_path"))
        qs = qs.filter(
            Exists(
                PersonCategory.objects.filter(
                    person=OuterRef("pk"), category_id=f.category, removed_on__isnull=True
                )
            )
        )
    if f.age_band:
        earliest, latest = birth_range_for_band(f.age_band)
        if earliest:
            qs = qs.filter(birth_date__gte=earliest)
        qs = qs.filter(birth_date__lte=latest)
    if f.gender:
        qs = qs.filter(gender=f.gender)
    if f.guardian_missing:
        earliest, _ = birth_range_for_band("minor")
        qs = qs.filter(birth_date__gte=earliest).exclude(
            Exists(Relation.objects.filter(person=OuterRef("pk"), kind=Relation.Kind.GUARDIAN))
        )
        walk = False
    # A number looked up by its hash, or a village group (a column the walk index lacks), is answered
    # from its own index; everything else the walk index answers alone (fulian.core.pagination.walked_rows).
    hint = walk and not group and (not f.q or bool(search))
    return _Matches(qs=qs, search=search, walk=walk, hint=hint)


WALK_INDEX = {"pinyin": "person_pinyin_walk"}  # the sort's index that holds every filtered column


def _any(search: list[Q]) -> Q:
    q = Q()
    for alternative in search:
        q |= alternative
    return q


def person_list_visible_to(*, user: User, filters: PersonFilters | None = None) -> QuerySet[Person]:
    """The filtered, sorted list (exports, the API): a constant number of queries whatever the number of
    rows. The page uses `person_list_paginator`, which finds the same rows in the same order.

    A query that is a whole ID number or mobile number is looked up through its keyed hash, and the search
    is written to the access log (it discloses whether that person is registered in the user's scope).
    """
    f = filters or PersonFilters()
    m = _matches(user, f)
    return (
        m.qs.filter(_any(m.search))
        .select_related("village", "group")
        .prefetch_related(current_categories_prefetch(user))
        .order_by(*_ordering(f, m.walk))
    )


def person_list_paginator(*, user: User, filters: PersonFilters | None = None, per_page: int, cap: int):
    """The list page: the capped count, the page's keys, then its rows (see fulian.core.pagination).

    When the sort index can be walked (no category, guardian or Chinese-name filter), the keys come from
    the `person_*_walk` indexes alone. A search in pinyin that may also be initials ("zl": 张丽, or
    "zhang…") is two index ranges; rather than one query with OR, which no index can walk in order, each
    range gives its first `top` rows in order and the page is taken from their union, which holds the
    first `top` rows of the whole search.
    """
    f = filters or PersonFilters()
    m = _matches(user, f)
    union = m.walk and len(m.search) > 1
    hint = WALK_INDEX.get(f.sort) if m.hint and not union else None

    def count(limit: int) -> int:
        if union:
            first, *others = (_first_rows(m, f, s, limit, ["id"], i) for i, s in enumerate(m.search))
            return first.union(*others).count()
        # In pinyin order the capped count reads the pinyin walk index alone; left unordered, SQLite's
        # planner picks the (name, birth date) index by skip-scan and reads 100 times more.
        walk_order = ("name_pinyin", "id") if m.walk else ()
        rows = m.qs.filter(_any(m.search)).order_by(*walk_order).values_list("pk")[:limit]
        walked = walked_rows(rows, hint) if hint else None
        return len(walked) if walked is not None else rows.count()

    def keys(bottom: int, top: int) -> list:
        return _page_keys(m, f, bottom, top)

    def rows(pks):
        return (
            person_base_visible_to(user=user)
            .filter(pk__in=pks)
            .select_related("village", "group")
            .prefetch_related(current_categories_prefetch(user))
        )

    return KeysPaginator(count=count, keys=keys, rows=rows, per_page=per_page, cap=cap)


def _first_rows(
    m: _Matches, f: PersonFilters, alternative: Q, limit: int, fields: list[str], i: int
) -> QuerySet:
    """The first `limit` rows of one search alternative, in the sort's order (for a union of them).

    The pinyin range (i == 0) walks the pinyin index in order and stops at `limit`. The initials' range is
    read from the initials index and sorted: ordered by pinyin, a planner would walk the pinyin index
    instead, reading each row of the letter's range to test its initials (SQLite: 60,000 rows for "wl" at
    1,000,000 people, 170 ms; the initials index: 6,000 entries, a few ms)."""
    rows = m.qs.filter(alternative).order_by(*(_ordering(f, m.walk) if i == 0 else _ordering(f, False)))
    rows = rows.values_list(*fields)
    if connection.features.supports_slicing_ordering_in_compound:
        return rows[:limit]
    # SQLite allows no LIMIT inside a UNION: the same rows, through a subquery.
    return Person.objects.filter(pk__in=rows.values("pk")[:limit]).order_by().values_list(*fields)


def _page_keys(m: _Matches, f: PersonFilters, bottom: int, top: int) -> list:
    """The keys of rows bottom..top of the matches in the sort's order, read from the indexes alone.

    A search in pinyin that may also be initials ("zl": 张丽, or "zhang…") is two index ranges; rather
    than one query with OR, which no index can walk in order, each range gives its first `top` rows in
    order and the page is taken from their union, which holds the first `top` rows of the whole search."""
    if m.walk and len(m.search) > 1:
        columns = ["id", *(k.lstrip("-") for k in SORTS[f.sort][1] if k.lstrip("-") != "id")]
        first, *others = (_first_rows(m, f, s, top, columns, i) for i, s in enumerate(m.search))
        combined = first.union(*others).order_by(*SORTS[f.sort][1])
        return [row[0] for row in combined[bottom:top]]
    rows = m.qs.filter(_any(m.search)).order_by(*_ordering(f, m.walk)).values_list("pk")[bottom:top]
    hint = WALK_INDEX.get(f.sort) if m.hint else None
    walked = walked_rows(rows, hint) if hint else None
    return [row[0] for row in (walked if walked is not None else rows)]


def _ordering(f: PersonFilters, walk: bool) -> list:
    """The sort columns. When a filter the sort index cannot check (a category, a search in Chinese) picks
    the rows, they are found through their own indexes and then sorted: ordering by a plain column would
    let PostgreSQL walk the whole sort index instead, testing row by row (a LIMIT-50 plan that reads most
    of the table for a rare category). Wrapping the first key in an expression (same order: the keys are
    ASCII) keeps the planner off that path."""
    keys = SORTS[f.sort][1]
    if walk:
        return keys
    first = keys[0].lstrip("-")
    expr = Concat(F(first), Value(""), output_field=CharField())
    return [expr.desc() if keys[0].startswith("-") else expr.asc(), *keys[1:]]


def person_detail_visible_to(*, user: User, pk) -> Person:
    """One person with her links, or 404."""
    from fulian.core.scoping import get_visible_or_404

    qs = Person.objects.select_related("village", "group", "merged_into", "created_by").prefetch_related(
        Prefetch(
            "category_links",
            queryset=PersonCategory.objects.select_related("category").order_by("-removed_on", "added_on"),
        ),
        Prefetch("relations", queryset=Relation.objects.select_related("relative__village")),
        Prefetch("relations_as_relative", queryset=Relation.objects.select_related("person__village")),
    )
    return get_visible_or_404(user, qs, "people.view", pk=pk)


def person_find_visible_by_id_or_pk(*, user: User, value: str) -> Person | None:
    """A person the user may see, named by her ID number or record number (for guardian/relative inputs)."""
    value = (value or "").strip()
    if not value:
        return None
    qs = person_base_visible_to(user=user)
    number = idcard.normalize(value)
    if _ID_RE.match(number):
        return qs.filter(id_number_hash=id_number_hash(number)).first()
    if value.isdigit():
        return qs.filter(pk=int(value)).first()
    return None


def category_choices(user: User, person: Person | None = None) -> QuerySet[Category]:
    """Categories to choose from; the sensitive ones only for a user who may unmask personal data — on
    this person's village when a person is being edited (her sensitive categories are personal data)."""
    qs = Category.objects.filter(is_active=True)
    scope = scope_for(user)
    allowed = scope.has(UNMASK) if person is None else scope.covers(UNMASK, person.village_path)
    if not allowed:
        qs = qs.filter(is_sensitive=False)
    return qs


def has_guardian(person: Person) -> bool:
    return any(r.kind == Relation.Kind.GUARDIAN for r in person.relations.all())


def day_start(d: date):
    # a timestamp bound, not created_at__date: no per-row date conversion (SQLite does it in Python)
    return timezone.make_aware(datetime.combine(d, time.min))


def registry_rows(*, user: User, unit: OrgUnit, end: date) -> tuple[QuerySet[Person], QuerySet, date]:
    """What the registry figures count (the records behind them too): the persons registered by `end`,
    their categories held on `end` (sensitive ones only where the user may unmask in the unit), and the
    birth date before which a person is an adult on `end`."""
    adult_born = date(end.year - ADULT_AGE, end.month, min(end.day, 28))
    persons = person_base_visible_to(user=user).filter(
        village_path__startswith=unit.path, created_at__lt=day_start(end + timedelta(days=1))
    )
    links = PersonCategory.objects.filter(person__in=persons, added_on__lte=end).filter(
        Q(removed_on__isnull=True) | Q(removed_on__gt=end)
    )
    if not scope_for(user).covers("people.unmask", unit.path):
        links = links.filter(category__is_sensitive=False)
    return persons, links, adult_born


def figures(*, user: User, unit: OrgUnit, start=None, end=None, group_by_child: bool = False) -> dict:
    """The registry as it stood at the end of the period, counted by the database.

    Metric keys:
      people.total               persons registered by `end` (merged records not counted)
      people.new                 registered within the period
      people.women / people.minors   of the total, women; under 18 on `end`
      people.category.<code>     persons carrying the category on `end`; sensitive categories (留守儿童, 残疾,
                                 家庭暴力受害人 …) only for users who may unmask personal data in the unit
    Two queries (plus one for the sub-units with `group_by_child`), whatever the number of persons.
    """
    from django.db.models import Count
    from django.db.models.functions import Substr

    end = end or timezone.localdate()
    persons, links, adult_born = registry_rows(user=user, unit=unit, end=end)
    keys: list[str] = []
    children: dict[str, int] = {}
    if group_by_child:
        n = len(unit.path) + OrgUnit.steplen
        persons = persons.annotate(k=Substr("village_path", 1, n))
        links = links.annotate(k=Substr("person__village_path", 1, n))
        keys = ["k"]
        children = dict(
            OrgUnit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).values_list("path", "id")
        )
    result: dict = {}

    def slot(row) -> dict:
        key = children.get(row["k"], unit.id) if group_by_child else None
        return result.setdefault(key, {})

    counts = {
        "total": Count("id"),
        "women": Count("id", filter=Q(gender=Person.Gender.FEMALE)),
        "minors": Count("id", filter=Q(birth_date__gt=adult_born)),
    }
    if start:
        counts["new"] = Count("id", filter=Q(created_at__gte=day_start(start)))
    # Without sub-units one aggregate row (values() with no field would group by every column: a row
    # per person).
    rows = persons.order_by().values(*keys).annotate(**counts) if keys else [persons.aggregate(**counts)]
    for row in rows:
        d = slot(row)
        for name in counts:
            d[f"people.{name}"] = d.get(f"people.{name}", 0) + row[name]
    for row in links.order_by().values(*keys, "category__code").annotate(c=Count("person", distinct=True)):
        d = slot(row)
        key = f"people.category.{row['category__code']}"
        d[key] = d.get(key, 0) + row["c"]
    if group_by_child:
        return result
    out = result.get(None, {})
    out.setdefault("people.total", 0)
    return out
