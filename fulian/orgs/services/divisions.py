"""Import the national division files (统计用区划代码, five CSV files) into the organisation tree.

The national set ships with the project, compressed (`fulian/orgs/data/divisions/*.csv.xz`, see its README);
a directory of other files may hold each file plain (`villages.csv`) or compressed (`villages.csv.xz`)
(`fulian/orgs/division_files.py`).
The files are read and checked completely before anything is written; then one transaction inserts the
new units (PostgreSQL: COPY, SQLite: executemany, both in code order, which is tree order because codes
nest), and updates renamed, retired and reactivated ones. Units are never deleted: a code that is gone
from the files gets `active_until` = today and keeps its history; a code that comes back is reactivated.

Paths are computed here rather than through treebeard's add_child (one query per node would take hours
for the whole country): a new child takes the step after its parent's last existing child.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone

from fulian.orgs.division_files import BUNDLED, NAMES, division_file, open_division_file
from fulian.orgs.models import Level, OrgUnit


class DivisionImportError(Exception):
    """A file that cannot be imported; the message (Chinese) names the file and the line."""


@dataclass(frozen=True)
class DivisionFile:
    name: str
    level: Level
    code_length: int
    parent_column: str | None


FILES = tuple(
    DivisionFile(name, *rest)
    for name, rest in zip(
        NAMES,  # provinces.csv … villages.csv
        (
            (Level.PROVINCE, 2, None),
            (Level.CITY, 4, "provinceCode"),
            (Level.COUNTY, 6, "cityCode"),
            (Level.TOWN, 9, "areaCode"),
            (Level.VILLAGE, 12, "streetCode"),
        ),
        strict=True,
    )
)
ROOT_LENGTHS = {f.code_length: f for f in FILES[:4]}


@dataclass
class ImportSummary:
    added: int = 0
    renamed: list[tuple[str, str, str]] = field(default_factory=list)  # (code, old name, new name)
    retired: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    reactivated: list[tuple[str, str]] = field(default_factory=list)
    unchanged: int = 0
    total: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.renamed or self.retired or self.reactivated)


@dataclass(slots=True)
class _Existing:
    id: int
    path: str
    depth: int
    numchild: int
    name: str
    active_until: object  # only tested against None (SQLite returns it as text here)
    seen: bool = False  # still in the files


# ---------------------------------------------------------------------------------------------- reading


def _check_root(root: str | None) -> None:
    if root is not None and (not (root.isascii() and root.isdigit()) or len(root) not in ROOT_LENGTHS):
        raise DivisionImportError(f"--root「{root}」应为 2、4、6 或 9 位数字的区划代码（省、市、县、乡镇）")


def _in_scope(code: str, root: str | None) -> bool:
    """The root's ancestors, the root itself and everything below it."""
    if root is None:
        return True
    return code.startswith(root) if len(code) >= len(root) else root.startswith(code)


def _read_file(directory: Path, spec: DivisionFile, root: str | None) -> Iterator[tuple[int, str, str, str]]:
    """Yield (line, code, name, parent code) for the rows in scope, checking every row's format."""
    path = division_file(directory, spec.name)
    if path is None:
        raise DivisionImportError(f"缺少文件 {spec.name}（或 {spec.name}.xz，目录 {directory}）")
    with open_division_file(path) as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None:
            raise DivisionImportError(f"{spec.name} 第1行：文件为空，缺少表头")
        needed = ["code", "name"] + ([spec.parent_column] if spec.parent_column else [])
        missing = [c for c in needed if c not in header]
        if missing:
            raise DivisionImportError(f"{spec.name} 第1行：缺少列 {'、'.join(missing)}")
        i_code, i_name = header.index("code"), header.index("name")
        i_parent = header.index(spec.parent_column) if spec.parent_column else None
        width = max(i_code, i_name, i_parent or 0) + 1
        n = spec.code_length
        for row in reader:
            line = reader.line_num
            if not row:
                continue
            if len(row) < width:
                raise DivisionImportError(f"{spec.name} 第{line}行：列数不足（应至少 {width} 列）")
            code, name = row[i_code].strip(), row[i_name].strip()
            if len(code) != n or not (code.isascii() and code.isdigit()):
                raise DivisionImportError(f"{spec.name} 第{line}行：区划代码「{code}」应为{n}位数字")
            if not _in_scope(code, root):
                continue
            if not name:
                raise DivisionImportError(f"{spec.name} 第{line}行：区划代码 {code} 缺少名称")
            if len(name) > 100:
                raise DivisionImportError(f"{spec.name} 第{line}行：名称超过 100 个字")
            parent = row[i_parent].strip() if i_parent is not None else ""
            yield line, code, name, parent


def read_divisions(directory: Path | None = None, root: str | None = None) -> list[tuple[str, str, int]]:
    """Every unit in scope as (code, name, level), sorted by code (= tree order); raises on a bad file.
    Without a directory: the national set shipped with the project."""
    _check_root(root)
    directory = Path(directory) if directory is not None else BUNDLED
    if not directory.is_dir():
        raise DivisionImportError(f"找不到目录 {directory}")
    lines: list[dict[str, int]] = []  # per level: code -> line, for duplicate and parent checks
    units: list[tuple[str, str, int]] = []
    for index, spec in enumerate(FILES):
        seen: dict[str, int] = {}
        parents = lines[index - 1] if index else None
        parent_spec = FILES[index - 1] if index else None
        for line, code, name, parent in _read_file(directory, spec, root):
            if code in seen:
                raise DivisionImportError(
                    f"{spec.name} 第{line}行：区划代码 {code} 重复（第{seen[code]}行已有）"
                )
            seen[code] = line
            if parents is not None:
                assert parent_spec is not None  # parents are read for every file but the first
                if parent != code[: parent_spec.code_length]:
                    raise DivisionImportError(
                        f"{spec.name} 第{line}行：{name}（{code}）的上级代码 {spec.parent_column}"
                        f"「{parent}」与区划代码前 {parent_spec.code_length} 位不一致"
                    )
                if parent not in parents:
                    raise DivisionImportError(
                        f"{spec.name} 第{line}行：{name}（{code}）的上级 {parent} "
                        f"在 {parent_spec.name} 中不存在"
                    )
            units.append((code, name, spec.level))
        if root is not None and spec.code_length <= len(root) and root[: spec.code_length] not in seen:
            if spec.code_length == len(root):
                raise DivisionImportError(f"{spec.name} 中没有 --root 指定的区划代码 {root}")
            raise DivisionImportError(f"{spec.name} 中缺少 {root} 的上级 {root[: spec.code_length]}")
        lines.append(seen)
    del lines
    units.sort()
    return units


# ------------------------------------------------------------------------------------------- planning


def _load_existing(root: str | None) -> dict[str, _Existing]:
    """Coded units in scope (the root's ancestors and its subtree), keyed by code."""
    qs = OrgUnit.objects.filter(code__isnull=False)
    if root is not None:
        ancestors = [root[:n] for n in (2, 4, 6, 9) if n < len(root)]
        qs = qs.filter(Q(code__startswith=root) | Q(code__in=ancestors))
    # A raw cursor: Django's per-row conversions cost seconds at the national scale.
    sql, params = qs.values_list(
        "code", "id", "path", "depth", "numchild", "name", "active_until"
    ).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {r[0]: _Existing(*r[1:]) for r in cursor.fetchall()}


def _last_steps(existing: dict[str, _Existing], root: str | None) -> dict[str, int]:
    """For every existing node that may get new children: the step of its last existing child."""
    last: dict[str, int] = {}

    def note(path: str) -> None:
        # int(..., 36) reads treebeard's 0-9A-Z steps, and is much faster than its NumConv.
        parent, step = path[: -OrgUnit.steplen], int(path[-OrgUnit.steplen :], 36)
        if step > last.get(parent, 0):
            last[parent] = step

    for known in existing.values():
        note(known.path)
    root_unit = existing.get(root) if root else None
    # Uncoded units (村民小组, hand-made ones) take steps too.
    extra = OrgUnit.objects.filter(code__isnull=True)
    if root is None:
        paths = extra.values_list("path", flat=True)
    elif root_unit is not None:
        paths = extra.filter(path__startswith=root_unit.path).values_list("path", flat=True)
    else:
        paths = []
    for path in paths:
        note(path)
    # Siblings outside the scope: the last root, and the last child of each ancestor of the root.
    if root is not None:
        for unit in [None, *(existing[a] for a in existing if len(a) < len(root))]:
            children = OrgUnit.objects.filter(depth=(unit.depth + 1) if unit else 1)
            if unit:
                children = children.filter(path__startswith=unit.path)
            top = children.aggregate(m=Max("path"))["m"]
            if top:
                note(top)
    return last


def _check_places(units: list[tuple[str, str, int]], existing: dict[str, _Existing]) -> None:
    """An existing unit must sit under the unit its code names as parent (a hand-made tree may not)."""
    for code, name, level in units:
        unit = existing.get(code)
        if unit is None or level == Level.PROVINCE:
            continue
        parent = existing.get(code[: FILES[level - 2].code_length])
        if parent is None or unit.path[: -OrgUnit.steplen] != parent.path:
            raise DivisionImportError(
                f"数据库中的 {name}（{code}）不在其上级 {code[: FILES[level - 2].code_length]} 之下，"
                "请先在组织树中移正后再导入"
            )


# -------------------------------------------------------------------------------------------- writing

COLUMNS = (
    "path",
    "depth",
    "numchild",
    "code",
    "name",
    "level",
    "active_from",
    "previous_names",
    "updated_at",
)


def _insert(rows: list[tuple]) -> None:
    table = connection.ops.quote_name(OrgUnit._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # psycopg 3
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(COLUMNS))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 (names from _meta)
            step = 50000
            for start in range(0, len(rows), step):
                cursor.executemany(sql, rows[start : start + step])


@transaction.atomic
def divisions_import(
    *, directory: Path | None = None, root: str | None = None, today: dt.date | None = None
) -> ImportSummary:
    """Import (or re-import) the division files for the subtree `root` (None: all of China); without a
    directory, the national set shipped with the project."""
    today = today or timezone.localdate()
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    units = read_divisions(directory, root)
    existing = _load_existing(root)
    _check_places(units, existing)
    summary = ImportSummary(total=len(units))
    new_rows, updates = _plan(units, existing, root, today, stamp, summary)
    del units
    _insert(new_rows)
    del new_rows
    renamed = [pk for pk, c in updates.items() if "previous_names" in c]
    for pk, names in OrgUnit.objects.filter(pk__in=renamed).values_list("pk", "previous_names"):
        updates[pk]["previous_names"] = [*names, updates[pk]["previous_names"]]
    _apply_updates(updates, stamp)
    _audit(summary, today)
    summary.renamed.sort()
    summary.retired.sort()
    summary.reactivated.sort()
    return summary


def _plan(units, existing, root, today, stamp, summary) -> tuple[list[tuple], dict[int, dict]]:
    """The rows to insert (with their paths) and the changes to existing units; fills `summary`."""
    last = _last_steps(existing, root)
    active_from = connection.ops.adapt_datefield_value(today) if existing else None
    updates: dict[int, dict] = {}
    new_paths: dict[str, tuple[str, int]] = {}  # code -> (path, depth) of the towns and up added now
    new_rows: list[list] = []
    new_child_counts: dict[str, int] = {}  # parent path -> children added now
    for code, name, level in units:
        unit = existing.get(code)
        if unit is not None:
            change = _compare(code, name, unit, summary)
            if change:
                updates[unit.id] = change
            continue
        parent_code = code[: FILES[level - 2].code_length] if level > Level.PROVINCE else None
        if parent_code is None:
            parent_path, depth = "", 1
        elif parent_code in new_paths:
            parent_path, depth = new_paths[parent_code][0], new_paths[parent_code][1] + 1
        else:
            parent_path, depth = existing[parent_code].path, existing[parent_code].depth + 1
        last[parent_path] = step = last.get(parent_path, 0) + 1
        path = OrgUnit._get_path(parent_path, depth, step)
        if level < Level.VILLAGE:
            new_paths[code] = (path, depth)
        new_child_counts[parent_path] = new_child_counts.get(parent_path, 0) + 1
        new_rows.append([path, depth, 0, code, name, int(level), active_from, "[]", stamp])
    summary.added = len(new_rows)

    for unit in existing.values():
        if unit.path in new_child_counts:
            updates.setdefault(unit.id, {})["numchild"] = unit.numchild + new_child_counts[unit.path]
    retired_on = connection.ops.adapt_datefield_value(today)
    for code, unit in existing.items():
        if not unit.seen and unit.active_until is None and (root is None or code.startswith(root)):
            summary.retired.append((code, unit.name))
            updates.setdefault(unit.id, {})["active_until"] = retired_on
    return [(r[0], r[1], new_child_counts.get(r[0], 0), *r[3:]) for r in new_rows], updates


def _compare(code: str, name: str, unit: _Existing, summary: ImportSummary) -> dict:
    """The changes an existing unit needs (a new name, reactivation); marks it as still in the files."""
    unit.seen = True
    change: dict = {}
    if unit.name != name:
        summary.renamed.append((code, unit.name, name))
        change["name"] = name
        change["previous_names"] = unit.name  # appended to the stored list by the caller
    if unit.active_until is not None:
        summary.reactivated.append((code, name))
        change["active_until"] = None
    if not change:
        summary.unchanged += 1
    return change


def divisions_tidy(summary: ImportSummary) -> None:
    """After a large import, outside its transaction: fresh planner statistics and, on PostgreSQL, the
    visibility map (VACUUM), so subtree counts are index-only scans instead of visiting every row."""
    if summary.added < 10000 or connection.in_atomic_block:
        return
    table = connection.ops.quote_name(OrgUnit._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {table}" if connection.vendor == "postgresql" else f"ANALYZE {table}")


def _audit(summary: ImportSummary, today: dt.date) -> None:
    """Renames, retirements and reactivations go to the change history like any edit.

    Additions do not: a first import adds hundreds of thousands of units, and the command's summary is
    their record.
    """
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    changes: dict[str, dict] = {}
    for code, old, new in summary.renamed:
        changes.setdefault(code, {})["name"] = [old, new]
    for code, _name in summary.retired:
        changes.setdefault(code, {})["active_until"] = ["None", str(today)]
    for code, _name in summary.reactivated:
        changes.setdefault(code, {})["active_until"] = ["(撤销)", "None"]
    if not changes:
        return
    content_type = ContentType.objects.get_for_model(OrgUnit)
    units = OrgUnit.objects.filter(code__in=list(changes)).values_list("code", "pk", "name")
    entries = [
        LogEntry(
            content_type=content_type,
            object_pk=str(pk),
            object_id=pk,
            object_repr=name,
            action=LogEntry.Action.UPDATE,
            changes=changes[code],
            additional_data={"source": "import_divisions"},
        )
        for code, pk, name in units.iterator(chunk_size=2000)
    ]
    LogEntry.objects.bulk_create(entries, batch_size=1000)


def _apply_updates(updates: dict[int, dict], now) -> None:
    """Write the changed fields, grouped by which fields change (usually a handful of rows)."""
    groups: dict[tuple[str, ...], list[tuple[int, dict]]] = {}
    for pk, change in updates.items():
        groups.setdefault(tuple(sorted(change)), []).append((pk, change))
    table = connection.ops.quote_name(OrgUnit._meta.db_table)
    for fields, items in groups.items():
        sets = ", ".join(f"{connection.ops.quote_name(f)} = %s" for f in (*fields, "updated_at"))
        sql = f"UPDATE {table} SET {sets} WHERE id = %s"  # noqa: S608 (names from _meta)
        params = [
            [json.dumps(c[f], ensure_ascii=False) if f == "previous_names" else c[f] for f in fields]
            + [now, pk]
            for pk, c in items
        ]
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
