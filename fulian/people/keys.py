"""What rotating the lookup-hash key means for the registry: every stored ID-number hash is recomputed
(`manage.py rotate_field_keys --rehash`, which runs the rehashers registered with `fulian.core.crypto`;
this one is registered in PeopleConfig.ready()). See docs/security.md."""

from __future__ import annotations

from .models import Person, id_number_hash

CHUNK = 1000


def id_number_hashes_recompute(*, commit: bool) -> int:
    """The number of people whose stored hash differs from the current key's; rewritten when `commit`."""
    changed = 0
    qs = (
        Person.objects.exclude(id_number="")
        .filter(merged_into__isnull=True)
        .only("pk", "id_number", "id_number_hash")
    )
    for person in qs.iterator(chunk_size=CHUNK):
        digest = id_number_hash(person.id_number)
        if digest != person.id_number_hash:
            changed += 1
            if commit:
                Person.objects.filter(pk=person.pk).update(id_number_hash=digest)
    return changed
