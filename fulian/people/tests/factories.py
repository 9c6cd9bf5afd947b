"""Factories for people: a person's village decides her path; ID numbers are valid and agree with her
gender and birth date."""

from datetime import date

import factory

from fulian.core.idcard import make_id_number
from fulian.people.models import Category, Person, PersonCategory, Relation


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Iterator(["张丽", "曾小芳", "单红梅", "王秀英", "李娜", "刘芳"])
    gender = Person.Gender.FEMALE
    # Adults only (born 1960–1999): a minor needs a guardian, so a test that wants one says so.
    birth_date = factory.Sequence(lambda n: date(1960 + n % 40, 1 + n % 12, 1 + n % 28))
    village = None  # pass a village OrgUnit
    id_number = factory.LazyAttributeSequence(
        lambda o, n: make_id_number("511781", o.birth_date, (n % 500) * 2 + (1 if o.gender == "M" else 0))
    )
    mobile = "13812345678"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        person = model_class(*args, **kwargs)
        person.save()
        return person


def add_category(person: Person, code: str, **kw) -> PersonCategory:
    return PersonCategory.objects.create(person=person, category=Category.objects.get(code=code), **kw)


def link(person: Person, relative: Person, kind=Relation.Kind.GUARDIAN) -> Relation:
    return Relation.objects.create(person=person, relative=relative, kind=kind)
