"""The rehearsal's data: the ledgers benchmark's county year (bench/county_year.py) at a scale, users for each
role of the load, their browser sessions, a questionnaire with public links; written to a JSON file that the
load (locustfile.py) and the faults read. Run in its own process: python -m scripts.rehearsal.world OUT SCALE
"""

from __future__ import annotations

import json
import os
import random
import sys
from datetime import timedelta


def build(out: str, scale: float) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.test import Client
    from django.utils import timezone

    from bench.county_year import SIZES, generate
    from fulian.accounts.models import User
    from fulian.activities.models import ActivityType
    from fulian.aid.models import Programme
    from fulian.care.models import Pairing
    from fulian.core.roles import Role
    from fulian.orgs.models import Membership
    from fulian.people.models import Person
    from fulian.surveys import services as surveys
    from fulian.surveys.models import Question

    sizes = {k: max(1, int(v * scale)) for k, v in SIZES.items()}
    world = generate(random.Random(2025), sizes)
    county, town = world["county"], world["town"]
    village = type(town).objects.get_children(town).first()
    users = {"county": world["user"]}
    for name, unit, role in (
        ("r_town", town, Role.TOWN_CHAIR),
        ("r_village", village, Role.VILLAGE_CHAIR),
    ):
        users[name] = User.objects.create_user(username=name, password="x" * 12, display_name=name)
        Membership.objects.create(user=users[name], unit=unit, role=role)

    questionnaire = surveys.questionnaire_create(user=users["county"], unit=town, title="妇女群众满意度调查")
    question = surveys.question_add(
        user=users["county"],
        questionnaire=questionnaire,
        text="您对本村妇联工作是否满意？",
        kind=Question.Kind.RATING,
    )
    links = surveys.links_create(
        user=users["county"], questionnaire=questionnaire, village=village, count=20, max_uses=100_000,
        expires_at=timezone.now() + timedelta(days=2),
    )  # fmt: skip

    def sessions(user, n=10) -> list[str]:
        keys = []
        for _ in range(n):
            c = Client()
            c.force_login(user)
            keys.append(c.cookies["sessionid"].value)
        return keys

    data = {
        "county": county.pk,
        "town": town.pk,
        "village": village.pk,
        "sessions": {name: sessions(u) for name, u in users.items()},
        "people": list(
            Person.objects.filter(village_path__startswith=town.path).values_list("pk", flat=True)[:500]
        ),
        "village_people": list(Person.objects.filter(village=village).values_list("pk", flat=True)[:200]),
        "activity_types": list(ActivityType.objects.filter(is_active=True).values_list("pk", flat=True)),
        "programmes": list(Programme.objects.values_list("pk", flat=True)),
        "pairings": list(
            Pairing.objects.filter(village=village, ended_on__isnull=True).values_list("pk", flat=True)[:100]
        ),
        "links": [link.token for link in links],
        "question": question.pk,
        "rows": world["rows"],
    }
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(data, fh)


if __name__ == "__main__":
    build(sys.argv[1], float(sys.argv[2]))
