"""The registry's list page and its searches at N people, against the Django admin as it is registered.

Workers of `python -m bench people` (parts `list` and `search`), each run in a fresh process:

- `populate`: tops the registry up to N people by COPY (PostgreSQL) or executemany (SQLite): names from 50
  surnames × 20 given names, a valid and unique ID number and a mobile number each (encrypted, with their
  keyed hashes, as the registry stores them), 20 villages of one town; then ANALYZE.
- `list`: the town chair's filtered page 50 (`LIST_QUERY`) against the admin changelist's (`ADMIN_QUERY`).
- `search`: page 1 of each search kind (`SEARCHES`) against the admin's search box where it has one.

The admin is `fulian/people/admin.py`'s `PersonAdmin` as registered (list_display name, gender, birth date,
village, ID tail, created; list_filter gender; search_fields name, name_pinyin, name_initials;
list_select_related village; the model's ordering, pinyin then id). It cannot search the encrypted ID and
mobile columns: those rows say "—".
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date, timedelta

LIST_QUERY = "q=z&gender=F&age_band=35-64&page={page}"
ADMIN_QUERY = "q=z&gender__exact=F&p={page}"
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = ["丽", "芳", "娟", "敏", "静", "秀英", "桂英", "玉兰", "红梅", "晓燕", "小红", "春花", "海燕", "雪梅",
         "丽华", "淑珍", "美玲", "秀兰", "凤英", "婷"]  # fmt: skip
BORN_FROM = date(1940, 1, 1)
BORN_DAYS = 30_000


def person_identity(i: int) -> tuple[date, str, str]:
    """The i-th generated person's birth date, ID number (unique up to 30 million) and mobile (unique)."""
    from fulian.core.idcard import make_id_number

    born = BORN_FROM + timedelta(days=i % BORN_DAYS)
    return born, make_id_number("511781", born, (i // BORN_DAYS) % 1000), f"13{i:09d}"


def searches(people: int) -> list[tuple[str, str, str | None]]:
    """(kind, our query, the admin's query or None) for page 1 of each search kind."""
    _, number, mobile = person_identity(people // 2)
    return [
        ("中文姓名（姓，王）", "q=王", "q=王"),
        ("中文姓名（姓名，王丽）", "q=王丽", "q=王丽"),
        ("拼音（wang）", "q=wang", "q=wang"),
        ("拼音（wangli）", "q=wangli", "q=wangli"),
        ("首字母（wl）", "q=wl", "q=wl"),
        ("身份证号", f"q={number}", None),
        ("手机号", f"q={mobile}", None),
    ]


def w_populate(args) -> dict:
    """Top the registry up to --people rows: COPY on PostgreSQL, executemany on SQLite."""
    from django.db import connection, transaction
    from django.utils import timezone

    from fulian.core import crypto, pinyin
    from fulian.orgs.models import Level, OrgUnit
    from fulian.people.models import Person, id_number_hash, mobile_hash

    target = args.people
    have = Person.objects.count()
    villages = list(OrgUnit.objects.filter(level=Level.VILLAGE).values_list("pk", "path"))
    names = [s + g for s in SURNAMES for g in GIVEN]
    keys = {n: (pinyin.full_pinyin(n)[:200], pinyin.initials(n)[:50], pinyin.stroke_key(n)) for n in names}
    rng = random.Random(have)
    now = timezone.now()
    cols = ["name", "gender", "birth_date", "id_number", "id_number_hash", "id_number_tail", "mobile",
            "mobile_hash", "hukou_address", "residence_address", "village_id", "group_id", "village_path",
            "ethnicity", "education", "employment", "notes", "name_pinyin", "name_initials", "name_strokes",
            "merged_into_id", "created_by_id", "created_at", "updated_at"]  # fmt: skip

    def rows():
        for i in range(have, target):
            name = names[rng.randrange(len(names))]
            vid, vpath = villages[i % len(villages)]
            born, number, mobile = person_identity(i)
            py, ini, strokes = keys[name]
            yield (name, "F" if i % 5 else "M", born, crypto.encrypt(number), id_number_hash(number),
                   f"{number[:6]}{number[-4:]}", crypto.encrypt(mobile), mobile_hash(mobile), "", "", vid,
                   None, vpath, "汉族", "", "", "", py, ini, strokes, None, None, now, now)  # fmt: skip

    t = time.perf_counter()
    table = Person._meta.db_table
    with transaction.atomic(), connection.cursor() as c:
        if connection.vendor == "postgresql":
            with c.cursor.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                for r in rows():
                    copy.write_row(r)
        else:
            sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))})"
            batch = []
            for r in rows():
                batch.append(r)
                if len(batch) == 20_000:
                    c.executemany(sql, batch)
                    batch = []
            if batch:
                c.executemany(sql, batch)
    with connection.cursor() as c:
        c.execute("ANALYZE")
    return {"people": Person.objects.count(), "seconds": round(time.perf_counter() - t, 1)}


def time_page(client, url: str, n: int) -> dict:
    """p50 and p95 of n requests after 3 warm-ups, server time through the test client; the queries of
    the last one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(n):
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200
    q = statistics.quantiles(times, n=20)
    queries = len(ctx.captured_queries)
    return {"p50": statistics.median(times), "p95": q[18], "queries": queries}


def _clients():
    from django.test import Client

    from fulian.accounts.models import User

    ours, theirs = Client(), Client()
    ours.force_login(User.objects.get(username="bench_chair"))
    theirs.force_login(User.objects.get(username="bench_admin"))
    return ours, theirs


ADMIN_URL = "/django-admin/people/person/"


def w_list(args) -> dict:
    from fulian.people.models import Person

    ours, theirs = _clients()
    people = Person.objects.count()
    page = 50 if people >= 100_000 else 1  # small test runs have fewer than 50 pages of matches
    return {
        "people": people,
        "ours": time_page(ours, f"/people/?{LIST_QUERY.format(page=page)}", args.requests),
        "admin": time_page(theirs, f"{ADMIN_URL}?{ADMIN_QUERY.format(page=page)}", args.requests),
    }


def _found(query: str) -> int:
    """How many people the page says it found (capped as the page caps it)."""
    from django.http import QueryDict

    from fulian.accounts.models import User
    from fulian.people import selectors

    chair = User.objects.get(username="bench_chair")
    filters = selectors.PersonFilters.from_mapping(QueryDict(query))
    return selectors.person_list_paginator(
        user=chair, filters=filters, per_page=50, cap=selectors.COUNT_CAP
    ).count


def w_search(args) -> dict:
    from fulian.people.models import Person

    ours, theirs = _clients()
    people = Person.objects.count()
    out = []
    for kind, query, admin_query in searches(people):
        row = {"kind": kind, "ours": time_page(ours, f"/people/?{query}", args.requests)}
        row["ours"]["found"] = _found(query)
        if admin_query:
            row["admin"] = time_page(theirs, f"{ADMIN_URL}?{admin_query}", args.requests)
        out.append(row)
    return {"people": people, "searches": out}


def table_lines(backend: str, r: dict) -> list[str]:
    """The list and search rows of the benchmark's table for one database."""
    lines = []
    for key in ("list_small", "list_full"):
        if key not in r:
            continue
        lst = r[key]
        o, a = lst["ours"], lst["admin"]
        lines.append(
            f"| {backend} | 列表（{lst['people']:,} 人）p50 / p95 | {o['p50']:.0f} / {o['p95']:.0f} ms | "
            f"{a['p50']:.0f} / {a['p95']:.0f} ms（admin） | {a['p95'] / o['p95']:.1f}× | p95 < 150 ms，≥ 5× |"
        )
        lines.append(
            f"| {backend} | 列表（{lst['people']:,} 人）查询数 | {o['queries']} | "
            f"{a['queries']}（admin） | | 与行数无关 |"
        )
    if "search" in r:
        s = r["search"]
        for row in s["searches"]:
            o, a = row["ours"], row.get("admin")
            theirs = f"{a['p50']:.0f} / {a['p95']:.0f} ms（admin）" if a else "—（admin 不能搜索加密列）"
            ratio = f"{a['p95'] / o['p95']:.1f}×" if a else ""
            lines.append(
                f"| {backend} | 搜索 {row['kind']}（{s['people']:,} 人，找到 {o['found']:,}）p50 / p95 | "
                f"{o['p50']:.0f} / {o['p95']:.0f} ms，{o['queries']} 次查询 | {theirs} | {ratio} | "
                "p95 < 150 ms |"
            )
    return lines
