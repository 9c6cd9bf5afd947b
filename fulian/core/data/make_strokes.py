"""Regenerate strokes.txt from the Unicode Han Database (Unihan), field kTotalStrokes.

Source: Unihan_IRGSources.txt of Unicode 15.0.0 (as shipped by Debian's `unicode-data` package under
/usr/share/unicode/). kTotalStrokes gives the total stroke count; where it lists two values, the first
is the count for the simplified (zh-Hans) form, the one used here.

Output: one line per covered block, "<first code point hex> <last hex> <counts>", each count encoded as
chr(33 + n) (0 = unknown). Run: python fulian/core/data/make_strokes.py /path/to/Unihan_IRGSources.txt.bz2
"""

import bz2
import sys
from pathlib import Path

BLOCKS = [(0x4E00, 0x9FFF), (0x3400, 0x4DBF)]


def main(source: str) -> None:
    counts: dict[int, int] = {}
    opener = bz2.open if source.endswith(".bz2") else open
    with opener(source, "rt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3 and parts[1] == "kTotalStrokes":
                counts[int(parts[0][2:], 16)] = int(parts[2].split()[0])
    out = []
    for first, last in BLOCKS:
        encoded = "".join(chr(33 + counts.get(cp, 0)) for cp in range(first, last + 1))
        out.append(f"{first:X} {last:X} {encoded}")
    Path(__file__).with_name("strokes.txt").write_text("\n".join(out) + "\n", encoding="ascii")


if __name__ == "__main__":
    main(sys.argv[1])
