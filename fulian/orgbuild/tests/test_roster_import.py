"""The roster import (补录名册) through the shared spreadsheet mechanism, under the checks of
`services.roster_enter`; the 专干 post; the home page's count of 执委 in office."""

import datetime

import pytest

from fulian.core.dashboard import compute_stats
from fulian.core.spreadsheets.models import ImportJob
from fulian.core.spreadsheets.testing import SheetUpload, error_set
from fulian.orgbuild.models import PostRecord
from fulian.orgbuild.spreadsheet import ROSTER_COLUMNS
from fulian.orgs.models import FederationMember, Position

pytestmark = pytest.mark.django_db
D = datetime.date
IMPORT = SheetUpload("orgbuild_roster", ROSTER_COLUMNS, "名册.xlsx")


def row(unit="青龙村", name="王秀英", post="主席", start="2024-03-15", end="2029-03-14", phone="", work=""):
    return [unit, name, post, start, end, phone, work, ""]


def test_a_roster_is_entered_once_as_补录_and_not_counted_as_adjustments(cast, login):
    client = login(cast.chair_a)
    job = IMPORT.upload(
        client,
        [
            row(),
            row(name="李桂兰", post="副主席(专职)", phone="13912345678", work="青龙村村委会委员"),
            row(unit="红旗村", name="陈小红", post="专干", end=""),
            row(unit="竹峪镇", name="赵玉兰", post="执委", start="2022-01-10", end="2026-12-31"),
        ],
        unit=cast.town_a,
    )
    assert (job.good_rows, job.bad_rows) == (4, 0), job.errors
    assert IMPORT.confirm(client, job).status == ImportJob.Status.DONE, job.message
    members = {m.name: m for m in FederationMember.objects.filter(unit__path__startswith=cast.town_a.path)}
    assert set(members) == {"王秀英", "李桂兰", "陈小红", "赵玉兰"}
    assert (members["王秀英"].unit, members["王秀英"].position) == (cast.village_a1, Position.CHAIR)
    assert members["李桂兰"].position == Position.VICE_CHAIR_FULL
    assert (members["李桂兰"].phone, members["李桂兰"].workplace) == ("13912345678", "青龙村村委会委员")
    assert (members["陈小红"].position, members["陈小红"].term_end) == (Position.STAFF, None)
    assert members["赵玉兰"].term_end == D(2026, 12, 31)
    assert {m.post_record.how for m in members.values()} == {PostRecord.How.ENTERED}


def test_every_problem_of_a_row_is_named_and_only_good_rows_are_written(cast, login):
    FederationMember.objects.create(
        unit=cast.village_a2, name="老主任", position=Position.CHAIR, term_start=D(2021, 3, 1)
    )
    client = login(cast.chair_a)
    job = IMPORT.upload(
        client,
        [
            row(),  # 2: good
            row(name="第二主席", start="2026-01-01"),  # 3: overlaps row 2's chair in the file
            row(unit="红旗村", name="新主席", start="2025-05-01"),  # 4: overlaps the recorded chair
            row(unit="东城社区", name="外镇人"),  # 5: another town
            row(unit="不存在村", name="某某"),  # 6: no such unit
            row(name="倒挂", post="执委", start="2026-05-01", end="2026-04-30"),  # 7: end before start
            row(name="未来", post="执委", start="2027-06-16"),  # 8: tomorrow (the clock is 2027-06-15)
            row(name="", post="会长"),  # 9: no name, unknown post
            row(unit="红旗村", name="前任主席", start="2019-01-01", end="2021-02-28"),  # 10: before: good
        ],
        unit=cast.town_a,
    )
    errors = error_set(job)
    assert {(r, c) for r, c, _ in errors} == {
        (3, "任期开始"),
        (4, "任期开始"),
        (5, "单位"),
        (6, "单位"),
        (7, "任期结束"),
        (8, "任期开始"),
        (9, "姓名"),
        (9, "职务"),
    }
    messages = {(r, c): m for r, c, m in errors}
    assert "第2行的主席王秀英" in messages[(3, "任期开始")]
    assert "已登记的主席老主任（2021-03-01 至 今）" in messages[(4, "任期开始")]
    assert "不是竹峪镇或其下属单位" in messages[(5, "单位")]
    assert messages[(7, "任期结束")] == "任期结束不能早于任期开始"
    assert (job.good_rows, job.bad_rows) == (2, 7)
    IMPORT.confirm(client, job)
    written = FederationMember.objects.filter(post_record__how=PostRecord.How.ENTERED)
    assert sorted(written.values_list("name", flat=True)) == ["前任主席", "王秀英"]
    rows = [row(unit="红旗村", name="又一个", post="执委"), row(unit="不存在村")]
    strict = IMPORT.upload(client, rows, strict=True, unit=cast.town_a)
    IMPORT.confirm(client, strict)
    assert not FederationMember.objects.filter(name="又一个").exists()  # strict: a bad row stops the file


def test_the_import_page_and_template_four_ways(cast, login):
    IMPORT.assert_four_ways(
        login,
        allowed=[cast.chair_a, cast.staff_a],
        other_unit=cast.town_b,
        forbidden=[cast.member_a1, cast.volunteer_a1],
    )
    assert IMPORT.template_headers(login(cast.chair_a))[:4] == ["单位", "姓名", "职务", "任期开始"]


def test_the_home_page_counts_committee_members_in_office(cast, clock):
    clock.set(D(2027, 6, 15))
    FederationMember.objects.create(
        unit=cast.village_a1, name="主席甲", position=Position.CHAIR, term_start=D(2024, 1, 1)
    )
    FederationMember.objects.create(  # ends today: still in office
        unit=cast.village_a1, name="执委乙", position=Position.COMMITTEE, term_start=D(2022, 1, 1),
        term_end=D(2027, 6, 15),
    )  # fmt: skip
    FederationMember.objects.create(  # ended yesterday
        unit=cast.village_a1, name="执委丙", position=Position.COMMITTEE, term_start=D(2022, 1, 1),
        term_end=D(2027, 6, 14),
    )  # fmt: skip
    FederationMember.objects.create(  # starts tomorrow
        unit=cast.village_a2, name="执委丁", position=Position.COMMITTEE, term_start=D(2027, 6, 16)
    )
    for position in (Position.REPRESENTATIVE, Position.STAFF):  # not 执委
        FederationMember.objects.create(
            unit=cast.village_a2, name=position.label, position=position, term_start=D(2024, 1, 1)
        )
    FederationMember.objects.create(
        unit=cast.village_b1, name="外镇", position=Position.CHAIR, term_start=D(2024, 1, 1)
    )
    stats, table = compute_stats(cast.chair_a, [cast.village_a1, cast.village_a2, cast.village_b1])
    assert "orgbuild.committee" in {s.key for s in stats}
    counts = {pk: row["orgbuild.committee"] for pk, row in table.items()}
    assert counts == {cast.village_a1.pk: 2, cast.village_a2.pk: 0, cast.village_b1.pk: 0}
    _, volunteer = compute_stats(cast.volunteer_a1, [cast.village_a1])
    assert "orgbuild.committee" not in volunteer[cast.village_a1.pk]
