"""A corpus of hostile and broken workbooks, generated on the spot (nothing is stored in the repository):
each function writes one file to `folder` and returns its path. Written with the standard library, part
by part, so that a file can say what no spreadsheet program would write (a cell at XFD1048576, sizes that
lie, a DTD); big parts are streamed into the zip, so that building a bomb costs little memory."""

from __future__ import annotations

import itertools
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>'
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}"><Relationship Id="rId1" '
    f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
    '<sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}"><Relationship Id="rId1" '
    f'Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
HEADER = ("乡镇", "片区名称", "成立日期", "备注")


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row(n: int = 1) -> str:
    cells = "".join(text_cell(f"{chr(65 + i)}{n}", h) for i, h in enumerate(HEADER))
    return f'<row r="{n}">{cells}</row>'


def sheet_xml(rows: Iterable[str], *, dimension: str | None = None, prolog: str = "") -> Iterator[bytes]:
    yield f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN}">'.encode()
    if dimension:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield b"<sheetData>"
    batch: list[str] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= 5000:
            yield "".join(batch).encode()
            batch = []
    yield "".join(batch).encode()
    yield b"</sheetData></worksheet>"


def workbook(path: Path, sheet: Iterable[bytes], extra: dict[str, Iterable[bytes]] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        for name, blocks in {"xl/worksheets/sheet1.xml": sheet, **(extra or {})}.items():
            with z.open(name, "w", force_zip64=False) as part:
                for block in blocks:
                    part.write(block)
    return path


def good(folder: Path, rows: int = 3) -> Path:
    body = [header_row()] + [
        f'<row r="{n}">{text_cell(f"A{n}", "竹峪镇")}{text_cell(f"B{n}", f"片{n}")}</row>'
        for n in range(2, rows + 2)
    ]
    return workbook(folder / "good.xlsx", sheet_xml(body, dimension=f"A1:D{rows + 1}"))


def corner_cell(folder: Path) -> Path:
    """The header, and one cell at the last row and column Excel has (the reader would need 512 GiB)."""
    body = [header_row(), f'<row r="1048576">{text_cell("XFD1048576", "x")}</row>']
    return workbook(folder / "corner.xlsx", sheet_xml(body, dimension="A1:XFD1048576"))


def lying_dimension(folder: Path) -> Path:
    """The dimension says A1:D2; a cell sits at row 900,000 (the reader would need 100 MB of grid)."""
    body = [header_row(), f'<row r="900000">{text_cell("A900000", "x")}</row>']
    return workbook(folder / "lying.xlsx", sheet_xml(body, dimension="A1:D2"))


def wide_sparse(folder: Path) -> Path:
    """Two cells: A1 and BH100000 — 60 columns (allowed) × 100,000 rows (allowed) = 6,000,000 cells."""
    body = [header_row(), f'<row r="100000">{text_cell("BH100000", "x")}</row>']
    return workbook(folder / "wide.xlsx", sheet_xml(body))


def too_wide(folder: Path) -> Path:
    body = [header_row() + text_cell("ZZ1", "多余")]
    return workbook(folder / "too-wide.xlsx", sheet_xml(body))


def cells_without_references(folder: Path) -> Path:
    """Cells with no `r` attribute (legal: their place is counted), 70 in one row."""
    row = "<row>" + "<c><v>1</v></c>" * 70 + "</row>"
    return workbook(folder / "no-refs.xlsx", sheet_xml([header_row(), row]))


def slow_to_check(folder: Path, rows: int = 150_000) -> Path:
    """Rows of cells without references: legal, and checked by the slower streaming XML parser."""
    body = itertools.chain([header_row()], ("<row>" + "<c><v>1</v></c>" * 4 + "</row>" for _ in range(rows)))
    return workbook(folder / "slow.xlsx", sheet_xml(body))


def million_rows(folder: Path) -> Path:
    body = itertools.chain(
        [header_row()], (f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(2, 1_000_002))
    )
    return workbook(folder / "million.xlsx", sheet_xml(body))


def zip_bomb(folder: Path, ratio: int, megabytes: int = 64) -> Path:
    """A sheet padded with whitespace (legal between elements) whose data compresses about `ratio` : 1
    (a little noise in every block keeps the ratio from being the usual 1000:1 of plain whitespace)."""
    import random

    rng = random.Random(ratio)
    noise = max(1, 1024 // ratio)  # bytes of noise per KiB
    blocks = []
    for _ in range(64):
        data = bytearray(b" " * 65536)
        for i in range(0, 65536, 1024):
            data[i : i + noise] = bytes(rng.choice(b" \n\t\r") for _ in range(noise))
        blocks.append(bytes(data))

    def sheet() -> Iterator[bytes]:
        head, *body, tail = list(sheet_xml([header_row()]))
        yield head
        yield from body
        total = megabytes * 1024 * 1024
        i = 0
        while total > 0:
            block = blocks[i % len(blocks)]
            yield block[:total]
            total -= len(block)
            i += 1
        yield tail

    return workbook(folder / f"bomb-{ratio}.xlsx", sheet())


def lying_sizes(folder: Path) -> Path:
    """A sheet of 64 MB whose directory says it unpacks to 2 KB (so a check of the declared sizes passes)."""
    path = zip_bomb(folder, 1000)
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    for sig, size_at, name_len_at, header_len in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        at = 0
        while (at := data.find(sig, at)) >= 0:
            (name_len,) = struct.unpack_from("<H", data, at + name_len_at)
            if data[at + header_len : at + header_len + name_len] == name:
                struct.pack_into("<I", data, at + size_at, 2048)
            at += 4
    out = folder / "lying-sizes.xlsx"
    out.write_bytes(bytes(data))
    return out


def billion_laughs(folder: Path) -> Path:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    prolog = f"<!DOCTYPE worksheet [{entities}]>"
    body = [header_row(), f'<row r="2">{text_cell("A2", "&lol9;")}</row>']
    return workbook(folder / "laughs.xlsx", sheet_xml(body, prolog=prolog))


def dtd_in_shared_strings(folder: Path) -> Path:
    strings = f'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x "x">]><sst xmlns="{MAIN}"><si><t>&x;</t></si>'
    parts = {"xl/sharedStrings.xml": [strings.encode() + b"</sst>"]}
    return workbook(folder / "sst-dtd.xlsx", sheet_xml([header_row()]), parts)


def formula_without_value(folder: Path) -> Path:
    """Row 2: a name written as a formula with no computed value (calamine reads it as blank)."""
    body = [
        header_row(),
        f'<row r="2">{text_cell("A2", "竹峪镇")}<c r="B2"><f>CONCAT("东","片")</f></c></row>',
        f'<row r="3">{text_cell("A3", "竹峪镇")}'
        '<c r="B3" t="str"><f>CONCAT("西","片")</f><v>西片</v></c></row>',
    ]
    return workbook(folder / "formula.xlsx", sheet_xml(body, dimension="A1:D3"))


def header_below_title(folder: Path) -> Path:
    body = [
        f'<row r="1">{text_cell("A1", "竹峪镇片区名单（2026年）")}</row>',
        '<row r="2"><c r="A2" t="inlineStr"><is><t></t></is></c></row>',
        header_row(3),
        f'<row r="4">{text_cell("A4", "竹峪镇")}{text_cell("B4", "东片")}</row>',
    ]
    return workbook(folder / "titled.xlsx", sheet_xml(body))


def no_header(folder: Path) -> Path:
    body = [f'<row r="{n}">{text_cell(f"A{n}", "张三")}{text_cell(f"B{n}", "女")}</row>' for n in range(1, 5)]
    return workbook(folder / "no-header.xlsx", sheet_xml(body))


# --- other kinds of file ---------------------------------------------------------------------------------


def _cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (the container of .xls and of password-protected workbooks): a
    header, one FAT sector, one directory sector, the streams' data in 512-byte sectors."""
    sector = 512
    data_sectors: list[bytes] = []
    starts = {}
    for name, content in streams.items():
        starts[name] = 2 + len(data_sectors)
        for i in range(0, max(len(content), 1), sector):
            data_sectors.append(content[i : i + sector].ljust(sector, b"\0"))
    fat = [0xFFFFFFFD, 0xFFFFFFFE]  # sector 0: the FAT itself; sector 1: the directory (one sector)
    for name, content in streams.items():
        n = max(1, -(-len(content) // sector))
        fat += [starts[name] + k + 1 for k in range(n - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (128 - len(fat))
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIII", header, 44, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE)
    struct.pack_into("<I", header, 68, 0)
    struct.pack_into("<I", header, 72, 0)
    header[76:512] = struct.pack("<I", 0) + b"\xff" * 432
    entries = []

    def entry(name: str, kind: int, start: int, size: int, child: int = 0xFFFFFFFF, right: int = 0xFFFFFFFF):
        raw = bytearray(128)
        encoded = (name + "\0").encode("utf-16-le")
        raw[0 : len(encoded)] = encoded
        struct.pack_into("<HBB", raw, 64, len(encoded), kind, 1)
        struct.pack_into("<III", raw, 68, 0xFFFFFFFF, right, child)
        struct.pack_into("<II", raw, 116, start, size)
        return bytes(raw)

    names = list(streams)
    entries.append(entry("Root Entry", 5, 0xFFFFFFFE, 0, child=1 if names else 0xFFFFFFFF))
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else 0xFFFFFFFF
        entries.append(entry(name, 2, starts[name], len(streams[name]), right=right))
    directory = b"".join(entries).ljust(sector, b"\0")
    return bytes(header) + struct.pack(f"<{128}I", *fat) + directory + b"".join(data_sectors)


def password_protected(folder: Path) -> Path:
    """What Excel writes for a workbook with an opening password: an OLE2 file holding EncryptionInfo
    and EncryptedPackage (the encrypted .xlsx), saved with the .xlsx name."""
    path = folder / "加密.xlsx"
    info = struct.pack("<HHI", 4, 4, 0x40) + b"<encryption/>"
    package = struct.pack("<Q", 4096) + zlib.compress(b"x" * 4096)
    path.write_bytes(_cfb({"EncryptionInfo": info, "EncryptedPackage": package}))
    return path


def legacy_xls(folder: Path) -> Path:
    path = folder / "旧格式.xls"
    path.write_bytes(_cfb({"Workbook": b"\x09\x08\x10\x00\x00\x06\x05\x00" + b"\0" * 600}))
    return path


def png_named_xlsx(folder: Path) -> Path:
    path = folder / "照片.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    return path


def docx_named_xlsx(folder: Path) -> Path:
    path = folder / "通知.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("word/document.xml", "<w:document/>")
    return path


def csv_file(folder: Path) -> Path:
    path = folder / "名单.csv"
    path.write_text("乡镇,片区名称\n竹峪镇,东片\n", encoding="utf-8")
    return path
