"""Cross-checks and random draws through the services: seeds shown and re-runnable, edits keep a
derangement, draws immutable and superseded with a reason, impossible draws refused (nothing saved)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from conftest import make_unit
from fulian.assessment import algorithms, services
from fulian.assessment.models import CrossCheck, Draw
from fulian.orgs.models import Level, Zone
from fulian.people.tests.factories import PersonFactory

from .factories import make_assessment, make_group


@pytest.fixture
def town(cast):
    """Town A with 6 villages in 2 zones and 10 women in each village."""
    north = Zone.objects.create(town=cast.town_a, name="宁锋片")
    south = Zone.objects.create(town=cast.town_a, name="东片")
    villages = [cast.village_a1, cast.village_a2]
    for n in range(4):
        villages.append(make_unit(cast.town_a, name=f"新{n}村", level=Level.VILLAGE, code=f"51178110630{n}"))
    for k, v in enumerate(villages):
        v.zone = north if k % 2 else south
        v.save()
        for _ in range(10):
            PersonFactory(village=v)
    a = make_assessment(cast)
    make_group(cast, a, villages=villages)
    return a


def test_cross_check_is_a_derangement_with_its_seed_and_a_supervisor(cast, town):
    cc = services.cross_check_generate(user=cast.chair_a, assessment=town, seed="20251121")
    pairs = list(cc.pairs.all())
    assert cc.seed == "20251121"
    assert len(pairs) == 6
    assert all(p.checker_id != p.checked_id for p in pairs)
    assert sorted(p.checked_id for p in pairs) == sorted(p.checker_id for p in pairs)
    assert {p.supervisor for p in pairs} == {cast.staff_a}
    ids = sorted(s.village_id for s in town.sheets.order_by("village__path"))
    expected = algorithms.derangement(
        [s.village_id for s in town.sheets.order_by("village__path")], "20251121"
    )
    assert {p.checker_id: p.checked_id for p in pairs} == expected
    assert sorted(expected) == ids


def test_cross_check_by_zone_stays_within_the_zone(cast, town):
    zone = Zone.objects.get(name="宁锋片")
    cc = services.cross_check_generate(user=cast.chair_a, assessment=town, zone=zone, seed="1")
    assert cc.pairs.count() == 3
    assert all(p.checker.zone == zone and p.checked.zone == zone for p in cc.pairs.all())


def test_editing_a_pair_swaps_and_never_creates_a_self_check(cast, town):
    cc = services.cross_check_generate(user=cast.chair_a, assessment=town, seed="7")
    pair = cc.pairs.first()
    with pytest.raises(ValidationError, match="本村检查本村"):
        services.cross_check_pair_edit(user=cast.chair_a, pair=pair, checked=pair.checker)
    others = [p for p in cc.pairs.all() if p.checked_id not in (pair.checked_id, pair.checker_id)]
    target = next(p for p in others if p.checker_id != pair.checked_id)
    services.cross_check_pair_edit(user=cast.chair_a, pair=pair, checked=target.checked)
    pairs = list(CrossCheck.objects.get(pk=cc.pk).pairs.all())
    assert len(pairs) == 6
    assert all(p.checker_id != p.checked_id for p in pairs)
    assert len({p.checked_id for p in pairs}) == 6


def test_draw_stores_inputs_seed_and_maker_and_reruns_identically(cast, town):
    d = services.draw_create(
        user=cast.chair_a, assessment=town, seed="abc", village_count=3, women_ratio=Decimal("0.2")
    )
    assert d.created_by == cast.chair_a
    assert len(d.result["villages"]) == 3
    assert all(len(ids) == 2 for ids in d.result["women"].values())
    again = services.draw_compute(
        villages=d.population["villages"],
        zones={int(k): v for k, v in d.population["zones"].items()},
        seed="abc",
        count=3,
        ratio=None,
        by_zone=False,
        women={
            int(v): list(ids)
            for v, ids in services._women_by_village(cast.chair_a, d.population["villages"]).items()
        },
        women_ratio=Decimal("0.2"),
    )
    assert again == {"villages": d.result["villages"], "women": d.result["women"]}


def test_draw_by_ratio_and_by_zone(cast, town):
    d = services.draw_create(
        user=cast.chair_a, assessment=town, seed="s", village_ratio=Decimal("0.5"), by_zone=True
    )
    zones = [d.population["zones"][str(v)] for v in d.result["villages"]]
    assert len(zones) == 3
    assert len(set(zones)) == 2


def test_over_large_draw_is_refused_and_nothing_saved(cast, town):
    with pytest.raises(ValidationError, match="只有6个村"):
        services.draw_create(user=cast.chair_a, assessment=town, seed="x", village_count=7)
    assert not Draw.objects.exists()


def test_draw_from_a_village_without_women_is_refused(cast, town):
    empty = make_unit(cast.town_a, name="空村", level=Level.VILLAGE, code="511781106399")
    a2 = services.assessment_create(user=cast.chair_a, rubric=town.rubric, title="补充考核")
    assert a2.sheets.filter(village=empty).exists()
    with pytest.raises(ValidationError, match="没有妇女"):
        services.draw_create(
            user=cast.chair_a, assessment=a2, seed="x", village_count=7, women_ratio=Decimal("0.1")
        )
    assert not Draw.objects.exists()


def test_a_second_draw_needs_to_supersede_with_a_reason(cast, town):
    first = services.draw_create(user=cast.chair_a, assessment=town, seed="a", village_count=2)
    with pytest.raises(ValidationError, match="作废原结果"):
        services.draw_create(user=cast.chair_a, assessment=town, seed="b", village_count=2)
    with pytest.raises(ValidationError, match="原因"):
        services.draw_create(user=cast.chair_a, assessment=town, seed="b", village_count=2, supersedes=first)
    second = services.draw_create(
        user=cast.chair_a, assessment=town, seed="b", village_count=2, supersedes=first, reason="抽中村撤并"
    )
    first.refresh_from_db()
    assert first.superseded_by == second
    assert first.superseded_reason == "抽中村撤并"
    assert services.current_draw(town) == second


def test_draws_of_women_take_only_registered_women_of_age_in_the_drawn_villages(cast, town, clock, settings):
    """妇女群众 are women aged 18 or over (a setting) living in the village: an 8-year-old girl, a girl
    one day short of 18, a man, and a woman of another village are never drawn; a woman 18 today is."""
    import datetime

    clock.set(datetime.date(2026, 11, 21))
    village = cast.village_a1
    Person = PersonFactory._meta.model
    Person.objects.filter(village__in=[s.village for s in town.sheets.all()]).delete()
    girl = PersonFactory(village=village, birth_date=datetime.date(2018, 5, 1))
    almost = PersonFactory(village=village, birth_date=datetime.date(2008, 11, 22))
    adult = PersonFactory(village=village, birth_date=datetime.date(2008, 11, 21))
    PersonFactory(village=village, gender=Person.Gender.MALE, birth_date=datetime.date(1980, 1, 1))
    PersonFactory(village=cast.village_b1, birth_date=datetime.date(1980, 1, 1))
    assert services._women_by_village(cast.chair_a, [village.pk]) == {village.pk: [adult.pk]}
    settings.FULIAN = {**settings.FULIAN, "DRAW_WOMEN_MIN_AGE": 10}
    assert services._women_by_village(cast.chair_a, [village.pk]) == {village.pk: [almost.pk, adult.pk]}
    settings.FULIAN = {**settings.FULIAN, "DRAW_WOMEN_MIN_AGE": 18}
    for v in town.sheets.exclude(village=village):
        PersonFactory(village=v.village, birth_date=datetime.date(1990, 1, 1))
    d = services.draw_create(user=cast.chair_a, assessment=town, seed="s", village_ratio=Decimal("1"),
                             women_ratio=Decimal("1"))  # fmt: skip
    assert adult.pk in d.person_ids()
    assert girl.pk not in d.person_ids()
    assert almost.pk not in d.person_ids()


def test_the_age_cut_off_on_29_february_is_28_february_of_a_common_year_back():
    import datetime

    from fulian.assessment.services.draws import adult_born_by

    assert adult_born_by(datetime.date(2026, 2, 28)) == datetime.date(2008, 2, 28)
    assert adult_born_by(datetime.date(2028, 2, 29)) == datetime.date(2010, 2, 28)
