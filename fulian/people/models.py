"""The registry of people served (服务对象台账): persons, their categories and family links.

Personal data protection (docs/domain.md): the ID number, mobile and notes are encrypted at rest
(`EncryptedTextField`); the ID number is found by exact match through a keyed hash (`id_number_hash`)
and shown masked from `id_number_tail` (area prefix + last four) without decrypting.

`village_path` copies the village's tree path so that the scoping filter (a prefix match on an indexed
column of this table) needs no join on the 1,000,000-row list; services keep it in step with `village`.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from fulian.core import idcard, pinyin
from fulian.core.crypto import EncryptedTextField, lookup_hash
from fulian.core.fields import changed_at, recorded_at, table, unique, unit_link, user_link
from fulian.core.masking import mask_mobile

ADULT_AGE = 18
# The columns the registry list filters on besides the search: scope, merged, gender, age band.
LIST_FILTER_COLUMNS = ["village_path", "gender", "birth_date", "merged_into"]
ID_HASH_PURPOSE = "id_number"
MOBILE_HASH_PURPOSE = "mobile"


def id_number_hash(number: str) -> str:
    """The keyed hash under which an ID number is stored and searched."""
    number = idcard.normalize(number)
    return lookup_hash(number, purpose=ID_HASH_PURPOSE) if number else ""


def mobile_hash(mobile: str) -> str:
    """The keyed hash under which a mobile number is stored and searched (exact match only)."""
    mobile = (mobile or "").strip()
    return lookup_hash(mobile, purpose=MOBILE_HASH_PURPOSE) if mobile else ""


def derived_columns(
    name: str | None, id_number: str | None, *, id_hash: str | None = None, mobile: str | None = None
) -> dict:
    """The columns computed from the name, the ID number and the mobile (the one place that says how). A
    caller that has hashed the normalised number already passes the hash as `id_hash`."""
    name = (name or "").strip()
    number = idcard.normalize(id_number or "")
    name_pinyin, name_initials, name_strokes = _name_columns(name)
    return {
        "name": name,
        "name_pinyin": name_pinyin,
        "name_initials": name_initials,
        "name_strokes": name_strokes,
        "id_number": number,
        "id_number_hash": id_number_hash(number) if id_hash is None else id_hash,
        "id_number_tail": f"{number[:6]}{number[-4:]}" if number else "",
        "mobile_hash": mobile_hash(mobile or "") or None,
    }


@lru_cache(maxsize=65536)  # names repeat: an import meets most of them many times
def _name_columns(name: str) -> tuple[str, str, str]:
    return pinyin.full_pinyin(name)[:200], pinyin.initials(name)[:50], pinyin.stroke_key(name)


def age_on(birth_date: date | None, on: date | None = None) -> int | None:
    if birth_date is None:
        return None
    on = on or timezone.localdate()
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


class Person(models.Model):
    """One person served, shared by every later module (aid, pairing, screening, cases …)."""

    class Gender(models.TextChoices):
        FEMALE = "F", "女"
        MALE = "M", "男"

    class Education(models.TextChoices):
        PRIMARY = "primary", "小学及以下"
        JUNIOR = "junior", "初中"
        SENIOR = "senior", "高中/中专"
        COLLEGE = "college", "大专"
        BACHELOR = "bachelor", "本科"
        GRADUATE = "graduate", "研究生"

    class Employment(models.TextChoices):
        FARMING = "farming", "务农"
        MIGRANT_WORK = "migrant", "外出务工"
        EMPLOYED = "employed", "在职"
        SELF_EMPLOYED = "self", "个体经营/创业"
        STUDENT = "student", "在校学生"
        UNEMPLOYED = "unemployed", "失业/无业"
        RETIRED = "retired", "退休"
        OTHER = "other", "其他"

    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices, default=Gender.FEMALE)
    birth_date = models.DateField("出生日期")
    id_number = EncryptedTextField("居民身份证号", blank=True, default="")
    id_number_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    id_number_tail = models.CharField(max_length=10, blank=True, default="", editable=False)
    mobile = EncryptedTextField("手机号码", blank=True, default="")
    # NULL without a mobile: the partial index below then serves `mobile_hash = …` on SQLite too (which
    # proves `IS NOT NULL` from an equality, not `<> ''`), and the previous release's processes can go on
    # inserting rows without the column while an upgrade runs (docs/deploy.md).
    mobile_hash = models.CharField(max_length=64, null=True, blank=True, default=None, editable=False)
    hukou_address = models.CharField("户籍地", max_length=200, blank=True, default="")
    residence_address = models.CharField("居住地", max_length=200, blank=True, default="")
    village = unit_link("所属村(社区)", related_name="people", limit_choices_to={"level": 5})
    group = unit_link(
        "村民小组",
        related_name="group_people",
        null=True,
        blank=True,
        limit_choices_to={"level": 6},
        db_index=False,
    )
    village_path = models.CharField(max_length=255, editable=False)
    ethnicity = models.CharField("民族", max_length=20, blank=True, default="汉族")
    education = models.CharField("文化程度", max_length=20, choices=Education.choices, blank=True, default="")
    employment = models.CharField(
        "就业状况", max_length=20, choices=Employment.choices, blank=True, default=""
    )
    notes = EncryptedTextField("备注", blank=True, default="")
    # Lower-case ASCII letters and digits only (see fulian.core.pinyin): a prefix search is an index range.
    name_pinyin = models.CharField(max_length=200, editable=False, default="")
    name_initials = models.CharField(max_length=50, editable=False, default="")
    name_strokes = models.CharField(max_length=100, editable=False, default="")
    merged_into = models.ForeignKey(
        "self",
        verbose_name="已合并到",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
        editable=False,
        db_index=False,  # the partial index person_merged_into (Meta) instead
    )
    created_by = user_link("登记人", blank=True, editable=False)
    created_at = recorded_at()
    updated_at = changed_at()

    scope_path_field = "village_path"

    class Meta:
        verbose_name = "服务对象"
        verbose_name_plural = "服务对象"
        ordering = ["name_pinyin", "id"]
        constraints = [
            unique(
                "id_number_hash",
                name="person_unique_id_number",
                message="该身份证号已登记",
                condition=~Q(id_number_hash=""),
            ),
        ]
        # Every index costs each imported row, so each one here serves a read that needs it (see
        # docs/performance.md). The two "walk" indexes hold every column the list filters on, so the list
        # finds its page from the index alone and reads only the 50 rows it shows.
        indexes = [
            models.Index(fields=["name_pinyin", "id", *LIST_FILTER_COLUMNS], name="person_pinyin_walk"),
            models.Index(
                fields=["name_initials", "name_pinyin", "id", *LIST_FILTER_COLUMNS],
                name="person_initials_walk",
            ),
            models.Index(fields=["name_strokes", "name_pinyin", "id"], name="person_strokes"),
            # Same name and birth date (the duplicate warning), and a search in Chinese (王): a range of
            # this index (name LIKE '王%' with the pattern operator class on PostgreSQL, name >= '王' AND
            # name < '王' || U+10FFFF on SQLite, fulian/people/lookups.py). It holds every column the list
            # filters and sorts on, so the search reads the index alone, never the table, before the page.
            models.Index(
                fields=["name", "birth_date", "name_pinyin", "id", "village_path", "gender", "merged_into"],
                name="person_name_walk",
                opclasses=[
                    "varchar_pattern_ops",
                    "date_ops",
                    "varchar_ops",
                    "int8_ops",
                    "varchar_ops",
                    "varchar_ops",
                    "int8_ops",
                ],
            ),
            # The scoping policy selects a subtree with village_path LIKE 'P%': PostgreSQL needs the pattern
            # operator class for it (SQLite's LIKE uses no index; there it is a plain index).
            models.Index(
                fields=["village_path"], name="person_village_path", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["id_number_hash"], name="person_id_hash"),
            models.Index(
                fields=["mobile_hash"], condition=Q(mobile_hash__isnull=False), name="person_mobile_hash"
            ),
            # A record merged into another, a person in a village group: most rows have neither, and a
            # partial index costs such a row nothing. (A lookup by either key implies IS NOT NULL.)
            models.Index(fields=["group"], condition=Q(group__isnull=False), name="person_group"),
            models.Index(
                fields=["merged_into"], condition=Q(merged_into__isnull=False), name="person_merged_into"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Derived columns are kept in step on every save so no caller (another app's test, the admin)
        # can leave a person outside every scope; bulk inserts go through services.person_build instead.
        self.refresh_derived()
        super().save(*args, **kwargs)

    def refresh_derived(self) -> None:
        """Recompute the derived columns (pinyin, strokes, ID hash and tail, village path)."""
        columns = derived_columns(self.name, self.id_number, mobile=self.mobile)
        if self.merged_into_id is not None:  # a merged record gives its number up to the record it joined
            del columns["id_number_hash"]
        for attname, value in columns.items():
            setattr(self, attname, value)
        if self.village_id:
            self.village_path = self.village.path

    @property
    def age(self) -> int | None:
        return age_on(self.birth_date)

    @property
    def is_minor(self) -> bool:
        age = self.age
        return age is not None and age < ADULT_AGE

    @property
    def id_number_masked(self) -> str:
        tail = self.id_number_tail
        if not tail:
            return ""
        return f"{tail[:4]}{'*' * 10}{tail[-4:]}"

    @property
    def mobile_masked(self) -> str:
        return mask_mobile(self.mobile)

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None

    def clean(self) -> None:
        errors = {}
        if self.birth_date and self.birth_date > timezone.localdate():
            errors["birth_date"] = "出生日期不能晚于今天"
        if self.village_id and self.village.level != 5:
            errors["village"] = "所属村(社区)必须是村或社区"
        if self.group_id and self.village_id:
            group = self.group
            if group.level != 6 or not group.path.startswith(self.village.path):
                errors["group"] = "村民小组必须属于所选的村(社区)"
        if errors:
            raise ValidationError(errors)


class Category(models.Model):
    """A managed category a person can carry (贫困母亲, 留守儿童 …)."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=50, unique=True)
    is_sensitive = models.BooleanField("敏感类别", default=False)
    is_active = models.BooleanField("启用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=100)

    Meta = table("人员类别", ordering=["order", "id"])

    def __str__(self) -> str:
        return self.name


class PersonCategory(models.Model):
    """A person carrying a category from `added_on` until `removed_on` (history kept)."""

    person = models.ForeignKey(
        Person, verbose_name="服务对象", on_delete=models.CASCADE, related_name="category_links"
    )
    category = models.ForeignKey(
        Category, verbose_name="类别", on_delete=models.PROTECT, related_name="person_links"
    )
    added_on = models.DateField("纳入日期", default=timezone.localdate)
    removed_on = models.DateField("移出日期", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True, default="")

    scope_path_field = "person__village_path"

    Meta = table(
        "人员类别记录",
        ordering=["category__order", "added_on"],
        constraints=[
            unique(
                "person",
                "category",
                name="personcategory_one_current",
                message="该服务对象已有此类别",
                condition=Q(removed_on__isnull=True),
            ),
        ],
    )

    def __str__(self) -> str:
        return f"{self.person} · {self.category}"

    @property
    def is_current(self) -> bool:
        return self.removed_on is None

    def clean(self) -> None:
        if self.removed_on and self.added_on and self.removed_on < self.added_on:
            raise ValidationError({"removed_on": "移出日期不能早于纳入日期"})


class Relation(models.Model):
    """A family link: `relative` is the person's <kind> (her spouse, her child, her guardian …)."""

    class Kind(models.TextChoices):
        SPOUSE = "spouse", "配偶"
        CHILD = "child", "子女"
        PARENT = "parent", "父母"
        GUARDIAN = "guardian", "监护人"
        OTHER = "other", "其他"

    person = models.ForeignKey(
        Person, verbose_name="服务对象", on_delete=models.CASCADE, related_name="relations"
    )
    relative = models.ForeignKey(
        Person, verbose_name="亲属", on_delete=models.CASCADE, related_name="relations_as_relative"
    )
    kind = models.CharField("关系", max_length=20, choices=Kind.choices)
    note = models.CharField("说明", max_length=200, blank=True, default="")
    created_at = recorded_at()

    scope_path_field = "person__village_path"

    Meta = table(
        "家庭关系",
        constraints=[
            unique("person", "relative", "kind", name="relation_unique"),
            models.CheckConstraint(
                condition=~Q(person=models.F("relative")),
                name="relation_not_self",
                violation_error_message="不能与本人建立关系",
            ),
        ],
    )

    def __str__(self) -> str:
        return f"{self.person} 的{self.get_kind_display()}：{self.relative}"
