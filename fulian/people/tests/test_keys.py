"""Rotating the lookup key: `rotate_field_keys --rehash` recomputes the registry's stored ID-number and
mobile hashes through the rehashers people registers with core."""

from io import StringIO

from django.core.management import call_command

from fulian.core import crypto
from fulian.people.models import Person, id_number_hash, mobile_hash
from fulian.people.tests.factories import PersonFactory


def test_people_registers_its_rehasher():
    assert [(r.label, r.noun) for r in crypto.rehashers()] == [
        ("people.Person", "身份证号哈希"),
        ("people.Person.mobile", "手机号哈希"),
    ]


def test_rehash_rewrites_stale_mobile_hashes(cast):
    person = PersonFactory(village=cast.village_a1, mobile="13912345678")
    assert Person.objects.get(pk=person.pk).mobile_hash == mobile_hash("13912345678")
    Person.objects.filter(pk=person.pk).update(mobile_hash="stale")
    out = StringIO()
    call_command("rotate_field_keys", "--rehash", stdout=out)
    assert "people.Person.mobile: 1 个手机号哈希需要重算\n" in out.getvalue()
    call_command("rotate_field_keys", "--rehash", "--commit", stdout=StringIO())
    assert Person.objects.get(pk=person.pk).mobile_hash == mobile_hash("13912345678")


def test_rehash_reports_then_rewrites_stale_hashes(cast):
    person = PersonFactory(village=cast.village_a1)
    number = Person.objects.get(pk=person.pk).id_number
    assert number
    Person.objects.filter(pk=person.pk).update(id_number_hash="stale")
    out = StringIO()
    call_command("rotate_field_keys", "--rehash", stdout=out)  # dry run: counts only
    assert "people.Person: 1 个身份证号哈希需要重算\n" in out.getvalue()
    assert Person.objects.get(pk=person.pk).id_number_hash == "stale"
    out = StringIO()
    call_command("rotate_field_keys", "--rehash", "--commit", stdout=out)
    assert "people.Person: 1 个身份证号哈希需要重算，已重算" in out.getvalue()
    assert Person.objects.get(pk=person.pk).id_number_hash == id_number_hash(number)
    out = StringIO()
    call_command("rotate_field_keys", "--rehash", stdout=out)
    assert "people.Person: 0 个身份证号哈希需要重算" in out.getvalue()
