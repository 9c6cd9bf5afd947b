"""The blank template a user downloads: Chinese headers (required ones marked *), dropdowns for columns
with choices (kept on a hidden sheet, so lists of any length work), one example row, and a notes sheet."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .spec import ImportContext, ImportSpec

DATA_SHEET = "数据"
NOTES_SHEET = "填写说明"
CHOICES_SHEET = "选项"
DROPDOWN_ROWS = 100_000  # rows that carry the dropdowns (a range string: costs nothing per row)


def template_workbook(spec: ImportSpec, ctx: ImportContext) -> Workbook:
    """A workbook for `spec`, with the dropdown choices the user may pick in her scope (ctx.unit)."""
    spec.prepare(ctx)
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    ws.freeze_panes = "A2"
    options = wb.create_sheet(CHOICES_SHEET)
    options.sheet_state = "hidden"
    head_fill = PatternFill("solid", fgColor="F2DCDB")
    example_font = Font(italic=True, color="808080")
    options_col = 0
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        cell = ws.cell(row=1, column=index, value=column.header + ("*" if column.required else ""))
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = head_fill
        ws.column_dimensions[letter].width = column.width
        example = ws.cell(row=2, column=index, value=column.example)
        example.font = example_font
        if column.text:
            ws.column_dimensions[letter].number_format = "@"
            example.number_format = "@"
        if column.choices is not None:
            choices = list(column.choices(ctx))
            options_col += 1
            opt_letter = get_column_letter(options_col)
            options.cell(row=1, column=options_col, value=column.header)
            for r, choice in enumerate(choices, start=2):
                options.cell(row=r, column=options_col, value=choice)
            last = max(len(choices) + 1, 2)
            dv = DataValidation(
                type="list",
                formula1=f"'{CHOICES_SHEET}'!${opt_letter}$2:${opt_letter}${last}",
                allow_blank=not column.required,
                showErrorMessage=True,
                errorStyle="stop" if column.strict_choices else "warning",
                errorTitle="请从下拉列表中选择",
                error=f"「{column.header}」只能从下拉列表中选择",
            )
            dv.add(f"{letter}2:{letter}{DROPDOWN_ROWS + 1}")
            ws.add_data_validation(dv)
    _notes(wb.create_sheet(NOTES_SHEET, 1), spec)
    return wb


def _notes(ws, spec: ImportSpec) -> None:
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 10
    ws.column_dimensions["C"].width = 70
    ws.append([f"{spec.title}导入模板 · 填写说明"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    for line in [
        f"1. 在「{DATA_SHEET}」工作表中从第 2 行起填写，每行一条记录；不要修改第 1 行的表头。",
        "2. 第 2 行是灰色的示例，导入时会自动跳过；可以直接覆盖它。",
        "3. 表头带 * 的列必须填写；有下拉箭头的列请从列表中选择。",
        "4. 日期写成 1985-03-02；身份证号等长数字请按文本填写，以免 Excel 改成科学计数法。",
        *spec.notes,
    ]:
        ws.append([line])
    ws.append([])
    ws.append(["列名", "是否必填", "说明"])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for column in spec.columns:
        ws.append([column.header, "必填" if column.required else "选填", column.help])
