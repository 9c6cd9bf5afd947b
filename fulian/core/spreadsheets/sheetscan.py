"""The first worksheet of an uploaded workbook, scanned before (or, when large, while) the spreadsheet
library reads it: the row and column of every cell with content, formula cells without a computed value,
DTDs — with budgets, refusing at the first limit passed (fileguard.FileProblem).

The fast path reads the sheet in chunks with byte counts and, where a chunk could pass a limit, regular
expressions; cells written in an unusual form (no `r` attribute, a namespace prefix) are counted by the
standard library's streaming XML parser instead. Standard library only (see fileguard)."""

from __future__ import annotations

import functools
import re
import xml.parsers.expat
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .fileguard import (
    CORRUPT,
    DTD,
    MB,
    FileProblem,
    Limits,
    Workbook,
    _Budget,
    _check_prolog,
    _no_dtd_parser,
    column_letter,
    column_number,
    open_workbook,
)


@dataclass
class SheetFacts:
    """What the scan found in the first worksheet (rows and columns counted from A1)."""

    max_row: int = 0
    max_column: int = 0
    cells: int = 0  # <c> elements seen
    formulas: list[tuple[int, int]] = field(default_factory=list)  # (row, column) without a value
    strings: int = 0  # shared strings


# The fast path reads cells written as Excel, WPS, LibreOffice and openpyxl write them: <c r="B12" …>,
# the reference first and in double quotes. Anything else (no reference, a namespace prefix, other
# quoting) makes the count of <c> tags differ from the count of references, and the exact parser runs.
_CELL_REF = b'<c r="'
_CELL_ROWS = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"[^>/]*>')  # cells with content (not <c …/>)
_CELL_LETTER = re.compile(rb'<c r="([A-Z])[0-9]{1,7}"[^>/]*>')  # single-letter columns with content
_WIDE = re.compile(rb'<c r="[A-Z]{2}')
_WIDE_COLUMNS = re.compile(rb'<c r="([A-Z]{2,3})[0-9]{1,7}"[^>/]*>')
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"([^>/]*)>(.*?)</c>', re.S)
_VALUE = re.compile(rb"<v(?:\s[^>]*)?>[^<]")
_STRING_RESULT = re.compile(rb'\bt="(?:str|s|inlineStr|e|b)"')


@functools.cache
def _shapes(letter: int) -> bytes:
    """A translation table: columns A up to `letter` (1-26) to A, later letters to Z, digits to 0."""
    return bytes.maketrans(
        bytes(range(65, 91)) + b"0123456789", b"A" * letter + b"Z" * (26 - letter) + b"0" * 10
    )


_ROOT_PREFIX = re.compile(rb"<[A-Za-z_][\w.-]*:worksheet[\s>]")


class _Exact(Exception):
    """The fast path met a form it does not read: scan again with the XML parser."""


class SheetScan:
    """Scan the first worksheet in one pass, refusing as soon as a limit is passed."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.facts = SheetFacts()
        self._letter: int | None = None  # the right-most single-letter column measured so far
        self._row_bound = 0  # rows the chunks that were not measured may reach

    def found(self, row: int, column: int) -> None:
        """A cell with content at (row, column): check the limits the reader's grid depends on."""
        f, limits = self.facts, self.limits
        if column > f.max_column:
            f.max_column = column
            if column > limits.max_columns:
                raise FileProblem(
                    f"表格太宽：用到了第 {column_letter(column)} 列（第 {column:,} 列），"
                    f"上限为 {limits.max_columns} 列。"
                    "请删除右侧多余的列（包括看起来是空的、但填过内容的单元格）后再上传。"
                )
        if row > f.max_row:
            f.max_row = row
            if row - 1 > limits.max_rows:
                raise FileProblem(
                    f"数据行太多：表格用到了第 {row:,} 行，单次导入上限为 {limits.max_rows:,} 行数据"
                    "（不含表头）。请删除多余的行（包括远处看起来是空的、但填过内容的单元格），或拆分后分批导入。"
                )
        if max(f.max_row, self._row_bound) * f.max_column > limits.max_cells:
            raise FileProblem(
                f"表格范围太大：从 A1 到 {column_letter(f.max_column)}{f.max_row}，"
                f"约 {f.max_row * f.max_column:,} 个单元格，上限为 {limits.max_cells:,} 个。"
                "请删除多余的行、列和远处的内容，或拆分后分批导入。"
            )

    def formula_without_value(self, row: int, column: int) -> None:
        self.facts.formulas.append((row, column))
        if len(self.facts.formulas) > self.limits.max_formula_cells:
            raise FileProblem(
                f"表格中有超过 {self.limits.max_formula_cells:,} 个公式单元格没有保存计算结果。"
                "请在 Excel 中打开文件后保存，或把公式列“复制 → 选择性粘贴 → 数值”后重新上传。"
            )

    # --- fast path: byte counts and regular expressions, chunk by chunk --------------------------------

    def fast(self, blocks: Iterator[bytes]) -> None:
        tail = b""
        prolog_done = False
        for block in blocks:
            data = tail + block
            if not prolog_done:
                prolog_done = _check_prolog(data, done=False)
                if _ROOT_PREFIX.search(data[:4096]):
                    raise _Exact
            cut = data.rfind(b">") + 1  # whole tags only; the rest waits for the next block
            data, tail = data[:cut], data[cut:]
            if len(tail) > MB:  # no tag for a megabyte: whitespace between tags, or not a sane sheet
                if tail.strip():
                    raise FileProblem(CORRUPT)
                tail = b""
            self._chunk(data)
        if not prolog_done:
            _check_prolog(tail, done=True)

    def _chunk(self, data: bytes) -> None:
        if b"<!" in data and (b"<!ENTITY" in data or b"<!DOCTYPE" in data):
            raise FileProblem(DTD)
        refs = data.count(_CELL_REF)
        if data.count(b"<c ") != refs or b"<c>" in data or b"<c/>" in data:
            raise _Exact
        self.facts.cells += refs
        if refs and not self._bounded(data, refs):
            self._measure(data)
        if b"<f" in data:
            self._formulas(data)

    def _bounded(self, data: bytes, refs: int) -> bool:
        """The common case, without a Python object per cell. With the letters of the columns measured so
        far mapped to A, every other letter to Z and every digit to 0, two byte counts tell whether every
        cell of the chunk lies in those columns and how many digits its row numbers have at most. True
        when that bound passes the limits: the chunk needs no closer look. The first chunk, chunks that
        reach a new column, and chunks with row numbers as long as the limit's are measured instead."""
        if self._letter is None:
            return False
        shape = data.translate(_shapes(self._letter))
        if shape.count(b'<c r="A0') != refs:
            return False
        near = len(str(self.limits.max_rows + 1))
        if b'<c r="A' + b"0" * near in shape:
            return False
        rows = 10 ** (near - 1) - 1
        if rows * self.facts.max_column > self.limits.max_cells:
            return False
        self._row_bound = max(self._row_bound, rows)
        return True

    def _measure(self, data: bytes) -> None:
        """Every cell with content in the chunk, by regular expressions: the furthest row and column."""
        rows = _CELL_ROWS.findall(data)
        if not rows:
            return
        letters = set(_CELL_LETTER.findall(data))
        column = max(letters)[0] - 64 if letters else 0
        self._letter = max(self._letter or 0, column)
        if _WIDE.search(data):
            wide = set(_WIDE_COLUMNS.findall(data))
            if wide:
                column = max(column, *map(column_number, wide))
        self.found(max(map(int, set(rows))), column)

    def _formulas(self, data: bytes) -> None:
        for letters, digits, attrs, body in _FORMULA_CELL.findall(data):
            if b"<f" not in body:
                continue
            if _VALUE.search(body) or (b"<v" in body and _STRING_RESULT.search(attrs)):
                continue  # a computed value (an empty text result counts: the cell shows blank)
            self.formula_without_value(int(digits), column_number(letters))

    # --- exact path: the XML parser, for the forms the fast path does not read ------------------------

    def exact(self, blocks: Iterator[bytes]) -> None:
        self.facts = SheetFacts()
        parser = _no_dtd_parser()
        state: dict[str, Any] = {
            "row": 0,
            "col": 0,
            "cell": None,
            "formula": False,
            "value": False,
            "in_v": False,
        }

        def start(name: str, attrs: dict) -> None:
            local = name.rsplit("}", 1)[-1]
            if local == "row":
                r = attrs.get("r")
                state["row"] = int(r) if r and r.isdigit() else state["row"] + 1
                state["col"] = 0
            elif local == "c":
                ref = attrs.get("r")
                m = re.fullmatch(r"([A-Z]{1,3})([0-9]{1,7})", ref or "")
                if m:
                    state["col"], state["row"] = column_number(m[1]), int(m[2])
                else:
                    state["col"] += 1
                state["cell"] = (state["row"], state["col"], attrs.get("t", ""))
                state["formula"] = state["value"] = False
                self.facts.cells += 1
            elif local == "f":
                state["formula"] = True
            elif local in ("v", "is"):
                state["in_v"] = True
                state["value"] = state["value"] or (
                    local == "v" and state["cell"][2] in ("str", "s", "e", "b")
                )

        def text(data: str) -> None:
            if state["in_v"] and data:
                state["value"] = True

        def end(name: str) -> None:
            local = name.rsplit("}", 1)[-1]
            if local in ("v", "is"):
                state["in_v"] = False
            elif local == "c" and state["cell"]:
                row, col, _ = state["cell"]
                if state["value"] or state["formula"]:
                    self.found(row, col)
                if state["formula"] and not state["value"]:
                    self.formula_without_value(row, col)
                state["cell"] = None

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = text
        try:
            for block in blocks:
                parser.Parse(block, False)
            parser.Parse(b"", True)
        except xml.parsers.expat.ExpatError as exc:
            raise FileProblem(CORRUPT) from exc


def scan_sheet(book: Workbook, limits: Limits) -> SheetFacts:
    """Scan the first sheet (fast path, or the XML parser for unusual forms)."""
    scan = SheetScan(limits)
    budget = _Budget(limits, already=book.unpacked)
    try:
        scan.fast(budget.stream(book.archive, book.sheet))
    except _Exact:
        scan.exact(_Budget(limits, already=book.unpacked).stream(book.archive, book.sheet))
    scan.facts.strings = book.strings
    return scan.facts


def inspect_workbook(path: str, limits: Limits) -> SheetFacts:
    """fileguard's checks and the scan, on the file at `path`, in order. Returns what the first sheet
    holds; FileProblem when the file must not be read."""
    with open(path, "rb") as fh:
        return scan_sheet(open_workbook(fh, limits), limits)
