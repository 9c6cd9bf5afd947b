"""Cases in a consistent state: the person lives in a village of the handling town."""

from __future__ import annotations

import datetime

from django.utils import timezone

from fulian.cases import services
from fulian.cases.models import Case, ReferralBody
from fulian.people.models import Person


def make_person(village, *, name="李秀兰", birth_date=datetime.date(1988, 3, 4)) -> Person:
    p = Person(name=name, birth_date=birth_date, village=village, gender=Person.Gender.FEMALE)
    p.refresh_derived()
    p.save()
    return p


def make_bodies(cast) -> dict[str, ReferralBody]:
    return {
        "police": ReferralBody.objects.create(name="竹峪派出所", kind="police", unit=cast.town_a),
        "court": ReferralBody.objects.create(name="万源市人民法院", kind="court", unit=cast.county),
        "legal_aid": ReferralBody.objects.create(name="万源市法律援助中心", kind="justice", unit=cast.county),
        "police_b": ReferralBody.objects.create(name="古东关派出所", kind="police", unit=cast.town_b),
    }


NARRATIVE = "丈夫酒后持刀威胁，邻居报警后离开"


def make_case(cast, *, user=None, person=None, village=None, received_at=None, **kw) -> Case:
    """A case of town A registered by caseworker_a (so she is assigned)."""
    village = village or cast.village_a1
    person = person or make_person(village)
    fields = {
        "kind": Case.Kind.CASE,
        "channel": Case.Channel.PHONE,
        "type": Case.Type.DOMESTIC_VIOLENCE,
        "narrative": NARRATIVE,
        "request": "希望申请人身安全保护令",
        "respondent_name": "王大力",
        "respondent_relation": Case.Relation.SPOUSE,
    } | kw
    return services.case_register(
        user=user or cast.caseworker_a,
        handling_unit=cast.town_a,
        person=person,
        village=village,
        received_at=received_at or timezone.now(),
        **fields,
    )
