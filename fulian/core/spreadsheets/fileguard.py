"""Looking at an uploaded workbook before any spreadsheet library reads it.

A spreadsheet library sizes its grid from the cells it finds: python-calamine allocates 32 bytes for every
cell between the first and the last one used, so one cell at XFD1048576 asks for 512 GiB, and a zip bomb
asks for whatever it unpacks to. This module reads the file itself, with budgets, and refuses it with a
Chinese message naming the limit (FileProblem) before the library sees it:

- the container: Excel 97-2003 (.xls) and password-protected files (an OLE2 file with an
  EncryptedPackage stream) have their own messages; a zip's entry count (from its end record, before the
  directory is read), each entry's declared size, the total and the compression ratio;
- every part, unpacked as a stream and counted (a part that unpacks to more than it declared is refused):
  no DTD or entity declaration in any XML part (billion laughs);
- the first worksheet is found through workbook.xml and its relationships, as the library finds it, and
  scanned by `sheetscan` (the row and column of every cell, formula cells without a computed value); the
  shared strings are counted.

It needs nothing but the standard library, because `sheetproc` runs it in a separate process under a
hard memory and CPU limit (see reader.py); `check_container` is cheap enough for the web request.
"""

from __future__ import annotations

import re
import struct
import xml.parsers.expat
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import IO

MB = 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
CHUNK = 2 * MB


class FileProblem(Exception):
    """The file cannot be imported at all; str(exc) is the Chinese message shown to the user."""


@dataclass(frozen=True)
class Limits:
    """What an uploaded sheet may be. Defaults here; `reader.limits()` applies settings.FULIAN."""

    max_bytes: int = 20 * MB  # the file as uploaded
    max_rows: int = 200_000  # data rows below the header
    max_columns: int = 64
    max_cells: int = 4_000_000  # rows × columns of the used range (the reader's grid: 32 bytes each)
    max_entries: int = 200  # parts in the zip
    max_part_bytes: int = 256 * MB  # one part, unpacked
    max_unpacked_bytes: int = 400 * MB  # all parts, unpacked
    max_ratio: int = 100  # unpacked / packed, for parts over 1 MB (Apache POI's default)
    max_strings: int = 2_000_000  # shared strings
    max_formula_cells: int = 2000  # formula cells without a computed value, reported one by one
    scan_first_bytes: int = 8 * MB  # a first sheet up to this size is scanned before the reader starts
    memory_mb: int = 512  # address space of the reading process (its hard ceiling)
    cpu_seconds: int = 300  # CPU time of the reading process

    def to_dict(self) -> dict:
        return asdict(self)


# --- messages -----------------------------------------------------------------------------------------

ENCRYPTED = (
    "文件已加密，请取消密码后再导入：在 Excel 中打开文件，依次点“文件 → 信息 → 保护工作簿 → 用密码进行加密”，"
    "清空密码后保存（WPS：“文件 → 文档加密 → 密码加密”）。"
)
LEGACY_XLS = (
    "这是 Excel 97-2003（.xls）格式的文件，系统只读取 .xlsx 格式：请在 Excel 或 WPS 中打开它，"
    "“另存为” Excel 工作簿（.xlsx）后再上传。"
)
NOT_A_WORKBOOK = (
    "该文件是压缩包或其他 Office 文档，不是 Excel 工作簿，请上传 .xlsx 格式的表格（可先下载模板）。"
)
BINARY_WORKBOOK = (
    "这是 Excel 二进制工作簿（.xlsb），系统只读取 .xlsx 格式：请在 Excel 中“另存为” .xlsx 后再上传。"
)
CORRUPT = (
    "无法读取该文件：文件已损坏，或不是 Excel 表格。请在 Excel 或 WPS 中打开它，“另存为” .xlsx 后再上传。"
)
DTD = (
    "文件中含有 XML 文档类型或实体声明（DTD），正常保存的 Excel 文件不会有这些内容，已拒绝读取。"
    "请在 Excel 或 WPS 中打开它，“另存为”新的 .xlsx 文件后再上传。"
)
RESAVE = "请在 Excel 或 WPS 中打开它，“另存为”新的 .xlsx 文件后再上传。"
FORMULA_CELL = (
    "该单元格是公式，文件里没有保存公式的计算结果：请在 Excel 中打开文件后保存，"
    "或把该列“复制 → 选择性粘贴 → 数值”后重新上传"
)


def mb(size: float) -> str:
    return f"{size / MB:.1f} MB"


def column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_number(letters: bytes | str) -> int:
    number = 0
    for ch in letters if isinstance(letters, str) else letters.decode("ascii"):
        number = number * 26 + ord(ch) - 64
    return number


def memory_problem(limits: Limits) -> FileProblem:
    return FileProblem(
        f"读取该文件所需的内存超过上限（{limits.memory_mb} MB），已停止读取。"
        "请删除表格中多余的行、列和远处的内容，或拆分后分批导入。"
    )


def time_problem(limits: Limits) -> FileProblem:
    return FileProblem(f"读取该文件的时间超过上限（{limits.cpu_seconds} 秒），已停止读取。请拆分后分批导入。")


# --- the container ------------------------------------------------------------------------------------


def check_head(name: str, size: int, head: bytes, limits: Limits) -> None:
    """The first checks, on the name, the size and the first bytes: empty, too large, not Excel."""
    if size == 0:
        raise FileProblem("文件是空的（0 字节），请选择填好数据的 Excel 文件。")
    if size > limits.max_bytes:
        raise FileProblem(f"文件太大（{mb(size)}），上限为 {mb(limits.max_bytes)}，请拆分后分批导入。")
    if not name.lower().endswith((".xlsx", ".xlsm", ".xls")) or not head.startswith((ZIP_MAGIC, OLE2_MAGIC)):
        raise FileProblem(f"「{name}」不是 Excel 文件，请上传 .xlsx 格式的表格（可先下载模板）。")


def _ole2_problem(fh: IO[bytes]) -> FileProblem:
    """An OLE2 compound file: a password-protected workbook (its EncryptedPackage stream is named in the
    directory, UTF-16) or a legacy .xls. The file is at most max_bytes: read in chunks, with overlap."""
    fh.seek(0)
    tail = b""
    while block := fh.read(CHUNK):
        if ENCRYPTED_STREAM in tail + block:
            return FileProblem(ENCRYPTED)
        tail = block[-len(ENCRYPTED_STREAM) :]
    return FileProblem(LEGACY_XLS)


def _zip_entry_count(fh: IO[bytes]) -> int:
    """Entries in the zip, from its end-of-central-directory record (read before the directory itself,
    which Python's zipfile would turn into one object per entry)."""
    fh.seek(0, 2)
    size = fh.tell()
    fh.seek(max(0, size - 65_557))
    tail = fh.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        raise FileProblem(CORRUPT)
    (entries,) = struct.unpack("<H", tail[at + 10 : at + 12])
    return entries


def check_container(fh: IO[bytes], limits: Limits) -> zipfile.ZipFile:
    """Cheap checks of the container, from its directory only (nothing is unpacked): fit for the web
    request. Returns the open ZipFile."""
    fh.seek(0)
    head = fh.read(8)
    if head.startswith(OLE2_MAGIC):
        raise _ole2_problem(fh)
    if not head.startswith(ZIP_MAGIC):
        raise FileProblem(CORRUPT)
    entries = _zip_entry_count(fh)
    if entries > limits.max_entries:  # 0xFFFF (zip64) included
        raise FileProblem(
            f"文件结构异常：压缩包内有 {entries:,} 个部件，上限为 {limits.max_entries} 个。{RESAVE}"
        )
    try:
        archive = zipfile.ZipFile(fh)
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, NotImplementedError, OSError) as exc:
        raise FileProblem(CORRUPT) from exc
    if len(infos) > limits.max_entries:
        raise FileProblem(
            f"文件结构异常：压缩包内有 {len(infos):,} 个部件，上限为 {limits.max_entries} 个。{RESAVE}"
        )
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise FileProblem(BINARY_WORKBOOK if "xl/workbook.bin" in names else NOT_A_WORKBOOK)
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise FileProblem(ENCRYPTED)
        _check_size(info.filename, info.file_size, info.compress_size, limits)
        total += info.file_size
        if total > limits.max_unpacked_bytes:
            raise _unpacked_problem(total, limits)
    return archive


def _check_size(name: str, size: int, packed: int, limits: Limits) -> None:
    if size > limits.max_part_bytes:
        raise FileProblem(
            f"文件解压后过大：其中的「{name}」解压后超过 {mb(size)}，"
            f"单个部件上限为 {mb(limits.max_part_bytes)}。"
            "请拆分后分批导入。"
        )
    if size > MB and size > limits.max_ratio * max(packed, 1):
        raise FileProblem(
            f"文件的压缩比异常：其中的「{name}」解压后是压缩前的 {size / max(packed, 1):,.0f} 倍"
            f"（上限为 {limits.max_ratio} 倍），疑似“压缩炸弹”，已拒绝读取。"
            f"正常保存的 Excel 文件不会这样；{RESAVE}"
        )


def _unpacked_problem(total: int, limits: Limits) -> FileProblem:
    return FileProblem(
        f"文件解压后过大（超过 {mb(total)}），上限为 {mb(limits.max_unpacked_bytes)}，请拆分后分批导入。"
    )


# --- the parts, unpacked as streams -------------------------------------------------------------------


class _Budget:
    """Bytes unpacked so far, against the declared size of each part and the limits."""

    def __init__(self, limits: Limits, already: int = 0) -> None:
        self.limits = limits
        self.total = already

    def stream(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """The part's bytes in chunks; FileProblem when it unpacks to more than it may."""
        seen = 0
        try:
            with archive.open(info) as part:
                while block := part.read(CHUNK):
                    seen += len(block)
                    self.total += len(block)
                    if seen > info.file_size:  # more than the directory declared: not an honest file
                        raise FileProblem(CORRUPT)
                    _check_size(info.filename, seen, info.compress_size, self.limits)
                    if self.total > self.limits.max_unpacked_bytes:
                        raise _unpacked_problem(self.total, self.limits)
                    yield block
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
            raise FileProblem(CORRUPT) from exc  # CRC errors, truncated streams, unknown compression


_PROLOG_END = re.compile(rb"<[A-Za-z_]")  # the first start tag: the root element


def _check_prolog(data: bytes, done: bool) -> bool:
    """True once the prolog (everything before the root element) has been seen without a DTD; FileProblem
    on a DTD or entity declaration. A prolog longer than 64 KB is refused too (nothing legitimate is)."""
    root = _PROLOG_END.search(data)
    prolog = data[: root.start()] if root else data
    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
        raise FileProblem(DTD)
    if root is None and not done and len(data) > 64 * 1024:
        raise FileProblem(DTD)
    return root is not None


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget, keep: int = 0) -> bytes:
    """Unpack a part, checking its prolog; keep up to `keep` bytes of it (for workbook.xml and rels)."""
    kept = bytearray()
    head = b""
    prolog_done = not info.filename.endswith((".xml", ".rels", ".vml"))
    for block in budget.stream(archive, info):
        if not prolog_done:
            head += block
            prolog_done = _check_prolog(head, done=False)
        if keep:
            if len(kept) + len(block) > keep:
                raise FileProblem(f"文件结构异常：「{info.filename}」过大。{RESAVE}")
            kept += block
    if not prolog_done:
        _check_prolog(head, done=True)
    return bytes(kept)


def _no_dtd_parser() -> xml.parsers.expat.XMLParserType:
    parser = xml.parsers.expat.ParserCreate(namespace_separator="}")

    def refuse(*args) -> None:
        raise FileProblem(DTD)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    return parser


def _elements(data: bytes) -> list[tuple[str, dict]]:
    """(local name, attributes with local names) of every element of a small XML part."""
    found: list[tuple[str, dict]] = []
    parser = _no_dtd_parser()
    parser.StartElementHandler = lambda name, attrs: found.append(
        (name.rsplit("}", 1)[-1], {k.rsplit("}", 1)[-1]: v for k, v in attrs.items()})
    )
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise FileProblem(CORRUPT) from exc
    return found


def _first_sheet(archive: zipfile.ZipFile, budget: _Budget) -> zipfile.ZipInfo:
    """The part of the workbook's first sheet, found as the reading library finds it: the first <sheet>
    of xl/workbook.xml, its relationship id, the target in xl/_rels/workbook.xml.rels."""
    workbook = _elements(_read_part(archive, archive.getinfo("xl/workbook.xml"), budget, keep=16 * MB))
    sheet = next((attrs for name, attrs in workbook if name == "sheet"), None)
    try:
        rels = archive.getinfo("xl/_rels/workbook.xml.rels")
    except KeyError as exc:
        raise FileProblem(CORRUPT) from exc
    targets = {
        attrs.get("Id"): attrs.get("Target", "")
        for name, attrs in _elements(_read_part(archive, rels, budget, keep=16 * MB))
        if name == "Relationship"
    }
    target = targets.get((sheet or {}).get("id"))
    if not target:
        raise FileProblem("表格是空的：工作簿里没有工作表。")
    path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    try:
        return archive.getinfo(path)
    except KeyError as exc:
        raise FileProblem(CORRUPT) from exc


@dataclass
class Workbook:
    """A workbook whose container and parts (all but the first sheet) have passed the checks."""

    archive: zipfile.ZipFile
    sheet: zipfile.ZipInfo  # the first sheet's part, not yet scanned
    unpacked: int  # bytes the other parts unpacked to
    strings: int  # shared strings


def open_workbook(fh: IO[bytes], limits: Limits) -> Workbook:
    """The container's checks, the first sheet found, every other part unpacked and checked."""
    archive = check_container(fh, limits)
    budget = _Budget(limits)
    sheet = _first_sheet(archive, budget)
    strings = 0
    for info in archive.infolist():
        if info.filename in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", sheet.filename):
            continue
        if info.filename == "xl/sharedStrings.xml":
            strings = _count_strings(archive, info, budget, limits)
        else:
            _read_part(archive, info, budget)
    return Workbook(archive, sheet, budget.total, strings)


def _count_strings(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget, limits: Limits) -> int:
    count, head, prolog_done = 0, b"", False
    for block in budget.stream(archive, info):
        if not prolog_done:
            head += block
            prolog_done = _check_prolog(head, done=False)
        if b"<!ENTITY" in block:
            raise FileProblem(DTD)
        count += block.count(b"<si>") + block.count(b"<si ") + block.count(b":si>") + block.count(b":si ")
        if count > limits.max_strings:
            raise FileProblem(
                f"文件中的文字单元格太多（超过 {limits.max_strings:,} 个不同的文字），已拒绝读取。"
                "请拆分后分批导入。"
            )
    if not prolog_done:
        _check_prolog(head, done=True)
    return count
