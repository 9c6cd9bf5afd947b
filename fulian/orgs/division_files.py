"""Where the division files are and how to open one; no Django here, so benchmarks can read the files alone.

The national set (统计用区划代码) ships with the project, xz-compressed, in `fulian/orgs/data/divisions/`
(its README names the source and licence). Another directory may hold each file plain (`villages.csv`) or
compressed (`villages.csv.xz`).
"""

from __future__ import annotations

import lzma
from pathlib import Path
from typing import TextIO

BUNDLED = Path(__file__).resolve().parent / "data" / "divisions"
NAMES = ("provinces.csv", "cities.csv", "areas.csv", "streets.csv", "villages.csv")  # top level first


def division_file(directory: Path, name: str) -> Path | None:
    """`name` in the directory, or else `name.xz`; None when neither is there."""
    for path in (directory / name, directory / f"{name}.xz"):
        if path.is_file():
            return path
    return None


def open_division_file(path: Path) -> TextIO:
    """The file as text for the csv module, decompressed as it is read when it ends in .xz."""
    if path.suffix == ".xz":
        return lzma.open(path, "rt", newline="", encoding="utf-8-sig")
    return path.open(newline="", encoding="utf-8-sig")
