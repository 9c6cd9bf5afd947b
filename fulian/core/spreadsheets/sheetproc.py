"""The process that reads an uploaded workbook (started by reader.SheetReader, one per import step).

    python -m fulian.core.spreadsheets.sheetproc PATH LIMITS_JSON

It first limits itself (address space: Limits.memory_mb; CPU time: Limits.cpu_seconds), then inspects the
file (fileguard: the container and every part; sheetscan: the first sheet's cells — before the spreadsheet
library sees it, or, for a sheet larger than Limits.scan_first_bytes, in a thread while the library
parses it, ending the process at the first problem), then lets python-calamine parse the first sheet
and sends its rows to its parent on stdout, pickled, in chunks:

    ("problem", message)             the file is refused (nothing else follows)
    ("sheet", info)                  {"first_row", "first_column", "height", "width", "formulas"}
    ("rows", first_row_number, [cells, …])
    ("end",)

Whatever the file makes the library do, the worst outcome is this process ending (out of memory: the
allocator aborts; out of CPU time: SIGXCPU), which the parent reports as the file passing a limit: the
web server and the task worker never hold a parsed sheet. It imports no Django.
"""

from __future__ import annotations

import json
import os
import pickle
import resource
import sys
import threading
import traceback

from .fileguard import CORRUPT, ENCRYPTED, FileProblem, Limits, memory_problem, open_workbook
from .sheetscan import SheetFacts, scan_sheet

ROWS_PER_MESSAGE = 1000


def limit_self(limits: Limits) -> None:
    """Lower this process's limits to the configured ones (never above a limit it was started with)."""
    for which, soft, hard in (
        (resource.RLIMIT_AS, limits.memory_mb * 1024 * 1024, limits.memory_mb * 1024 * 1024),
        (resource.RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + 5),
    ):
        _, current = resource.getrlimit(which)
        if current != resource.RLIM_INFINITY:
            soft, hard = min(soft, current), min(hard, current)
        resource.setrlimit(which, (soft, hard))


class ConcurrentScan(threading.Thread):
    """The scan of a large first sheet, run while the library parses it (the library releases the GIL).
    On a problem it sends the refusal and ends the whole process at once: the library's half-parsed
    sheet dies with it. (Should the library reach a giant allocation first, the memory ceiling ends the
    process instead, which the parent reports as such.)"""

    def __init__(self, path: str, limits: Limits, send) -> None:
        super().__init__(name="sheet-scan", daemon=True)
        self.path, self.limits, self.send = path, limits, send
        self.facts: SheetFacts | None = None

    def run(self) -> None:
        try:
            with open(self.path, "rb") as fh:
                self.facts = scan_sheet(open_workbook(fh, self.limits), self.limits)
        except FileProblem as exc:
            self.send(("problem", str(exc)))
            os._exit(0)
        except MemoryError:
            self.send(("problem", str(memory_problem(self.limits))))
            os._exit(0)
        except BaseException:  # a bug in the scan must not let an unchecked sheet through
            traceback.print_exc()
            self.send(("problem", CORRUPT))
            os._exit(0)


def read(path: str, limits: Limits, send) -> None:
    with open(path, "rb") as fh:
        book = open_workbook(fh, limits)  # the container and every part but the first sheet
        scan = None
        if book.sheet.file_size <= limits.scan_first_bytes:
            facts = scan_sheet(book, limits)  # small: refused before the library sees it
        else:
            scan = ConcurrentScan(path, limits, send)
            scan.start()
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(path)
        sheet = workbook.get_sheet_by_index(0)
    except python_calamine.PasswordError as exc:
        raise FileProblem(ENCRYPTED) from exc
    except MemoryError:
        raise
    except Exception as exc:  # calamine raises several error types for broken or foreign files
        if scan is not None:
            scan.join()  # a refusal of the scan says more than "broken"
        raise FileProblem(CORRUPT) from exc
    if scan is not None:
        scan.join()
        assert scan.facts is not None  # a scan that fails ends the process (os._exit) instead
        facts = scan.facts
    start = sheet.start or (0, 0)
    height, width = sheet.height, sheet.width
    # The scan counted from A1 and saw every cell the library keeps; the grid cannot be larger.
    if height - 1 > limits.max_rows or width > limits.max_columns or height * width > limits.max_cells:
        raise memory_problem(limits)
    first_row, first_column = start[0] + 1, start[1] + 1
    formulas = [(row, column - first_column) for row, column in facts.formulas if column >= first_column]
    send(("sheet", {"first_row": first_row, "first_column": first_column, "height": height,
                    "width": width, "formulas": formulas}))  # fmt: skip
    chunk: list = []
    number = first_row
    for cells in sheet.iter_rows() if height else ():
        chunk.append(cells)
        if len(chunk) >= ROWS_PER_MESSAGE:
            send(("rows", number, chunk))
            number += len(chunk)
            chunk = []
    if chunk:
        send(("rows", number, chunk))
    workbook.close()
    send(("end",))


def main(argv: list[str]) -> int:
    path, limits = argv[1], Limits(**json.loads(argv[2]))
    limit_self(limits)
    out = sys.stdout.buffer

    lock = threading.Lock()

    def send(message) -> None:
        with lock:  # the scan thread may refuse the file while the main thread is busy
            pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()

    try:
        read(path, limits, send)
    except FileProblem as exc:
        send(("problem", str(exc)))
    except MemoryError:
        send(("problem", str(memory_problem(limits))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
