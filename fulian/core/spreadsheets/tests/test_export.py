"""The generic export: scoped rows, masking by role, formula neutralisation, access log; read back."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fulian.core.models import AccessLog
from fulian.core.spreadsheets.export import neutralise
from fulian.orgs.models import Zone

pytestmark = pytest.mark.django_db
DANGEROUS = ['=HYPERLINK("http://x","点我")', "+1+2", "-3+4", "@SUM(A1)", "\t=1", "\r=1"]


def read(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    return [[c.value for c in row] for row in ws.iter_rows()], ws


@pytest.mark.parametrize("value", DANGEROUS)
def test_neutralise_prefixes_formula_triggers(value):
    assert neutralise(value) == "'" + value
    assert neutralise("张丽") == "张丽"
    assert neutralise(-5) == -5  # numbers stay numbers


def test_export_is_scoped_masked_and_neutralised(cast, login, zone_specs):
    for i, note in enumerate(DANGEROUS):
        Zone.objects.create(town=cast.town_a, name=f"片{i}", note=note)
    Zone.objects.create(town=cast.town_b, name="外镇片", note="秘密")
    rows, ws = read(login(cast.chair_a).get(reverse("spreadsheets:export", args=["zones-test"])))
    assert rows[0] == ["乡镇", "片区名称", "备注"]
    assert [r[1] for r in rows[1:]] == [f"片{i}" for i in range(len(DANGEROUS))]  # town B left out
    assert [r[2] for r in rows[1:]] == ["'" + v for v in DANGEROUS]
    for row in ws.iter_rows(min_row=2):
        assert row[2].data_type == "s"  # stored as text, never as a formula
    log = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert log.user == cast.chair_a
    assert "导出 6 行" in log.detail


def test_export_masks_for_a_role_without_unmask(cast, login, zone_specs):
    Zone.objects.create(town=cast.town_a, name="东片", note="内部说明")
    rows, _ = read(login(cast.vchair_a1).get(reverse("spreadsheets:export", args=["zones-test"])))
    assert rows[1:] == []  # a village chair's scope holds no town-level zones
    rows, _ = read(login(cast.member_a1).get(reverse("spreadsheets:export", args=["zones-test"])))
    assert rows[1:] == []
    rows, _ = read(login(cast.county_user).get(reverse("spreadsheets:export", args=["zones-test"])))
    assert rows[1:] == [["竹峪镇", "东片", "内部说明"]]
    rows, _ = read(login(cast.assessor_a).get(reverse("spreadsheets:export", args=["zones-test"])))
    assert rows[1:] == [["竹峪镇", "东片", "***"]]  # may view, may not unmask
