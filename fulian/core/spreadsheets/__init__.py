"""Excel in and out, shared by every ledger (people, activities, aid, screenings …).

An app declares an `ImportSpec` and/or `ExportSpec` in its `spreadsheet.py` and calls `register()`;
the generic views (template download, upload, preview, confirm, progress, "我的导入", export) then work
for it under `/spreadsheets/<spec name>/…`, scoped by the spec's capability.

    from fulian.core.spreadsheets import Column, ImportSpec, register, parse_date ...

The public names are imported lazily so that `apps.py` can load before the models are ready.
"""

from __future__ import annotations

from typing import Any

_EXPORTS = {
    "CellError": "spec",
    "Column": "spec",
    "ExportColumn": "spec",
    "ExportContext": "spec",
    "ExportSpec": "spec",
    "ImportContext": "spec",
    "ImportSpec": "spec",
    "Row": "spec",
    "get_export_spec": "spec",
    "get_import_spec": "spec",
    "register": "spec",
    "unregister": "spec",
    "parse_choice": "parsers",
    "choice_column": "parsers",
    "parse_date": "parsers",
    "parse_text": "parsers",
    "parse_int": "parsers",
    "UnitLookup": "parsers",
    "FileProblem": "reader",
    "template_workbook": "template",
    "export_workbook": "export",
    "neutralise": "export",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(name)
    from importlib import import_module

    return getattr(import_module(f"{__name__}.{module}"), name)


__all__ = sorted(_EXPORTS)
