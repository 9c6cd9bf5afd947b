"""Reading an uploaded workbook row by row, without ever holding it in this process.

`SheetReader` starts `sheetproc` (a separate Python process limited to `Limits.memory_mb` of address space
and `Limits.cpu_seconds` of CPU time), which inspects the file (fileguard: sizes, ratios, DTDs, the rows
and columns of every cell, before any spreadsheet library sees it), then parses the first sheet with
python-calamine and sends its rows here in chunks. A hostile file can at worst end that process; this one
reports it as a FileProblem with a Chinese message. `check_upload` runs the cheap checks of the
container within the web request (nothing is unpacked there).

Problems with the file as a whole (empty, not Excel, too large, encrypted, wrong headers) raise
FileProblem with a Chinese message; problems with single rows are the engine's business."""

from __future__ import annotations

import json
import logging
import os
import pickle
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.conf import settings

from .fileguard import FileProblem, Limits, check_container, check_head, memory_problem, time_problem

__all__ = ["FileProblem", "SheetReader", "check_upload", "column_map", "limits", "normalise_header"]

logger = logging.getLogger(__name__)

# settings.FULIAN key -> Limits field (the settings document each one)
_SETTINGS = {
    "IMPORT_MAX_BYTES": "max_bytes",
    "IMPORT_MAX_ROWS": "max_rows",
    "IMPORT_MAX_COLUMNS": "max_columns",
    "IMPORT_MAX_CELLS": "max_cells",
    "IMPORT_MAX_UNPACKED_BYTES": "max_unpacked_bytes",
    "IMPORT_MAX_RATIO": "max_ratio",
    "IMPORT_READER_MEMORY_MB": "memory_mb",
    "IMPORT_READER_CPU_SECONDS": "cpu_seconds",
}


def limit(name: str, default: int) -> int:
    return int(getattr(settings, "FULIAN", {}).get(name, default))


def limits() -> Limits:
    defaults = Limits()
    return Limits(**{
        **defaults.to_dict(),
        **{field: limit(key, getattr(defaults, field)) for key, field in _SETTINGS.items()},
    })  # fmt: skip


def max_bytes() -> int:
    return limits().max_bytes


def max_rows() -> int:
    return limits().max_rows


def check_upload(name: str, size: int, fh: IO[bytes]) -> None:
    """The checks fit for the web request: empty, too large, not Excel, a legacy or password-protected
    file, a zip whose directory already passes a limit. Reads the head and the zip's directory only."""
    fh.seek(0)
    head = fh.read(8)
    check_head(name, size, head, limits())
    check_container(fh, limits())
    fh.seek(0)


def normalise_header(value: Any) -> str:
    return "".join(str(value or "").split()).rstrip("*＊")


def _blank(cells: list) -> bool:
    # A plain loop, not all(): this is the reader's hottest line.
    for c in cells:  # noqa: SIM110 (the first filled cell, usually the first, says the row is not blank)
        if c is not None and c != "" and (c.__class__ is not str or c.strip()):
            return False
    return True


class SheetReader:
    """The first worksheet of a workbook, read by a `sheetproc` process: `rows()` yields the rows that are
    not blank, `formulas` names the formula cells that carry no computed value (row -> cell indexes),
    `data_rows` estimates the rows below the header (for the progress bar)."""

    def __init__(self, path: str | Path) -> None:
        self.limits = limits()
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self._proc = subprocess.Popen(  # noqa: S603 (our own module, with our own interpreter)
            [sys.executable, "-m", "fulian.core.spreadsheets.sheetproc", str(path),
             json.dumps(self.limits.to_dict())],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            cwd=settings.BASE_DIR,
            env={**os.environ, "RUST_BACKTRACE": "0"},
        )  # fmt: skip
        try:
            info = self._receive("sheet")
        except BaseException:
            self.close()
            raise
        self.first_row = info["first_row"]
        self.height = info["height"]
        self.data_rows = max(self.height - 1, 0)
        self.formulas: dict[int, set[int]] = {}
        for row, index in info["formulas"]:
            self.formulas.setdefault(row, set()).add(index)

    def _receive(self, *kinds: str):
        try:
            assert self._proc.stdout is not None  # opened with stdout=PIPE
            message = pickle.load(self._proc.stdout)  # noqa: S301 (written by our own child process)
        except (EOFError, pickle.UnpicklingError):
            raise self._ended() from None
        if message[0] == "problem":
            raise FileProblem(message[1])
        if message[0] not in kinds:
            raise self._ended()
        return message[1] if message[0] == "sheet" else message

    def _ended(self) -> FileProblem:
        """The reading process ended without finishing: say which limit it passed (and log what it said)."""
        code = self._proc.wait()
        self._stderr.seek(0, os.SEEK_END)
        self._stderr.seek(max(0, self._stderr.tell() - 2000))
        logger.warning("sheet reader ended with %s: %s", code, self._stderr.read().decode(errors="replace"))
        if code in (-signal.SIGXCPU, -signal.SIGKILL):
            return time_problem(self.limits)
        return memory_problem(self.limits)

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(Excel row number, cells) for every row that is not blank (a row whose only content is a
        formula without a value counts: the engine reports it)."""
        formulas = self.formulas
        last = 0
        while True:
            message = self._receive("rows", "end")
            if message[0] == "end":
                break
            _, number, chunk = message
            for cells in chunk:
                if not _blank(cells) or (formulas and number in formulas):
                    yield number, cells
                last = number
                number += 1
        for number in sorted(n for n in formulas if n > last):  # beyond the library's range: no values
            yield number, []

    def close(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        if self._proc.stdout:
            self._proc.stdout.close()
        self._stderr.close()


def column_map(headers: list[str], spec, row: int = 1) -> dict[str, int]:
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
        raise FileProblem(
            f"表格格式与模板不符（表头在第 {row} 行）：{'；'.join(parts)}。请下载最新模板，按模板的表头填写。"
        )
    return found
