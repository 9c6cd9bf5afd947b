"""Excel in and out for the registry (服务对象台账), on the shared mechanism in fulian.core.spreadsheets.

Import: each row is checked by `person_validate_row` (the same checks as the form and the API); the
ID numbers of a chunk are looked up in one IN query on their keyed hash; good rows are built with
`person_row` and written with `fastinsert.insert_rows` (a leaner `bulk_create`). Export: the rows come
from `person_list_visible_to`
(scoped, filtered like the list page); personal data are in full only on rows whose village lies in the
user's unmask scope (decided row by row, fulian.core.disclosure).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fulian.core import idcard
from fulian.core.masking import mask_mobile
from fulian.core.scoping import scope_for
from fulian.core.spreadsheets import fastinsert
from fulian.core.spreadsheets.parsers import UnitLookup, cell_text, choice_column
from fulian.core.spreadsheets.spec import (
    CellError,
    Column,
    ExportColumn,
    ExportSpec,
    ImportContext,
    ImportSpec,
    Row,
    register,
)
from fulian.orgs.models import Level, OrgUnit

from .models import ADULT_AGE, Category, Person, PersonCategory, Relation, age_on
from .person_columns import id_text
from .services import id_number_hash, person_row
from .validation import person_validate_row

SEPARATORS = ("、", ",", "，", ";", "；", " ")


def _split(text: str) -> list[str]:
    for sep in SEPARATORS[1:]:
        text = text.replace(sep, SEPARATORS[0])
    return [part for part in text.split(SEPARATORS[0]) if part]


def _village(value: Any, ctx: ImportContext) -> OrgUnit:
    return ctx.cache["villages"].parse(value, ctx)


def _categories(value: Any, ctx: ImportContext) -> list[Category]:
    by_name = ctx.cache["categories"]
    names = _split(cell_text(value))
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise CellError(f"没有人员类别「{'、'.join(unknown)}」（可选：{'、'.join(by_name)}）")
    return [by_name[n] for n in names]


EXAMPLE_ID = idcard.make_id_number("511781", date(1985, 3, 2), 2)
COLUMNS = [
    Column("name", "姓名", required=True, example="张丽", width=10),
    Column("gender", "性别", choices=lambda ctx: ["女", "男"], example="女", width=6,
           help="可不填：按身份证号推算；填写时须与身份证号一致"),
    Column("birth_date", "出生日期", example="1985-03-02", text=True, width=12,
           help="如 1985-03-02；可不填：按身份证号推算"),
    Column("id_number", "居民身份证号", parse=id_text, example=EXAMPLE_ID, text=True,
           width=22, help="18 位，末位可为 X；系统校验校验码，并与性别、出生日期核对"),
    Column("mobile", "手机号码", example="13800000000", text=True, width=14),
    Column("village", "所属村(社区)", required=True, parse=_village,
           choices=lambda ctx: ctx.cache["villages"].labels, example="", width=16,
           help="从下拉列表中选择您管辖范围内的村(社区)"),
    Column("group", "村民小组", example="", width=10, help="填写该村已有的村民小组名称，如「一组」"),
    Column("hukou_address", "户籍地", width=24),
    Column("residence_address", "居住地", width=24, help="流动人口填写现居住地"),
    Column("ethnicity", "民族", example="汉族", width=8),
    choice_column("education", "文化程度", Person.Education.choices, width=12),
    choice_column("employment", "就业状况", Person.Employment.choices, width=12),
    Column("categories", "人员类别", parse=_categories, width=18, strict_choices=False,
           choices=lambda ctx: list(ctx.cache["categories"]),
           help="可填多个，用顿号（、）分隔，如「单亲母亲、失业妇女」"),
    Column("guardian", "监护人身份证号", parse=id_text, text=True, width=22,
           help="未成年人必填：监护人须已登记，或在本表中位于该行之前"),
    Column("notes", "备注", width=24),
]  # fmt: skip
HEADER_OF = {c.key: c.header for c in COLUMNS}


class PersonImportSpec(ImportSpec):
    name = "people"
    title = "服务对象"
    capability = "people.change"
    columns = COLUMNS
    chunk_size = 2000
    notes = [
        "5. 同一身份证号在表内或系统中已存在的行不会导入；未成年人须填写监护人身份证号。",
        "6. 所属村(社区)只能选择您管辖范围内的村(社区)。",
    ]

    def prepare(self, ctx: ImportContext) -> None:
        ctx.cache["villages"] = UnitLookup(ctx, level=Level.VILLAGE)
        villages = ctx.cache["villages"].by_label.values()
        groups: dict[tuple[str, str], OrgUnit] = {}
        for g in OrgUnit.objects.filter(level=Level.GROUP, path__startswith=ctx.unit.path):
            groups[(g.path[: -g.steplen], g.name)] = g
        ctx.cache["groups"] = groups
        cats = Category.objects.filter(is_active=True)
        if not scope_for(ctx.user).has("people.unmask"):
            cats = cats.filter(is_sensitive=False)
        ctx.cache["categories"] = {c.name: c for c in cats}
        ctx.cache["file_ids"] = {}  # hash -> birth date of good rows so far (guardians earlier in the file)
        ctx.cache["village_count"] = len(villages)

    def check_row(self, row: Row, ctx: ImportContext) -> None:
        """The form's checks (`person_validate_row`) on every row, whatever its cells' own mistakes, so
        that all of a row's mistakes are reported at once; the ID numbers' hashes are kept even when
        another column is wrong, so that `check_chunk` also says when the person is already registered."""
        v = row.values
        village = v.get("village")
        group = None
        if v.get("group") and village is not None:
            group = ctx.cache["groups"].get((village.path, v["group"]))
            if group is None:
                row.error(
                    HEADER_OF["group"],
                    f"「{village.name}」没有村民小组「{v['group']}」，请核对或先在组织中添加",
                )
        check = person_validate_row(
            name=v.get("name") or "",
            gender=v.get("gender") or "",
            birth_date=v.get("birth_date"),
            id_number=v.get("id_number") or "",
            mobile=v.get("mobile") or "",
            village=village,
            group=group,
            today=ctx.today,
            hukou_address=v.get("hukou_address"),
            residence_address=v.get("residence_address"),
            ethnicity=v.get("ethnicity") or "汉族",
        )
        for field_name, message in check.errors.items():  # a column its cell already reported keeps that
            row.error(HEADER_OF.get(field_name, ""), message)
        cleaned = check.cleaned
        cleaned["notes"] = v.get("notes") or ""
        cleaned["education"] = v.get("education") or ""  # parsed by the column (labels looked up once)
        cleaned["employment"] = v.get("employment") or ""
        cleaned["id_hash"] = id_number_hash(cleaned["id_number"]) if cleaned["id_number"] else ""
        cleaned["guardian_hash"] = id_number_hash(v["guardian"]) if v.get("guardian") else ""
        cleaned["categories"] = v.get("categories") or []
        row.values["person"] = cleaned
        born = cleaned.get("birth_date")
        if (
            born
            and "birth_date" not in check.errors
            and age_on(born, ctx.today) < ADULT_AGE
            and not cleaned["guardian_hash"]
        ):
            row.error(HEADER_OF["guardian"], "未成年人必须填写监护人身份证号")

    # --- staging: the preview's checked rows, so confirm does not parse and check the sheet again ----
    can_stage = True
    STAGED = ("name", "gender", "id_number", "mobile", "hukou_address", "residence_address", "ethnicity",
              "education", "employment", "notes", "id_hash", "guardian_hash")  # fmt: skip

    def stage_row(self, row: Row) -> list:
        p = row.values["person"]
        return [
            row.number,
            [p[k] for k in self.STAGED],
            p["birth_date"].isoformat(),
            p["village"].pk,
            p["group"].pk if p["group"] is not None else None,
            [c.pk for c in p["categories"]],
        ]

    def unstage_row(self, data: list, ctx: ImportContext) -> Row:
        """Villages, groups and categories are looked up again in what `prepare` loaded for this user
        today: one that left her scope, was closed or deactivated since the preview makes the row bad."""
        number, values, born, village_pk, group_pk, category_pks = data
        by_pk = ctx.cache.get("by_pk")
        if by_pk is None:
            by_pk = ctx.cache["by_pk"] = {
                "village": {u.pk: u for u in ctx.cache["villages"].by_label.values()},
                "group": {g.pk: g for g in ctx.cache["groups"].values()},
                "category": {c.pk: c for c in ctx.cache["categories"].values()},
            }
        person = dict(zip(self.STAGED, values, strict=True))
        person["birth_date"] = date.fromisoformat(born)
        row = Row(number=number, raw={}, values={"person": person})
        person["village"] = by_pk["village"].get(village_pk)
        if person["village"] is None:
            row.error(HEADER_OF["village"], "该村(社区)已不在您的管理范围内（或已撤销），请重新上传")
            return row
        person["group"] = None
        if group_pk is not None:
            group = by_pk["group"].get(group_pk)
            person["group"] = group if group and group.path.startswith(person["village"].path) else None
            if person["group"] is None:
                row.error(HEADER_OF["group"], "该村民小组已不存在，请重新上传")
        person["categories"] = [by_pk["category"].get(pk) for pk in category_pks]
        if None in person["categories"]:
            row.error(HEADER_OF["categories"], "有人员类别已停用或您无权使用，请重新上传")
        return row

    def unique_keys(self, row: Row):
        person = row.values.get("person")
        if person and person["id_hash"]:
            yield HEADER_OF["id_number"], "身份证号", person["id_hash"]

    def check_chunk(self, rows: list[Row], ctx: ImportContext) -> None:
        """Two IN queries per chunk: ID numbers already registered, and guardians not in this file."""
        scope = scope_for(ctx.user)
        rows = [r for r in rows if "person" in r.values]
        hashes = {r.values["person"]["id_hash"] for r in rows if r.values["person"]["id_hash"]}
        held = {
            h: (name, path, village)
            for h, name, path, village in Person.objects.filter(id_number_hash__in=hashes).values_list(
                "id_number_hash", "name", "village_path", "village__name"
            )
        }
        file_ids: dict[str, int] = ctx.cache["file_ids"]
        wanted = {r.values["person"]["guardian_hash"] for r in rows} - set(file_ids) - {""}
        guardians = set(
            Person.objects.filter(
                scope.q("people.view", "village_path"), id_number_hash__in=wanted, merged_into__isnull=True
            ).values_list("id_number_hash", flat=True)
        )
        for row in rows:
            person = row.values["person"]
            found = held.get(person["id_hash"])
            if found is not None:
                name, path, village = found
                if scope.covers("people.view", path):
                    row.error(
                        HEADER_OF["id_number"],
                        f"该身份证号已登记：{name}（{village}），不能重复导入",
                    )
                else:
                    row.error(HEADER_OF["id_number"], "该身份证号无法登记，请联系乡镇妇联核实")
            g = person["guardian_hash"]
            if g and g not in guardians and g not in file_ids:
                row.error(HEADER_OF["guardian"], "找不到该监护人：须已登记，或在本表中位于该行之前")
            if person["id_hash"] and row.ok:  # a row that writes nothing is no guardian for a later row
                file_ids[person["id_hash"]] = row.number

    def recheck_row(self, row: Row, ctx: ImportContext) -> None:
        """Prepare the row's insert now, before `check_chunk` queries the database: the previous chunk
        is still being written meanwhile (`fastinsert.writes_in_background`)."""
        prepare = ctx.cache.get("prepare")
        if prepare is None:
            prepare = ctx.cache["prepare"] = fastinsert.Preparer(Person)
        row.values["insert"] = prepare(self._person_row(row.values["person"], ctx))

    @staticmethod
    def _person_row(p: dict, ctx: ImportContext) -> dict:
        return person_row(
            name=p["name"],
            gender=p["gender"],
            birth_date=p["birth_date"],
            id_number=p["id_number"],
            id_hash=p["id_hash"],
            mobile=p["mobile"],
            village=p["village"],
            group=p["group"],
            hukou_address=p["hukou_address"],
            residence_address=p["residence_address"],
            ethnicity=p["ethnicity"] or "汉族",
            education=p["education"],
            employment=p["employment"],
            notes=p["notes"],
            created_by=ctx.user,
        )

    def write_chunk(self, rows: list[Row], ctx: ImportContext) -> list[int]:
        """Insert the chunk's people as plain rows (no model object per row; prepared by `recheck_row`
        when the preview's rows were staged), then their categories and guardian links (guardians: one
        query)."""
        if all("insert" in r.values for r in rows):
            keys = fastinsert.insert_values(Person, [r.values["insert"] for r in rows])
        else:
            keys = fastinsert.insert_rows(Person, [self._person_row(r.values["person"], ctx) for r in rows])
        fastinsert.insert_rows(
            PersonCategory,
            [
                {"person_id": key, "category_id": cat.pk, "added_on": ctx.today}
                for key, row in zip(keys, rows, strict=True)
                for cat in row.values["person"]["categories"]
            ],
        )
        wanted = {r.values["person"]["guardian_hash"] for r in rows} - {""}
        if wanted:
            by_hash = dict(
                Person.objects.filter(id_number_hash__in=wanted).values_list("id_number_hash", "pk")
            )
            fastinsert.insert_rows(
                Relation,
                [
                    {"person_id": key, "relative_id": by_hash[g], "kind": Relation.Kind.GUARDIAN}
                    for key, row in zip(keys, rows, strict=True)
                    if (g := row.values["person"]["guardian_hash"]) and g in by_hash
                ],
            )
        return keys

    def preview_row(self, row: Row) -> list[str]:
        cells = super().preview_row(row)
        person = row.values["person"]
        for key, masked in (
            ("id_number", idcard.mask(person["id_number"])),
            ("mobile", mask_mobile(person["mobile"])),
            ("guardian", "已填写" if person["guardian_hash"] else ""),
            ("notes", "（已填写）" if person["notes"] else ""),
        ):
            cells[[c.key for c in self.columns].index(key)] = masked
        return cells


def _id(person: Person, ctx) -> str:
    return person.id_number if ctx.unmask else person.id_number_masked


def _mobile(person: Person, ctx) -> str:
    return person.mobile if ctx.unmask else person.mobile_masked


def _residence(person: Person, ctx) -> str:
    """A minor's address is personal data of its own (as on the person page)."""
    if person.is_minor and not ctx.unmask and person.residence_address:
        return "（未成年人信息已隐藏）"
    return person.residence_address


class PersonExportSpec(ExportSpec):
    name = "people"
    title = "服务对象"
    capability = "people.view"
    unmask_capability = "people.unmask"
    # ID number, mobile, a minor's address: in full only on rows of villages where she may unmask (the
    # row's own village, `row_path`); sensitive categories follow the same rule in the selector.
    columns = [
        ExportColumn("编号", lambda p, ctx: p.pk, 8),
        ExportColumn("姓名", lambda p, ctx: p.name, 10),
        ExportColumn("性别", lambda p, ctx: p.get_gender_display(), 6),
        ExportColumn("出生日期", lambda p, ctx: p.birth_date, 12),
        ExportColumn("居民身份证号", _id, 22),
        ExportColumn("手机号码", _mobile, 14),
        ExportColumn("所属村(社区)", lambda p, ctx: p.village.name, 14),
        ExportColumn("村民小组", lambda p, ctx: p.group.name if p.group else "", 10),
        ExportColumn("户籍地", lambda p, ctx: p.hukou_address, 24),
        ExportColumn("居住地", _residence, 24),
        ExportColumn("民族", lambda p, ctx: p.ethnicity, 8),
        ExportColumn("文化程度", lambda p, ctx: p.get_education_display(), 12),
        ExportColumn("就业状况", lambda p, ctx: p.get_employment_display(), 12),
        ExportColumn("人员类别", lambda p, ctx: "、".join(c.category.name for c in p.current_categories), 18),
    ]

    def rows(self, user, params):
        from .selectors import PersonFilters, person_list_visible_to

        qs = person_list_visible_to(user=user, filters=PersonFilters.from_mapping(params))
        return qs.iterator(chunk_size=2000)


register(PersonImportSpec())
register(PersonExportSpec())
