"""The care paragraph claims only what the records hold: 帮助解决 counts needs marked solved, 爱心妈妈 counts
volunteers of that kind; marking a visit solved without a need is refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from fulian.care import services
from fulian.care.models import Volunteer
from fulian.core.periods import Period
from fulian.reports.services import summary_create

from .factories import make_pairing, make_person, make_volunteer

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 1)


def test_solved_needs_and_caring_mothers_are_counted_as_such(cast, clock):
    clock.set(datetime.date(2026, 12, 20))
    mother = make_volunteer(cast.village_a1, "周芳", registered_on=datetime.date(2025, 1, 1))
    other = make_volunteer(
        cast.village_a1, "吴敏", kind=Volunteer.Kind.WOMEN_VOLUNTEER, registered_on=datetime.date(2025, 1, 1)
    )
    pairs = [
        make_pairing(v, make_person(cast.village_a1, f"儿童{i}", datetime.date(2018, 1, 1)), started_on=DAY)
        for i, v in enumerate((mother, other))
    ]
    for i, (need, solved) in enumerate((("缺少学习用品", True), ("需要心理疏导", False), ("", False))):
        services.visit_record(
            user=cast.chair_a,
            pairing=pairs[0],
            visited_on=DAY + datetime.timedelta(days=30 * (i + 1)),
            notes="家访",
            needs_found=need,
            need_solved=solved,
        )
    with pytest.raises(ValidationError) as err:
        services.visit_record(
            user=cast.chair_a, pairing=pairs[1], visited_on=DAY, notes="家访", need_solved=True
        )
    assert "need_solved" in err.value.message_dict
    draft = summary_create(user=cast.chair_a, unit=cast.town_a, period=Period.year(2026))
    text = draft.paragraphs.get(key="care.pairing").generated_text
    assert "志愿者[[care.volunteers|2名]]（含爱心妈妈[[care.volunteers.caring_mother|1名]]）" in text
    assert "发现困难需求[[care.visits.with_needs|2件]]，已帮助解决[[care.visits.needs_solved|1件]]" in text
