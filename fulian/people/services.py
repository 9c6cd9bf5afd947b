"""Every write to the registry: create, update, merge, categories, family links.

All services take keyword-only arguments, run in one transaction and check the acting user's scope
(`people.change` over the village the person belongs to). Validation messages are Chinese and keyed by
field, so forms, the API and the importer show them beside the right input or column.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from fulian.core.scoping import can, scope_for, visible
from fulian.orgs.models import Level, OrgUnit

from .models import Category, Person, PersonCategory, Relation, derived_columns, id_number_hash
from .validation import person_validate_row

if TYPE_CHECKING:
    from fulian.accounts.models import User

EDITABLE_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "id_number",
    "mobile",
    "village",
    "group",
    "hukou_address",
    "residence_address",
    "ethnicity",
    "education",
    "employment",
    "notes",
)


def person_fill_derived(person: Person) -> Person:
    """Recompute the derived columns (pinyin, strokes, ID hash and tail, village path) from the fields."""
    person.refresh_derived()
    return person


def person_build(**fields) -> Person:
    """An unsaved Person with every derived column filled: for `bulk_create` by the importer.

    Takes the model's field names (village and group as OrgUnit instances). Does not validate: call
    `person_validate_row` first and pass its cleaned values.
    """
    plan = _build_plan()
    values = [default() if callable(default) else default for default in plan.defaults]
    related = []
    for name, value in fields.items():
        if name not in plan.slots:
            raise TypeError(f"Person has no field {name!r}")
        index, fk = plan.slots[name]
        if fk is not None and value is not None:  # a foreign key given as an instance
            related.append((fk, value))
            value = value.pk
        values[index] = value
    # Positional construction skips Model.__init__'s keyword handling: a third of the time, per row.
    person = Person(*values)  # type: ignore[misc]  # positional: one value per concrete field
    for fk, instance in related:
        fk.set_cached_value(person, instance)
    return person_fill_derived(person)


def person_row(
    *, village: OrgUnit, group: OrgUnit | None = None, created_by=None, id_hash: str | None = None, **fields
) -> dict:
    """A new person's columns as {attname: value}, derived columns filled: what `person_build` gives,
    without the model object, for `fastinsert.insert_rows`. Does not validate either. `id_hash`: the
    ID number's `id_number_hash`, when the caller has computed it already."""
    row = {
        **fields,
        **derived_columns(
            fields.get("name"), fields.get("id_number"), id_hash=id_hash, mobile=fields.get("mobile")
        ),
    }
    row["village_id"] = village.pk
    row["village_path"] = village.path
    row["group_id"] = group.pk if group is not None else None
    row["created_by_id"] = created_by.pk if created_by is not None else None
    return row


@functools.cache
def _build_plan():
    """Per concrete field of Person: its position, its default, and the field if it is a foreign key."""

    @dataclass(frozen=True)
    class Plan:
        defaults: list
        slots: dict

    defaults: list = []
    slots: dict[str, tuple[int, Any]] = {}
    for i, f in enumerate(Person._meta.concrete_fields):
        defaults.append(f.default if f.has_default() else None)
        slots[f.attname] = (i, None)
        if f.is_relation:
            slots[f.name] = (i, f)
    return Plan(defaults, slots)


# --- duplicates ------------------------------------------------------------------------------------


@dataclass
class DuplicateCheck:
    """What the database already holds that looks like this person."""

    id_conflict: bool = False
    id_conflict_person: Person | None = None  # set only when the user may see the record
    similar_visible: list[Person] = field(default_factory=list)
    similar_count: int = 0  # same name and birth date in the same town, including records she cannot see

    @property
    def id_message(self) -> str:
        if not self.id_conflict:
            return ""
        if self.id_conflict_person is not None:
            p = self.id_conflict_person
            return f"该身份证号已登记：{p.name}（{p.village.name}），请勿重复登记"
        return "该身份证号无法登记，请联系乡镇妇联核实"

    @property
    def similar_message(self) -> str:
        if not self.similar_count:
            return ""
        return f"本乡镇已有 {self.similar_count} 条姓名和出生日期相同的记录，请确认不是同一人后再保存"


def town_of(village: OrgUnit) -> OrgUnit | None:
    if village.level == Level.TOWN:
        return village
    step = OrgUnit.steplen
    prefixes = [village.path[:i] for i in range(step, len(village.path), step)]
    return OrgUnit.objects.filter(level=Level.TOWN, path__in=prefixes).first()


def person_find_duplicates(
    *,
    user: User,
    id_number: str,
    name: str,
    birth_date: date | None,
    village: OrgUnit | None,
    exclude_pk=None,
) -> DuplicateCheck:
    """Same ID number anywhere (a hard conflict) and same name + birth date in the same town (a warning).
    Records outside the user's scope are counted but never returned."""
    check = DuplicateCheck()
    others = Person.objects.filter(merged_into__isnull=True).exclude(pk=exclude_pk)
    digest = id_number_hash(id_number)
    if digest:
        holder = Person.objects.filter(id_number_hash=digest).exclude(pk=exclude_pk).first()
        if holder is not None:
            check.id_conflict = True
            if can(user, "people.view", holder):
                check.id_conflict_person = holder
    if name and birth_date and village is not None:
        town = town_of(village)
        prefix = town.path if town else village.path
        same = others.filter(name=name, birth_date=birth_date, village_path__startswith=prefix)
        check.similar_count = same.count()
        if check.similar_count:
            check.similar_visible = list(visible(user, same, "people.view").select_related("village")[:10])
    return check


class DuplicatePersonError(ValidationError):
    """Refused: the ID number is already registered (the check says whether the user may see where)."""

    def __init__(self, check: DuplicateCheck):
        super().__init__({"id_number": check.id_message})
        self.check = check


class SimilarPersonWarning(ValidationError):
    """Same name and birth date in the same town: saved only when the user confirms."""

    def __init__(self, check: DuplicateCheck):
        super().__init__({"__all__": check.similar_message})
        self.check = check


# --- create / update -------------------------------------------------------------------------------


def _checked(user: User, data: dict, *, exclude_pk=None, confirm_similar: bool) -> dict:
    row = person_validate_row(**{k: v for k, v in data.items() if k != "notes"})
    village = row.cleaned.get("village")
    if village is not None and not scope_for(user).covers("people.change", village.path):
        row.errors["village"] = "所选村(社区)不在您的管辖范围内"
    if row.errors:
        raise ValidationError(row.errors)
    cleaned = row.cleaned
    cleaned["notes"] = (data.get("notes") or "").strip()
    dup = person_find_duplicates(
        user=user,
        id_number=cleaned["id_number"],
        name=cleaned["name"],
        birth_date=cleaned["birth_date"],
        village=cleaned["village"],
        exclude_pk=exclude_pk,
    )
    if dup.id_conflict:
        raise DuplicatePersonError(dup)
    if dup.similar_count and not confirm_similar:
        raise SimilarPersonWarning(dup)
    return cleaned


def _save(person: Person) -> Person:
    person_fill_derived(person)
    person.full_clean(exclude=["id_number_hash", "village_path"])
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:  # a concurrent insert of the same ID number
        raise ValidationError({"id_number": "该身份证号已登记，请勿重复登记"}) from exc
    return person


@transaction.atomic
def person_create(
    *,
    user: User,
    data: dict,
    categories: Iterable[Category] = (),
    guardian: Person | None = None,
    confirm_similar: bool = False,
) -> Person:
    """Register a person. A minor needs a guardian (an existing record the user can see)."""
    cleaned = _checked(user, data, confirm_similar=confirm_similar)
    person = Person(**{k: cleaned.get(k, "") for k in EDITABLE_FIELDS}, created_by=_user_or_none(user))
    if person.is_minor and guardian is None:
        raise ValidationError({"guardian": "未成年人必须登记监护人"})
    _check_guardian(user, guardian)
    _save(person)
    person_set_categories(user=user, person=person, categories=categories)
    if guardian is not None:
        relation_add(user=user, person=person, relative=guardian, kind=Relation.Kind.GUARDIAN)
    return person


@transaction.atomic
def person_update(*, user: User, person: Person, data: dict, confirm_similar: bool = False) -> Person:
    """Change a person's fields (the user must be able to change her both before and after)."""
    if not can(user, "people.change", person):
        raise ValidationError("您无权修改该服务对象")
    merged = {k: getattr(person, k) for k in EDITABLE_FIELDS}
    merged.update(data)
    similar_before = person_find_duplicates(
        user=user,
        id_number="",
        name=person.name,
        birth_date=person.birth_date,
        village=person.village,
        exclude_pk=person.pk,
    ).similar_count
    cleaned = _checked(user, merged, exclude_pk=person.pk, confirm_similar=True)
    if not confirm_similar and (cleaned["name"], cleaned["birth_date"]) != (person.name, person.birth_date):
        dup = person_find_duplicates(
            user=user,
            id_number="",
            name=cleaned["name"],
            birth_date=cleaned["birth_date"],
            village=cleaned["village"],
            exclude_pk=person.pk,
        )
        if dup.similar_count > similar_before:
            raise SimilarPersonWarning(dup)
    for k in EDITABLE_FIELDS:
        setattr(person, k, cleaned.get(k, ""))
    return _save(person)


def _user_or_none(user: User):
    return user if getattr(user, "is_authenticated", False) else None


def _check_guardian(user: User, guardian: Person | None) -> None:
    if guardian is None:
        return
    if not can(user, "people.view", guardian):
        raise ValidationError({"guardian": "未找到该监护人"})
    if guardian.is_minor:
        raise ValidationError({"guardian": "监护人应为成年人"})


# --- categories and relations ----------------------------------------------------------------------


@transaction.atomic
def person_set_categories(
    *, user: User, person: Person, categories: Iterable[Category], on: date | None = None
) -> None:
    """Make the person's current categories exactly `categories`: new ones are added today, dropped ones
    get today's date as removal date (their history stays)."""
    on = on or timezone.localdate()
    wanted = {c.pk: c for c in categories}
    current = {link.category_id: link for link in person.category_links.filter(removed_on__isnull=True)}
    for cid, link in current.items():
        if cid not in wanted:
            link.removed_on = max(on, link.added_on)
            link.save(update_fields=["removed_on"])
    for cid, category in wanted.items():
        if cid not in current:
            PersonCategory.objects.create(person=person, category=category, added_on=on)


@transaction.atomic
def relation_add(*, user: User, person: Person, relative: Person, kind: str, note: str = "") -> Relation:
    """Link `relative` as the person's <kind>. Both must be visible to the user."""
    if person.pk == relative.pk:
        raise ValidationError({"relative": "不能与本人建立关系"})
    if not can(user, "people.view", relative):
        raise ValidationError({"relative": "未找到该亲属"})
    if kind == Relation.Kind.GUARDIAN and relative.is_minor:
        raise ValidationError({"relative": "监护人应为成年人"})
    relation, _ = Relation.objects.get_or_create(
        person=person, relative=relative, kind=kind, defaults={"note": note}
    )
    return relation


@transaction.atomic
def relation_remove(*, user: User, relation: Relation) -> None:
    """Remove a family link; the last guardian of a minor cannot be removed."""
    person = relation.person
    if (
        relation.kind == Relation.Kind.GUARDIAN
        and person.is_minor
        and not person.relations.filter(kind=Relation.Kind.GUARDIAN).exclude(pk=relation.pk).exists()
    ):
        raise ValidationError("未成年人必须至少保留一位监护人")
    relation.delete()


# --- merge -----------------------------------------------------------------------------------------

MergeHook = Callable[[Person, Person], None]
_MERGE_HOOKS: dict[tuple[str, str], MergeHook] = {}


def register_merge_hook(model_label: str, field_name: str, fn: MergeHook) -> None:
    """Take over re-pointing `<app_label.model>.<field>` on a merge, for links with their own uniqueness
    rules. Every other FK to Person, in any app, is re-pointed by a plain UPDATE; if that would break a
    unique constraint (both records have a one-to-one profile, say) the merge is refused with a message."""
    _MERGE_HOOKS[(model_label.lower(), field_name)] = fn


def _repoint_foreign_keys(keep: Person, drop: Person) -> None:
    for rel in Person._meta.related_objects:
        model: Any = rel.related_model  # a model class (never "self": Person has no relation to itself)
        if rel.many_to_many:
            through: Any = rel.through  # type: ignore[attr-defined]  # a ManyToManyRel
            fk = next(
                f
                for f in through._meta.get_fields()
                if getattr(f, "related_model", None) is Person and f.many_to_one
            )
            _repoint_m2m(through, fk.name, keep, drop)
            continue
        hook = _MERGE_HOOKS.get((model._meta.label_lower, rel.field.name))
        if hook is not None:
            hook(keep, drop)
            continue
        try:
            with transaction.atomic():
                model._base_manager.filter(**{rel.field.name: drop}).update(**{rel.field.name: keep})
        except IntegrityError as exc:
            raise ValidationError(
                f"两条记录都有“{model._meta.verbose_name}”，不能自动合并，请先处理其中一条"
            ) from exc


def _repoint_m2m(through, field_name: str, keep: Person, drop: Person) -> None:
    """Move m2m rows; a row that `keep` already has (same activity attended twice) is dropped."""
    manager = through._base_manager
    for row in manager.filter(**{field_name: drop}):
        try:
            with transaction.atomic():
                manager.filter(pk=row.pk).update(**{field_name: keep})
        except IntegrityError:
            row.delete()


FILLABLE = (
    "mobile",
    "hukou_address",
    "residence_address",
    "group",
    "ethnicity",
    "education",
    "employment",
)


@transaction.atomic
def person_merge(*, user: User, keep: Person, drop: Person) -> Person:
    """Merge two records of the same person into `keep`: her empty fields are filled from `drop`, and
    every link of `drop` (categories, family links, and FKs from any other app) moves to `keep`.
    `drop` stays, marked merged and hidden from lists."""
    if keep.pk == drop.pk:
        raise ValidationError("请选择两条不同的记录")
    for p in (keep, drop):
        if not can(user, "people.merge", p):
            raise ValidationError("您无权合并这两条记录")
        if p.merged_into_id:
            raise ValidationError(f"记录“{p.name}”已被合并，不能再次合并")
    if keep.id_number and drop.id_number and keep.id_number != drop.id_number:
        raise ValidationError("两条记录的身份证号不同，不能合并")
    keep = Person.objects.select_for_update().get(pk=keep.pk)
    drop = Person.objects.select_for_update().get(pk=drop.pk)

    moved_id = drop.id_number if not keep.id_number else ""
    drop.id_number_hash = ""  # free the unique hash before `keep` takes the number
    drop.merged_into = keep
    Person.objects.filter(pk=drop.pk).update(id_number_hash="", merged_into=keep)
    if moved_id:
        keep.id_number = moved_id
    for name in FILLABLE:
        if not getattr(keep, name) and getattr(drop, name):
            setattr(keep, name, getattr(drop, name))
    if drop.notes and drop.notes not in keep.notes:
        keep.notes = f"{keep.notes}\n{drop.notes}".strip()
    _save(keep)

    _repoint_foreign_keys(keep, drop)
    return keep


def _merge_categories(keep: Person, drop: Person) -> None:
    keep_current = {link.category_id: link for link in keep.category_links.filter(removed_on__isnull=True)}
    for link in drop.category_links.all():
        twin = keep_current.get(link.category_id) if link.removed_on is None else None
        if twin is not None:
            if link.added_on < twin.added_on:  # the earliest date she carried it is the true one
                twin.added_on = link.added_on
                twin.save(update_fields=["added_on"])
            link.delete()
        else:
            link.person = keep
            link.save(update_fields=["person"])


def _merge_relations_field(field_name: str, other_name: str) -> MergeHook:
    def hook(keep: Person, drop: Person) -> None:
        for rel in Relation.objects.filter(**{field_name: drop}):
            other_id = getattr(rel, f"{other_name}_id")
            exists = Relation.objects.filter(
                **{field_name: keep, f"{other_name}_id": other_id, "kind": rel.kind}
            ).exists()
            if other_id == keep.pk or exists:  # a link between the two, or one keep already has
                rel.delete()
            else:
                setattr(rel, field_name, keep)
                rel.save(update_fields=[field_name])

    return hook


register_merge_hook("people.personcategory", "person", _merge_categories)
register_merge_hook("people.relation", "person", _merge_relations_field("person", "relative"))
register_merge_hook("people.relation", "relative", _merge_relations_field("relative", "person"))


def merge_preview(keep: Person, drop: Person) -> dict[str, models.QuerySet | int]:
    """How many links each side brings, for the confirmation page."""
    counts: dict[str, models.QuerySet | int] = {}
    for rel in Person._meta.related_objects:
        if rel.many_to_many:
            continue
        related: Any = rel.related_model
        label = str(related._meta.verbose_name)
        n = related._base_manager.filter(**{rel.field.name: drop}).count()
        if n:
            counts[label] = counts.get(label, 0) + n
    return counts
