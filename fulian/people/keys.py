"""What rotating the lookup-hash key means for the registry: every stored ID-number and mobile hash is
recomputed (`manage.py rotate_field_keys --rehash`, which runs the rehashers registered with
`fulian.core.crypto`; these two are registered in PeopleConfig.ready()). See docs/security.md."""

from __future__ import annotations

from .models import Person, id_number_hash, mobile_hash

CHUNK = 1000


def id_number_hashes_recompute(*, commit: bool) -> int:
    """The number of people whose stored hash differs from the current key's; rewritten when `commit`."""
    qs = Person.objects.exclude(id_number="").filter(merged_into__isnull=True)
    return _recompute(qs, "id_number", "id_number_hash", id_number_hash, commit=commit)


def mobile_hashes_recompute(*, commit: bool) -> int:
    """The same for the mobile numbers' hashes (the registry's search by mobile)."""
    return _recompute(Person.objects.exclude(mobile=""), "mobile", "mobile_hash", mobile_hash, commit=commit)


def _recompute(qs, source: str, column: str, digest_of, *, commit: bool) -> int:
    changed = 0
    for person in qs.only("pk", source, column).iterator(chunk_size=CHUNK):
        digest = digest_of(getattr(person, source))
        if digest != (getattr(person, column) or ""):
            changed += 1
            if commit:
                Person.objects.filter(pk=person.pk).update(**{column: digest})
    return changed
