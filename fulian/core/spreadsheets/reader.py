"""Reading an uploaded workbook row by row with python-calamine (Rust): the sheet is parsed natively and
rows become Python lists one at a time, so a 100,000-row sheet never exists as Python objects at once.

Problems with the file as a whole (empty, not Excel, too large, wrong headers) raise FileProblem with a
Chinese message; problems with single rows are the engine's business."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")
_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # OOXML (zip), legacy OLE2 .xls


class FileProblem(Exception):
    """The file cannot be imported at all; str(exc) is the Chinese message shown to the user."""


def limit(name: str, default: int) -> int:
    return int(getattr(settings, "FULIAN", {}).get(name, default))


def max_bytes() -> int:
    return limit("IMPORT_MAX_BYTES", 20 * 1024 * 1024)


def max_rows() -> int:
    return limit("IMPORT_MAX_ROWS", 200_000)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def check_upload(name: str, size: int, head: bytes) -> None:
    """Cheap checks before anything is stored: empty, too large, not an Excel file."""
    if size == 0:
        raise FileProblem("文件是空的（0 字节），请选择填好数据的 Excel 文件。")
    if size > max_bytes():
        raise FileProblem(f"文件太大（{_mb(size)}），上限为 {_mb(max_bytes())}，请拆分后分批导入。")
    if not name.lower().endswith(EXCEL_SUFFIXES) or not head.startswith(_MAGIC):
        raise FileProblem(f"「{name}」不是 Excel 文件，请上传 .xlsx 或 .xls 格式的表格（可先下载模板）。")


def normalise_header(value: Any) -> str:
    return "".join(str(value or "").split()).rstrip("*＊")


class SheetReader:
    """The first worksheet of a workbook: its header row, an estimate of the data rows, and the rows."""

    def __init__(self, path: str | Path) -> None:
        import python_calamine

        try:
            self.workbook = python_calamine.CalamineWorkbook.from_path(str(path))
            self.sheet = self.workbook.get_sheet_by_index(0)
        except Exception as exc:  # calamine raises several error types for broken or foreign files
            raise FileProblem("无法读取该文件：文件已损坏，或不是 Excel 表格。") from exc
        start = self.sheet.start
        self.first_row = (start[0] + 1) if start else 1  # Excel row number of the header
        self.height = self.sheet.height
        self._rows = self.sheet.iter_rows() if self.height else iter(())
        first = next(self._rows, None)
        if first is None or not any(normalise_header(v) for v in first):
            raise FileProblem("表格是空的：第一个工作表中没有表头和数据。")
        self.header = [normalise_header(v) for v in first]
        self.data_rows = max(self.height - 1, 0)
        if self.data_rows > max_rows():
            raise FileProblem(
                f"数据行太多（约 {self.data_rows:,} 行），单次导入上限为 {max_rows():,} 行，"
                "请拆分后分批导入。"
            )

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(Excel row number, cells) for every data row that is not entirely blank."""
        number = self.first_row
        for cells in self._rows:
            number += 1
            for c in cells:  # the first filled cell (usually the first) says the row is not blank
                if c is not None and c != "" and (c.__class__ is not str or c.strip()):
                    yield number, cells
                    break

    def close(self) -> None:
        self.workbook.close()


def column_map(headers: list[str], spec) -> dict[str, int]:
    """Which sheet column holds each spec column, found by header text; FileProblem if the layout differs."""
    wanted = {normalise_header(c.header): c for c in spec.columns}
    found: dict[str, int] = {}
    unknown = []
    for index, header in enumerate(headers):
        if not header:
            continue
        column = wanted.get(header)
        if column is None:
            unknown.append(header)
        elif column.key not in found:
            found[column.key] = index
    missing = [c.header for c in spec.columns if c.key not in found and c.required]
    if missing or unknown:
        parts = []
        if missing:
            parts.append("缺少列" + "、".join(f"「{h}」" for h in missing))
        if unknown:
            parts.append("无法识别的列" + "、".join(f"「{h}」" for h in unknown[:10]))
        raise FileProblem(f"表格格式与模板不符：{'；'.join(parts)}。请下载最新模板，按模板的表头填写。")
    return found
