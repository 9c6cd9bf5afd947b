"""The publicity register's rules, figures, ranking, summary sentence and Excel."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fulian.core.spreadsheets.models import ImportJob
from fulian.core.spreadsheets.testing import SheetUpload, error_set
from fulian.publicity import selectors, services, summary
from fulian.publicity.models import Adoption, Piece
from fulian.publicity.spreadsheet import COLUMNS

pytestmark = pytest.mark.django_db
YEAR = (datetime.date(2027, 1, 1), datetime.date(2027, 12, 31))


def test_a_piece_needs_text_link_or_file_and_a_day_not_after_today(cast):
    common = {"user": cast.chair_a, "unit": cast.town_a, "title": "t", "kind": "info", "authors": "王丽"}
    with pytest.raises(ValidationError) as empty:
        services.piece_create(**common, written_on=datetime.date(2027, 6, 15))
    assert "至少一项" in empty.value.message_dict["text"][0]
    with pytest.raises(ValidationError) as future:
        services.piece_create(**common, written_on=datetime.date(2027, 6, 16), text="x")
    assert future.value.message_dict["written_on"] == ["撰写日期不能晚于今天"]
    made = services.piece_create(**common, written_on=datetime.date(2027, 6, 15), text="x")  # today: allowed
    assert made.authors == "王丽"


def test_authors_are_split_on_any_separator(cast):
    made = services.piece_create(
        user=cast.chair_a, unit=cast.town_a, title="t", kind="info", authors="王丽，张敏 李晓燕",
        written_on=datetime.date(2027, 6, 1), text="x",
    )  # fmt: skip
    assert made.authors == "王丽、张敏、李晓燕"


def test_an_adoption_is_not_before_the_submission_nor_the_piece(cast, pub):
    with pytest.raises(ValidationError) as early:
        services.adoption_record(
            user=cast.chair_a, piece=pub.a2, outlet="portal", submitted_on=pub.day - datetime.timedelta(1)
        )
    assert early.value.message_dict["submitted_on"] == ["报送日期不能早于撰写日期"]
    with pytest.raises(ValidationError) as before:
        services.adoption_record(
            user=cast.chair_a, piece=pub.a2, outlet="portal", submitted_on=pub.day,
            adopted_on=pub.day - datetime.timedelta(1),
        )  # fmt: skip
    assert before.value.message_dict["adopted_on"] == ["采用日期不能早于报送日期"]
    same_day = services.adoption_record(
        user=cast.chair_a, piece=pub.a2, outlet="portal", submitted_on=pub.day, adopted_on=pub.day
    )
    assert same_day.adopted_on == pub.day


def test_an_outsider_cannot_record_an_adoption(cast, pub):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="无权"):
        services.adoption_record(user=cast.chair_b, piece=pub.a, outlet="portal", submitted_on=pub.day)


def test_figures_count_pieces_and_adoptions_by_outlet_and_child(cast, pub):
    f = selectors.figures(user=cast.county_user, unit=cast.county, start=YEAR[0], end=YEAR[1])
    assert (f["publicity.pieces"], f["publicity.pieces.video"], f["publicity.adopted"]) == (4, 1, 3)
    assert (
        f["publicity.adopted.city_fed"],
        f["publicity.adopted.county_fed"],
        f["publicity.adopted.tv_county"],
    ) == (
        1,
        1,
        1,
    )
    rows = selectors.figures(
        user=cast.county_user, unit=cast.county, start=YEAR[0], end=YEAR[1], group_by_child=True
    )
    assert rows[cast.town_a.pk]["publicity.pieces"] == 2
    assert rows[cast.town_a.pk]["publicity.adopted"] == 2  # the village's piece was submitted, not taken
    assert rows[cast.town_b.pk]["publicity.adopted"] == 1
    assert rows[cast.county.pk]["publicity.pieces"] == 1
    # the period bounds: an adoption on the last day counts, one the day after does not
    march = selectors.figures(user=cast.county_user, unit=cast.county, start=pub.day, end=pub.day)
    assert march["publicity.adopted"] == 2  # the TV broadcast was the next day
    town_b = selectors.figures(user=cast.chair_b, unit=cast.town_b, start=YEAR[0], end=YEAR[1])
    assert (town_b["publicity.pieces"], town_b["publicity.adopted"]) == (1, 1)


def test_records_add_up_to_the_figures(cast, pub):
    from fulian.publicity.figures import records

    for key, value in (("publicity.pieces", 4), ("publicity.adopted.city_fed", 1), ("publicity.adopted", 3)):
        trace = records(key, user=cast.county_user, unit=cast.county, start=YEAR[0], end=YEAR[1])
        assert trace.parts[0].total() == value, key


def test_ranking_orders_by_adoptions_and_shares_a_rank_on_a_tie(cast, pub):
    rows = selectors.unit_ranking(user=cast.county_user, unit=cast.county, start=YEAR[0], end=YEAR[1])
    names = [(r.unit.name, r.rank, r.adopted, r.higher) for r in rows]
    assert names[0] == ("竹峪镇", 1, 2, 1)
    assert names[1] == ("古东关街道", 2, 1, 0)
    Adoption.objects.create(piece=pub.b, outlet="city_fed", submitted_on=pub.day, adopted_on=pub.day)
    Piece.objects.create(title="x", unit=cast.village_b1, authors="孙燕", written_on=pub.day, text="x")
    tied = selectors.unit_ranking(user=cast.county_user, unit=cast.county, start=YEAR[0], end=YEAR[1])
    assert [(r.unit.name, r.rank) for r in tied][:2] == [("竹峪镇", 1), ("古东关街道", 1)]


def test_authors_are_counted_once_per_piece(cast, pub):
    counts = selectors.author_counts(user=cast.chair_a, unit=cast.town_a, start=YEAR[0], end=YEAR[1])
    assert counts[0] == ("王丽", 2, 2)
    assert ("张敏", 1, 2) in counts


class _Ctx:
    def __init__(self, figures):
        self.figures = figures

    def value(self, key, default=0):
        return self.figures.get(key, default) or default

    def fig(self, key, shown):
        return shown


def test_the_summary_sentence_names_each_outlet_that_took_pieces():
    text = summary.sentence(
        _Ctx({"publicity.pieces": 31, "publicity.adopted.city_fed": 17, "publicity.adopted.tv_county": 12})
    )
    assert text == "全年撰写各类宣传信息31篇，被市妇联采用17条，县电视台播出12条。"
    both = summary.sentence(
        _Ctx({"publicity.pieces": 5, "publicity.adopted.province_fed": 1, "publicity.adopted.city_fed": 2})
    )
    assert both == "全年撰写各类宣传信息5篇，被省妇联采用1条、市妇联采用2条。"
    assert summary.sentence(_Ctx({"publicity.adopted.city_fed": 2})) == ""


IMPORT = SheetUpload("publicity_pieces", COLUMNS, "宣传.xlsx")


def test_import_writes_pieces_and_their_adoptions(cast, login):
    client = login(cast.chair_a)
    rows = [
        [
            "红旗村开展巾帼志愿服务",
            "信息",
            "陈芳、王丽",
            "2027-05-04",
            "红旗村",
            "",
            "市妇联、县电视台",
            "2027-05-06",
            "正文",
        ],
        ["竹峪镇召开执委会", "简报", "王丽", "2027-05-10", "", "https://example.cn/a", "", "", ""],
    ]
    job = IMPORT.confirm(client, IMPORT.upload(client, rows, unit=cast.town_a))
    assert job.status == ImportJob.Status.DONE, job.message
    piece = Piece.objects.get(title="红旗村开展巾帼志愿服务")
    assert piece.unit == cast.village_a2
    assert sorted(piece.adoptions.values_list("outlet", flat=True)) == ["city_fed", "tv_county"]
    assert Piece.objects.get(title="竹峪镇召开执委会").unit == cast.town_a


def test_import_names_every_bad_cell(cast, login):
    client = login(cast.chair_a)
    rows = [
        ["a", "论文", "王丽", "2027-05-04", "东城社区", "ftp:/x", "市政府", "2027-05-01", ""],
    ]
    job = IMPORT.upload(client, rows, unit=cast.town_a)
    columns = {column for _row, column, _msg in error_set(job)}
    assert {"类别", "单位", "链接", "采用渠道"} <= columns, error_set(job)
    assert not Piece.objects.exists()


def test_export_has_the_rows_the_user_sees(cast, pub, login):
    from io import BytesIO

    from openpyxl import load_workbook

    response = login(cast.chair_b).get(reverse("spreadsheets:export", args=["publicity_pieces"]))
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    titles = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == ["古东关街道评选最美家庭"]
