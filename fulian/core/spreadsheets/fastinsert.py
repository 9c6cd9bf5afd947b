"""A faster `bulk_create` for imports: the same multi-row `INSERT … RETURNING id`, without Django's
per-value compiler work.

Django's `bulk_create` prepares every value through the SQL compiler (`pre_save_val`, `prepare_value`,
`field_as_sql`), which costs most of an import's write time for a wide model. Here each field gets one
converter chosen once per call: plain text/foreign-key values go to the database as they are (what
`get_db_prep_save` returns for them anyway), dates as the backend's adapter would give them, a field with
a `db_prep_fast(slow, connection)` method (encrypted text) through the converter it returns, and every
other field (booleans, numbers …) through its own `get_db_prep_save`. A field the row leaves out takes
its default, converted once per call; an `auto_now`/`auto_now_add` one, one timestamp (`pre_save`). Like
`bulk_create` it sends no signals and sets the primary keys on the objects. `insert_rows` does the same
for rows given as {attname: value}, without building model objects at all (an import builds one per
row). Where the database cannot return rows from a multi-row insert, it falls back to `bulk_create`.

On SQLite, inside a transaction, the keys are counted on from the table's highest and one prepared
single-row INSERT runs for every row (`executemany`): SQLite allows 999 parameters per statement, so the
multi-row form would be parsed again every 40 rows.

On PostgreSQL the rows go in by `COPY … FROM STDIN` instead: the keys are taken from the table's
sequence first (`nextval` for as many rows, one statement), then written with the rows. A multi-row
INSERT with 20,000 parameters costs the driver a scan of the whole statement text for its placeholders
and the server a parse and plan; COPY streams the values with neither.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from django.db import connections, models, router
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models.fields import AutoFieldMixin
from django.db.models.fields.related import ForeignKey

_PLAIN_TEXT = (models.CharField.get_prep_value, models.TextField.get_prep_value)
_FIELD_DB_PREP = (models.Field.get_db_prep_save, models.Field.get_db_prep_value)


def _converter(field: models.Field, connection) -> Callable[[Any], Any]:
    """The field's `get_db_prep_save` for one value, with the common cases answered directly."""
    cls = type(field)
    slow = field.get_db_prep_save

    def via_field(value: Any) -> Any:
        return slow(value, connection)

    own = getattr(field, "db_prep_fast", None)
    if own is not None:  # the field knows a shortcut for its usual values (EncryptedTextField)
        return own(slow, connection)
    plain_db = (cls.get_db_prep_save, cls.get_db_prep_value) == _FIELD_DB_PREP
    if plain_db and cls.get_prep_value in _PLAIN_TEXT:

        def text(value: Any) -> Any:
            return value if value is None or type(value) is str else slow(value, connection)

        return text
    if isinstance(field, ForeignKey) and cls.get_db_prep_save is ForeignKey.get_db_prep_save:
        target = field.target_field
        if isinstance(target, models.AutoField | models.BigAutoField | models.IntegerField):

            def key(value: Any) -> Any:
                return value if value is None or type(value) is int else slow(value, connection)

            return key
    if cls is models.DateField:
        if connection.vendor == "postgresql":  # psycopg takes date objects as they are

            def day(value: Any) -> Any:
                return value if type(value) is date else slow(value, connection)

            return day
        if connection.ops.adapt_datefield_value.__func__ is BaseDatabaseOperations.adapt_datefield_value:

            def day_text(value: Any) -> Any:  # what the base adapt_datefield_value gives: str(value)
                return value.isoformat() if type(value) is date else slow(value, connection)

            return day_text
    if connection.vendor == "postgresql" and cls is models.DateTimeField:

        def moment(value: Any) -> Any:
            return value if type(value) is datetime and value.tzinfo is not None else slow(value, connection)

        return moment
    return via_field


def _auto_now(field: models.Field) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


_ABSENT = object()


def _maker(conv: Callable[[Any], Any], make: Callable[[], Any]) -> Callable[[], Any]:
    return lambda: conv(make())


def _plan(model, connection) -> list[tuple[str, Callable[[Any], Any], Any, Callable[[], Any] | None]]:
    """Per concrete field but the key, in order: (attname, converter, value sent when the row leaves the
    field out, or a function making that value when the default is callable). The value for a left-out
    field is converted once, here: its default, or, for an `auto_now`/`auto_now_add` field, one
    timestamp taken now."""
    pk = model._meta.pk
    plan: list[tuple[str, Callable[[Any], Any], Any, Callable[[], Any] | None]] = []
    for f in model._meta.concrete_fields:
        if f is pk:
            continue
        conv = _converter(f, connection)
        if _auto_now(f):
            plan.append((f.attname, conv, conv(f.pre_save(model(), True)), None))
        elif f.has_default() and callable(f.default):
            plan.append((f.attname, conv, None, _maker(conv, f.default)))
        else:  # as Django fills a field left out: its default, else "" for text that may not be NULL
            plan.append((f.attname, conv, conv(f.get_default()), None))
    return plan


class Preparer:
    """Turns rows {attname: value} of `model` into the column values an insert sends (`insert_values`),
    so a caller can prepare rows ahead of writing them."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.connection = connections[router.db_for_write(model)]
        self._plan = _plan(model, self.connection)

    def __call__(self, row: Mapping[str, Any]) -> list[Any]:
        values: list[Any] = []
        add = values.append
        get = row.get
        for name, conv, absent, make in self._plan:
            value = get(name, _ABSENT)
            if value is not _ABSENT:
                add(conv(value))
            else:
                add(absent if make is None else make())
        return values


# --- writes on a worker thread ----------------------------------------------------------------------


class _Writer:
    """Runs write jobs one after another on a worker thread, over the same database connection (so in
    the same transaction) while the main thread prepares the next rows. Every query the main thread
    sends through Django meanwhile first waits until all jobs handed over are done
    (`writes_in_background` installs that wait), so it reads what was inserted before it and never
    uses the connection at the same time as the worker."""

    def __init__(self, raw_connection):
        self.raw = raw_connection
        self.jobs: queue.Queue = queue.Queue()
        self.error: BaseException | None = None
        self.staging: dict[str, str] = {}  # SQLite: table -> its staging table, made in this block
        self.copy_types: dict[str, list[int] | None] = {}  # PostgreSQL: table -> binary COPY types
        self.keys: dict[str, list[int]] = {}  # PostgreSQL: table -> keys reserved ahead (see _copy)
        self.keys_lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, name="fastinsert-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (job := self.jobs.get()) is not None:
            try:
                if self.error is None:  # after a failure the transaction is lost: only drain the queue
                    job(self.raw)
            except BaseException as exc:  # re-raised in the main thread
                self.error = exc
            finally:
                self.jobs.task_done()
        self.jobs.task_done()

    def submit(self, job: Callable[[Any], None]) -> None:
        """`job(raw_connection)` runs on the worker thread, after the jobs submitted before it."""
        self.jobs.put(job)

    def wait(self) -> None:
        """Until every job handed over so far is done; raise the first failure."""
        self.jobs.join()
        if self.error is not None:
            raise self.error

    def close(self) -> BaseException | None:
        self.jobs.put(None)
        self.thread.join()
        return self.error


_writers: dict[int, _Writer] = {}


@contextmanager
def writes_in_background(using: str = "default"):
    """While this block runs, `insert_rows`/`insert_values` hand the slow part of each insert to a worker
    thread and return, so the database builds one chunk's rows and indexes while the importer checks
    the next (the machine's other core does the writing):

    - PostgreSQL: the keys are reserved, the rows go to the worker as one `COPY` (the server process
      does the work);
    - SQLite: the rows go into a staging table without indexes (cheap), the worker moves them into the
      real table with one `INSERT … SELECT`, during which Python's sqlite3 module releases the GIL.
      (An `executemany` on the worker would not do: it needs the GIL for every row it binds.)

    Leaving the block waits for every write and raises the first one's error, if any: use it inside the
    transaction (`with transaction.atomic(), writes_in_background():`), never around it."""
    connection = connections[using]
    if connection.vendor not in ("postgresql", "sqlite"):
        yield
        return
    connection.ensure_connection()
    writer = _writers[id(connection)] = _Writer(connection.connection)

    def after_the_writes(execute, sql, params, many, context):
        with connection.wrap_database_errors:  # a failed write surfaces as Django's own error class
            writer.wait()
        return execute(sql, params, many, context)

    try:
        with connection.execute_wrapper(after_the_writes):
            yield
    except BaseException as exc:
        del _writers[id(connection)]
        error = writer.close()
        if error is not None and error.__class__ is not exc.__class__:
            with connection.wrap_database_errors:
                raise error from exc  # the write's own error explains the failure that followed it
        raise
    del _writers[id(connection)]
    error = writer.close()
    if error is not None:
        with connection.wrap_database_errors:
            raise error
    if writer.staging:
        with connection.cursor() as cursor:
            for staging in writer.staging.values():
                cursor.execute(f"DROP TABLE IF EXISTS temp.{staging}")


def _copy_job(
    sql: str, types: list[int] | None, rows: list[list[Any]], reserve: Callable[[Any], None]
) -> Callable[[Any], None]:
    def job(raw) -> None:
        with raw.cursor() as cursor:
            with cursor.copy(sql) as copy:
                if types is not None:
                    copy.set_types(types)
                for row in rows:
                    copy.write_row(row)
            reserve(cursor)

    return job


_KEYS_SQL = "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)"


def _statements_job(*statements: str) -> Callable[[Any], None]:
    def job(raw) -> None:
        for sql in statements:
            raw.execute(sql)

    return job


# Column types whose binary form psycopg writes from the values the converters above produce (str, int,
# bool, date, aware datetime, Decimal, UUID, psycopg's Jsonb): a table with only these is copied in
# binary, which PostgreSQL reads without parsing text. Any other type: text COPY, as psycopg adapts it.
_BINARY_COPY_TYPES = frozenset(
    {"int2", "int4", "int8", "bool", "text", "varchar", "bpchar", "date", "timestamptz", "numeric", "uuid",
     "jsonb", "float4", "float8"}
)  # fmt: skip


def _binary_types(cursor, table: str, columns: list[str]) -> list[int] | None:
    """The columns' type OIDs when every one has a binary form that fits, else None (text COPY)."""
    cursor.execute(
        "SELECT a.attname, a.atttypid::int, t.typname FROM pg_attribute a"
        " JOIN pg_type t ON t.oid = a.atttypid WHERE a.attrelid = %s::regclass AND a.attnum > 0",
        [table],
    )
    found = {name: (oid, typname) for name, oid, typname in cursor.fetchall()}
    types = [found.get(c) for c in columns]
    if all(t is not None and t[1] in _BINARY_COPY_TYPES for t in types):
        return [t[0] for t in types if t is not None]
    return None


def _copy(model, values: Iterator[list[Any]], count: int, connection) -> list[int]:
    """The values are converted while COPY streams them, so PostgreSQL (another process, another core)
    writes the first rows and their indexes while the later ones are still being prepared; inside
    `writes_in_background` the COPY runs on the worker thread instead."""
    opts = model._meta
    pk = opts.pk
    qn = connection.ops.quote_name
    names = [pk.column] + [f.column for f in opts.concrete_fields if f is not pk]
    # Only quoted identifiers from the model's own metadata go into the text; the values are streamed.
    sql = f"COPY {qn(opts.db_table)} ({', '.join(qn(c) for c in names)}) FROM STDIN"
    with connection.cursor() as cursor:
        writer = _writers.get(id(connection))
        types_of = writer.copy_types if writer is not None else {}  # looked up once per block and table
        if opts.db_table not in types_of:
            types_of[opts.db_table] = _binary_types(cursor.cursor, qn(opts.db_table), names)
        types = types_of[opts.db_table]
        if types is not None:
            sql += " (FORMAT BINARY)"
        sequence = [qn(opts.db_table), pk.column]
        if writer is None:
            cursor.cursor.execute(_KEYS_SQL, [*sequence, count])
            keys = [r[0] for r in cursor.cursor.fetchall()]
        else:
            # Keys come from the sequence, reserved ahead: after each COPY the worker reserves as many
            # again for the next chunk, so the main thread seldom waits for the server to count them.
            # (Sequences are not transactional: a reserved key never goes to anyone else, and one left
            # unused is a gap, as after any rollback.)
            with writer.keys_lock:
                pool = writer.keys.setdefault(opts.db_table, [])
                keys, pool[:] = pool[:count], pool[count:]
            if len(keys) < count:  # straight to the driver: Django's wait for the writes is not needed
                cursor.cursor.execute(_KEYS_SQL, [*sequence, count - len(keys)])
                keys += [r[0] for r in cursor.cursor.fetchall()]

            def reserve(raw_cursor) -> None:
                raw_cursor.execute(_KEYS_SQL, [*sequence, count])
                ahead = [r[0] for r in raw_cursor.fetchall()]
                with writer.keys_lock:
                    writer.keys[opts.db_table].extend(ahead)

            rows = [[key, *row] for key, row in zip(keys, values, strict=True)]
            writer.submit(_copy_job(sql, types, rows, reserve))
            return keys
        with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
            if types is not None:
                copy.set_types(types)
            for key, row in zip(keys, values, strict=True):
                copy.write_row([key, *row])
    return keys


def _executemany(model, values: list[list[Any]], connection) -> list[int]:
    """SQLite inside a transaction: the keys follow the table's highest key (and its AUTOINCREMENT
    counter, so a deleted row's key is never reused), then one prepared INSERT runs for every row. The
    transaction holds SQLite's single write lock (Django opens it IMMEDIATE here), so no other writer
    can take those keys; the primary key would refuse a duplicate anyway. Inside `writes_in_background`
    the rows go to a staging table and the worker thread moves them."""
    opts = model._meta
    pk = opts.pk
    qn = connection.ops.quote_name
    table = qn(opts.db_table)
    columns = [qn(pk.column)] + [qn(f.column) for f in opts.concrete_fields if f is not pk]
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX({qn(pk.column)}) FROM {table}")  # noqa: S608 (identifiers only)
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [opts.db_table])
        found = cursor.fetchone()
        first = max(highest, found[0] if found else 0) + 1
        keys = list(range(first, first + len(values)))
        rows = [[key, *row] for key, row in zip(keys, values, strict=True)]
        writer = _writers.get(id(connection))
        if writer is None:
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)  # noqa: S608
            return keys
        staging = writer.staging.get(opts.db_table)
        if staging is None:
            # Untyped columns keep each value as bound; the real table's column types apply when the
            # worker copies the rows over, as they would to a direct INSERT.
            staging = writer.staging[opts.db_table] = qn(f"fastinsert_{opts.db_table}")
            cursor.execute(f"DROP TABLE IF EXISTS temp.{staging}")
            cursor.execute(f"CREATE TEMP TABLE {staging} ({', '.join(columns)})")
        cursor.executemany(f"INSERT INTO temp.{staging} VALUES ({marks})", rows)  # noqa: S608
    writer.submit(
        _statements_job(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM temp.{staging}",  # noqa: S608
            f"DELETE FROM temp.{staging}",  # noqa: S608
        )
    )
    return keys


def _insert_returning(model, values: list[list[Any]], connection) -> list[int]:
    opts = model._meta
    pk = opts.pk
    fields = [f for f in opts.concrete_fields if f is not pk]
    qn = connection.ops.quote_name
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    batch = max(1, min(1000, connection.ops.bulk_batch_size(fields, values)))
    # Only quoted identifiers from the model's own metadata go into the text; every value is a parameter.
    head = f"INSERT INTO {qn(opts.db_table)} ({', '.join(qn(f.column) for f in fields)}) VALUES "  # noqa: S608
    tail = f" RETURNING {qn(pk.column)}"
    keys: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(values), batch):
            part = values[start : start + batch]
            cursor.execute(head + ", ".join([row_sql] * len(part)) + tail, [v for row in part for v in row])
            ids = [r[0] for r in cursor.fetchall()]
            if len(ids) != len(part):  # pragma: no cover - a database that does not return every row
                raise RuntimeError("insert did not return a key for every row")
            keys.extend(ids)
    return keys


def _fast_path(model, connection) -> bool:
    return connection.features.can_return_rows_from_bulk_insert and not model._meta.parents


def insert_rows(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> list:
    """Insert rows given as {attname: value} into `model`'s table (no parents, auto primary key) and
    return their new primary keys, in order. Fields left out take their defaults."""
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    if not _fast_path(model, connection):
        return [
            obj.pk
            for obj in model._default_manager.bulk_create([model(**row) for row in rows], batch_size=500)
        ]
    prepare = Preparer(model)
    return _insert(model, (prepare(row) for row in rows), len(rows), connection)


def insert_values(model: type[models.Model], values: Sequence[list[Any]]) -> list:
    """`insert_rows` for rows a `Preparer` of `model` has already turned into column values."""
    if not values:
        return []
    connection = connections[router.db_for_write(model)]
    if not _fast_path(model, connection):  # pragma: no cover - PostgreSQL and SQLite both return rows
        raise NotImplementedError("insert_values needs a database that returns rows from an insert")
    return _insert(model, iter(values), len(values), connection)


def _insert(model, values: Iterator[list[Any]], count: int, connection) -> list:
    auto_pk = isinstance(model._meta.pk, AutoFieldMixin)
    if connection.vendor == "postgresql" and auto_pk:
        return _copy(model, values, count, connection)
    if connection.vendor == "sqlite" and connection.in_atomic_block and auto_pk:
        return _executemany(model, list(values), connection)
    return _insert_returning(model, list(values), connection)


def insert(model: type[models.Model], objs: Sequence[models.Model]) -> list[models.Model]:
    """Insert unsaved objects of `model` (no parents, auto primary key) and set their primary keys."""
    if not objs:
        return []
    using = router.db_for_write(model)
    if not _fast_path(model, connections[using]):
        return model._default_manager.bulk_create(objs, batch_size=500)
    pk = model._meta.pk
    fields = [f for f in model._meta.concrete_fields if f is not pk]
    for f in fields:
        if _auto_now(f):  # one timestamp, set on the objects as bulk_create would
            now = f.pre_save(objs[0], True)
            for obj in objs:
                setattr(obj, f.attname, now)
    keys = insert_rows(model, [{f.attname: getattr(obj, f.attname) for f in fields} for obj in objs])
    for obj, key in zip(objs, keys, strict=True):
        setattr(obj, pk.attname, key)
        obj._state.adding = False
        obj._state.db = using
    return list(objs)
