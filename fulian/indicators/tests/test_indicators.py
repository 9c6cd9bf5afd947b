"""Indicator monitoring: starter set, roll-up from numbers (not averages), flags, entry rules, access."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from fulian.indicators.models import Indicator
from fulian.indicators.selectors import indicator_table
from fulian.indicators.services import indicator_value_save


@pytest.fixture
def screening(db):
    return Indicator.objects.get(code="W-HE-02")


def row_for(rows, code):
    return next(r for r in rows if r.indicator.code == code)


def test_starter_set_covers_both_plans_with_targets(db):
    assert Indicator.objects.filter(plan="women").count() >= 8
    assert Indicator.objects.filter(plan="children").count() >= 7
    assert Indicator.objects.get(code="W-HE-02").target == Decimal(70)
    assert Indicator.objects.get(code="C-HE-01").scale == 1000


def test_town_rolls_up_villages_from_numbers_not_average_of_rates(cast, screening):
    indicator_value_save(
        user=cast.chair_a,
        indicator=screening,
        unit=cast.village_a1,
        year=2026,
        numerator=Decimal(90),
        denominator=Decimal(100),
    )
    indicator_value_save(
        user=cast.chair_a,
        indicator=screening,
        unit=cast.village_a2,
        year=2026,
        numerator=Decimal(10),
        denominator=Decimal(100) * 3,
    )
    row = row_for(indicator_table(user=cast.chair_a, unit=cast.town_a, year=2026), "W-HE-02")
    assert (row.numerator, row.denominator) == (Decimal(100), Decimal(400))
    assert row.value == Decimal("25.00")  # not (90% + 3.33%) / 2
    assert row.source == "rolled_up"
    assert row.meets is False
    county = row_for(indicator_table(user=cast.county_user, unit=cast.county, year=2026), "W-HE-02")
    assert county.value == Decimal("25.00")


def test_own_entry_overrides_roll_up_and_last_year_is_shown(cast, screening):
    indicator_value_save(
        user=cast.chair_a,
        indicator=screening,
        unit=cast.village_a1,
        year=2026,
        numerator=Decimal(10),
        denominator=Decimal(100),
    )
    indicator_value_save(
        user=cast.chair_a,
        indicator=screening,
        unit=cast.town_a,
        year=2026,
        numerator=Decimal(800),
        denominator=Decimal(1000),
    )
    indicator_value_save(
        user=cast.chair_a,
        indicator=screening,
        unit=cast.town_a,
        year=2025,
        numerator=Decimal(600),
        denominator=Decimal(1000),
    )
    row = row_for(indicator_table(user=cast.chair_a, unit=cast.town_a, year=2026), "W-HE-02")
    assert (row.value, row.source, row.meets, row.previous) == (
        Decimal("80.00"),
        "entered",
        True,
        Decimal("60.00"),
    )


def test_value_computed_from_ledger_figures_when_nothing_entered(cast):
    ind = Indicator.objects.get(code="C-WE-01")
    ind.numerator_key, ind.denominator_key = "care.children_paired", "people.category.left_behind"
    ind.save()
    figures = {"care.children_paired": 45, "people.category.left_behind": 50}
    row = row_for(indicator_table(user=cast.chair_a, unit=cast.town_a, year=2026, figures=figures), "C-WE-01")
    assert (row.value, row.source, row.meets) == (Decimal("90.00"), "computed", False)


def test_bad_values_are_refused_with_nothing_saved(cast, screening):
    with pytest.raises(ValidationError, match="分子不能大于分母"):
        indicator_value_save(
            user=cast.chair_a,
            indicator=screening,
            unit=cast.town_a,
            year=2026,
            numerator=Decimal(5),
            denominator=Decimal(4),
        )
    with pytest.raises(ValidationError, match="分母不能为零"):
        indicator_value_save(
            user=cast.chair_a,
            indicator=screening,
            unit=cast.town_a,
            year=2026,
            numerator=Decimal(0),
            denominator=Decimal(0),
        )
    assert not screening.values.exists()


def test_values_page_four_ways(cast, login, client):
    url = reverse("indicators:values") + f"?unit={cast.town_a.pk}&year=2026"
    assert client.get(url).status_code == 302
    assert "适龄妇女宫颈癌人群筛查率" in login(cast.chair_a).get(url).content.decode()
    assert login(cast.chair_b).get(url).status_code == 404
    assert login(cast.volunteer_a1).get(url).status_code == 403


def test_entry_four_ways_and_form_message(cast, login, client, screening):
    url = reverse("indicators:value_save", args=[screening.pk, cast.town_a.pk, 2026])
    assert client.post(url, {"numerator": "1", "denominator": "2"}).status_code == 302
    assert not screening.values.exists()
    assert login(cast.chair_b).post(url, {"numerator": "1", "denominator": "2"}).status_code == 404
    assert login(cast.vchair_a1).post(url, {"numerator": "1", "denominator": "2"}).status_code == 403
    resp = login(cast.chair_a).post(url, {"numerator": "1"}, follow=True)
    assert "请同时填写分子" in resp.content.decode()
    login(cast.chair_a).post(url, {"numerator": "7", "denominator": "10"})
    assert screening.values.get().value == Decimal("70.00")


def test_export_in_county_template_layout(cast, login, screening):
    indicator_value_save(
        user=cast.chair_a,
        indicator=screening,
        unit=cast.town_a,
        year=2026,
        numerator=Decimal(50),
        denominator=Decimal(100),
    )
    resp = login(cast.chair_a).get(
        reverse("indicators:values") + f"?unit={cast.town_a.pk}&year=2026&format=xlsx"
    )
    ws = load_workbook(io.BytesIO(resp.content)).active
    assert ws["A1"].value == "竹峪镇妇女发展纲要监测统计表（2026年度）"
    assert [c.value for c in ws[3]][:5] == ["序号", "领域", "指标名称", "计量单位", "目标值"]
    row = next(r for r in ws.iter_rows(min_row=4, values_only=True) if r[2] == "适龄妇女宫颈癌人群筛查率")
    assert row[7] == 50
    assert row[10] == "否"


def test_registry_define_needs_the_role(cast, login):
    url = reverse("indicators:registry")
    assert login(cast.chair_a).post(url, {"code": "X"}).status_code == 403
    resp = login(cast.county_user).post(
        url,
        {
            "owner": cast.county.pk,
            "code": "L-01",
            "plan": "women",
            "area": "妇女与经济",
            "name": "妇女创业贷款发放笔数",
            "kind": "value",
            "scale": 1,
            "measure": "笔",
            "direction": "gte",
        },
    )
    assert resp.status_code == 302
    assert Indicator.objects.get(code="L-01").owner == cast.county
    assert "妇女创业贷款发放笔数" in login(cast.chair_a).get(url).content.decode()  # applies to towns below
    assert "妇女创业贷款发放笔数" in login(cast.chair_b).get(url).content.decode()  # the same county


def test_summary_reports_indicators_met_and_lists_missed_as_problems(cast, screening):
    from fulian.core.periods import Period
    from fulian.reports.services import summary_create

    indicator_value_save(
        user=cast.chair_a,
        indicator=screening,
        unit=cast.town_a,
        year=2026,
        numerator=Decimal(50),
        denominator=Decimal(100),
    )
    draft = summary_create(user=cast.chair_a, unit=cast.town_a, period=Period.year(2026))
    text = draft.paragraphs.get(key="indicators.monitoring").generated_text
    assert "纳入监测的1项指标中，0项达到规划目标" in text
    problem = draft.paragraphs.get(key="indicators.missed")
    assert problem.part == "problems"
    assert "适龄妇女宫颈癌人群筛查率（50%，目标不低于70%）" in problem.generated_text
