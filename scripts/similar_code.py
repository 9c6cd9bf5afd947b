"""List the pairs of similar blocks of code between production modules, and count them.

    python scripts/similar_code.py [--tokens N] [--list] [PATH ...]      (default: fulian/, 40 tokens)

Each module under the paths (tests and migrations left out) is read as Python tokens, with comments,
docstrings, import statements and line breaks dropped, every string literal read as one placeholder and
every number as another (so two blocks differing only in their messages or limits count as alike), names
kept. A pair is a longest run of at least N tokens alike in two different modules, of which at least a
fifth are names (tables of literals — labels, choices, figure metadata — are data, not code); a block
present in k modules makes k·(k-1)/2 pairs. The last line is the count; `--list` prints each pair with
its line ranges first. The count is recorded in docs/architecture.md ("Shared helpers"); keep it going down.
"""

from __future__ import annotations

import argparse
import io
import keyword
import sys
import tokenize
from collections import defaultdict
from pathlib import Path

FSTRING_START = getattr(tokenize, "FSTRING_START", -1)  # Python 3.12+ splits f-strings into tokens
FSTRING_REST = {getattr(tokenize, "FSTRING_MIDDLE", -2), getattr(tokenize, "FSTRING_END", -3)}
MIN_NAME_SHARE = 5  # a block counts when at least a fifth of its tokens are names
SKIP = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING}


def tokens_of(path: Path) -> list[tuple[str, int, bool]]:
    """(normalised token, line, is a name) of a module; docstrings (a string standing alone as a
    statement) and import statements dropped."""
    out: list[tuple[str, int, bool]] = []
    at_start, skipping = True, False
    for tok in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
        kind = tok.type
        if kind in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
            at_start, skipping = True, False
            continue
        if kind in SKIP:
            continue
        if at_start:
            at_start = False
            skipping = kind == tokenize.STRING or tok.string in ("import", "from")
        if skipping:
            continue
        text = tok.string
        if kind in (tokenize.STRING, FSTRING_START):
            text = "S"
        elif kind == tokenize.NUMBER:
            text = "0"
        elif kind in FSTRING_REST:
            continue
        out.append((text, tok.start[0], kind == tokenize.NAME and not keyword.iskeyword(text)))
    return out


def modules(paths: list[str]) -> list[Path]:
    found = []
    for root in paths:
        for path in sorted(Path(root).rglob("*.py")) if Path(root).is_dir() else [Path(root)]:
            if {"tests", "migrations"} & set(path.parts):
                continue
            found.append(path)
    return found


def similar_pairs(paths: list[str], size: int) -> list[tuple[str, int, int, str, int, int]]:
    files = {str(p): tokens_of(p) for p in modules(paths)}
    where: dict[tuple[str, ...], list[tuple[str, int]]] = defaultdict(list)
    for name, toks in files.items():
        words = [t for t, _, _ in toks]
        names = [0]
        for _, _, is_name in toks:
            names.append(names[-1] + is_name)
        for i in range(len(words) - size + 1):
            if names[i + size] - names[i] < size // MIN_NAME_SHARE:
                continue  # a table of literals (labels, choices): data, not code
            where[tuple(words[i : i + size])].append((name, i))
    matched: set[tuple[str, int, str, int]] = set()
    for places in where.values():
        for x in range(len(places)):
            for y in range(x + 1, len(places)):
                (a, i), (b, j) = places[x], places[y]
                if a != b:
                    matched.add((a, i, b, j) if a < b else (b, j, a, i))
    pairs = []
    for a, i, b, j in sorted(matched):
        if (a, i - 1, b, j - 1) in matched:
            continue  # inside a longer run already counted from its start
        n = 0
        while (a, i + n, b, j + n) in matched:
            n += 1
        ta, tb = files[a], files[b]
        last = n - 1 + size - 1
        pairs.append((a, ta[i][1], ta[i + last][1], b, tb[j][1], tb[j + last][1]))
    return pairs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=["fulian"])
    parser.add_argument("--tokens", type=int, default=40)
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    pairs = similar_pairs(args.paths, args.tokens)
    if args.list:
        for a, a0, a1, b, b0, b1 in pairs:
            sys.stdout.write(f"{a}:{a0}-{a1}  ~  {b}:{b0}-{b1}\n")
    sys.stdout.write(f"pairs of similar blocks: {len(pairs)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
