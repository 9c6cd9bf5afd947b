"""import_divisions on the national files shipped with the project (万源市 subtree) and on modified or broken
copies, plain or xz-compressed."""

from __future__ import annotations

import csv
import lzma
import shutil
from io import StringIO
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from fulian.orgs.models import Level, OrgUnit, Zone
from fulian.orgs.services.divisions import BUNDLED, FILES, divisions_import

DEMO = Path(settings.BASE_DIR) / "fulian" / "orgs" / "data" / "wanyuan"
WANYUAN = "511781"


def run(directory: Path | None, root: str | None = WANYUAN) -> str:
    """The command on a directory (None: the national set shipped with the project)."""
    out = StringIO()
    args = ([str(directory)] if directory else []) + (["--root", root] if root else [])
    call_command("import_divisions", *args, stdout=out)
    return out.getvalue()


def snapshot() -> list[tuple]:
    return list(
        OrgUnit.objects.order_by("path").values_list(
            "path", "depth", "numchild", "code", "name", "level", "active_until", "previous_names"
        )
    )


def counts() -> dict[int, int]:
    return {lv: OrgUnit.objects.filter(level=lv).count() for lv in Level.values}


@pytest.fixture
def demo_copy(tmp_path) -> Path:
    """A writable copy of the shipped 万源市 files."""
    target = tmp_path / "divisions"
    shutil.copytree(DEMO, target)
    for f in target.iterdir():
        f.chmod(0o644)
    return target


def edit(path: Path, replace: dict[str, str] | None = None, drop: str = "", append: str = "") -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in (replace or {}).items():
        assert old in text
        text = text.replace(old, new)
    if drop:
        lines = [line for line in text.splitlines(keepends=True) if not line.startswith(drop)]
        assert len(lines) < len(text.splitlines())
        text = "".join(lines)
    path.write_text(text + append, encoding="utf-8")


def test_the_shipped_national_set_is_complete_and_compressed():
    """Every level of the country, as the README of the data folder counts it, and only .xz files."""
    rows = {}
    for spec in FILES:
        assert not (BUNDLED / spec.name).exists()
        with lzma.open(BUNDLED / f"{spec.name}.xz", "rt", newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh)
            assert next(reader)[:2] == ["code", "name"]
            rows[spec.name] = sum(1 for _ in reader)
    assert rows == {
        "provinces.csv": 31,
        "cities.csv": 342,
        "areas.csv": 2978,
        "streets.csv": 41352,
        "villages.csv": 620573,
    }
    assert BUNDLED.resolve().is_relative_to(Path(settings.BASE_DIR).resolve())


@pytest.mark.django_db
def test_wanyuan_subtree_from_the_shipped_national_set_gives_31_towns_and_298_villages():
    out = run(None)
    assert counts() == {1: 1, 2: 1, 3: 1, 4: 31, 5: 298, 6: 0}
    county = OrgUnit.objects.get(code=WANYUAN)
    assert county.name == "万源市"
    assert [a.name for a in OrgUnit.objects.get_ancestors(county)] == ["四川省", "达州市"]
    assert OrgUnit.objects.get_children_count(county) == 31
    assert OrgUnit.objects.get_descendants(county).count() == 329
    zhuyu = OrgUnit.objects.get(code="511781106")
    assert zhuyu.name == "竹峪镇"
    assert OrgUnit.objects.get_children(zhuyu).count() == 20 == zhuyu.numchild
    # children in code order, so the tree reads like the official list
    codes = list(OrgUnit.objects.get_children(zhuyu).values_list("code", flat=True))
    assert codes == sorted(codes)
    assert OrgUnit.objects.find_problems() == ([], [], [], [], [])
    assert "新增 332" in out


@pytest.mark.django_db
def test_second_run_changes_nothing():
    run(None)
    before = snapshot()
    out = run(None)
    assert snapshot() == before
    assert "新增 0，更名 0，撤销 0，恢复 0，未变 332" in out


@pytest.mark.django_db
def test_shipped_demo_copy_imports_identically():
    run(None)
    before = snapshot()
    out = run(DEMO)
    assert snapshot() == before
    assert "未变 332" in out


@pytest.mark.django_db
def test_modified_file_renames_adds_and_retires_and_reports_it(demo_copy):
    run(demo_copy)
    old_village = OrgUnit.objects.get(code="511781106202")
    villages = demo_copy / "villages.csv"
    edit(
        villages,
        replace={'511781106201,"包台村民委员会"': '511781106201,"包台新村村民委员会"'},
        drop="511781106202,",
        append='511781106299,"新设村民委员会",511781106,51,5117,511781\n',
    )
    today = timezone.localdate()
    out = run(demo_copy)

    assert "新增 1，更名 1，撤销 1，恢复 0，未变 330" in out
    assert "更名 511781106201：包台村民委员会 → 包台新村村民委员会" in out
    assert "撤销 511781106202：大柏树村民委员会" in out
    renamed = OrgUnit.objects.get(code="511781106201")
    assert renamed.name == "包台新村村民委员会"
    assert renamed.previous_names == ["包台村民委员会"]
    retired = OrgUnit.objects.get(code="511781106202")
    assert retired.active_until == today
    assert retired.path == old_village.path  # kept in place, with its history
    assert not retired.is_active
    added = OrgUnit.objects.get(code="511781106299")
    zhuyu = OrgUnit.objects.get(code="511781106")
    assert OrgUnit.objects.get_parent(added) == zhuyu
    assert added.active_from == today
    assert (
        added.path == OrgUnit.objects.get_children(zhuyu).order_by("path").last().path
    )  # after existing siblings
    assert zhuyu.numchild == 21
    assert (
        OrgUnit.objects.filter(path__startswith=zhuyu.path, level=Level.VILLAGE, active_until=None).count()
        == 20
    )
    assert OrgUnit.objects.find_problems() == ([], [], [], [], [])
    history = {e.object_id: e.changes for e in LogEntry.objects.get_for_model(OrgUnit)}
    assert history[renamed.pk] == {"name": ["包台村民委员会", "包台新村村民委员会"]}
    assert history[retired.pk] == {"active_until": ["None", str(today)]}

    # The retired village comes back: reactivated, nothing else moves.
    shutil.copy(DEMO / "villages.csv", villages)
    out = run(demo_copy)
    assert "撤销 1" in out  # 511781106299 is gone again
    assert "恢复 1" in out
    assert "恢复 511781106202：大柏树村民委员会" in out
    assert OrgUnit.objects.get(code="511781106202").active_until is None
    assert OrgUnit.objects.get(code="511781106201").previous_names == [
        "包台村民委员会",
        "包台新村村民委员会",
    ]


@pytest.mark.django_db
def test_import_over_hand_made_tree_keeps_existing_units_and_appends_after_them(cast):
    """The test cast already holds 竹峪镇 and 古东关街道 with a few villages and a 村民小组."""
    town_a_path, group_path = cast.town_a.path, cast.group_a1.path
    out = run(DEMO)
    assert "新增 " in out
    county = OrgUnit.objects.get(pk=cast.county.pk)
    assert OrgUnit.objects.get_children_count(county) == 31
    first_two = list(OrgUnit.objects.get_children(county).values_list("code", flat=True)[:2])
    assert first_two == ["511781106", "511781001"]  # the hand-made towns keep their place
    assert OrgUnit.objects.get(pk=cast.town_a.pk).path == town_a_path
    village_a1 = OrgUnit.objects.get(pk=cast.village_a1.pk)
    assert village_a1.name == "包台村民委员会"  # the official name for 511781106201
    assert village_a1.previous_names == ["青龙村"]
    assert OrgUnit.objects.get(pk=cast.group_a1.pk).path == group_path  # 村民小组 untouched
    assert OrgUnit.objects.get_children_count(OrgUnit.objects.get(code="511781106")) == 20
    assert OrgUnit.objects.find_problems() == ([], [], [], [], [])
    # treebeard keeps working on the imported tree
    village = OrgUnit.objects.get(code="511781106203")
    new = OrgUnit.objects.add_child(village, {"name": "一组", "level": Level.GROUP})
    assert OrgUnit.objects.get_parent(new).code == "511781106203"


@pytest.mark.django_db
def test_a_directory_of_compressed_files_is_read_like_plain_ones(demo_copy):
    for f in list(demo_copy.iterdir()):
        if f.suffix == ".csv":
            (f.parent / f"{f.name}.xz").write_bytes(lzma.compress(f.read_bytes()))
            f.unlink()
    out = run(demo_copy)
    assert counts() == {1: 1, 2: 1, 3: 1, 4: 31, 5: 298, 6: 0}
    assert "新增 332" in out
    (demo_copy / "streets.csv.xz").unlink()
    with pytest.raises(CommandError, match=r"缺少文件 streets\.csv（或 streets\.csv\.xz"):
        run(demo_copy)


@pytest.mark.django_db
def test_a_subtree_root_may_be_a_province_city_or_town(demo_copy):
    run(demo_copy, root="511781106")
    assert counts() == {1: 1, 2: 1, 3: 1, 4: 1, 5: 20, 6: 0}
    run(demo_copy, root="51")
    assert counts() == {1: 1, 2: 1, 3: 1, 4: 31, 5: 298, 6: 0}


BAD_FILES = [
    pytest.param(
        lambda d: (d / "streets.csv").unlink(),
        "缺少文件 streets.csv",
        id="missing-file",
    ),
    pytest.param(
        lambda d: edit(d / "villages.csv", replace={"code,name,streetCode": "code,name,town"}),
        "villages.csv 第1行：缺少列 streetCode",
        id="missing-column",
    ),
    pytest.param(
        lambda d: edit(d / "villages.csv", append='511781777001,"无主村",511781777,51,5117,511781\n'),
        "villages.csv 第300行：无主村（511781777001）的上级 511781777 在 streets.csv 中不存在",
        id="village-without-town",
    ),
    pytest.param(
        lambda d: edit(d / "streets.csv", replace={"511781100,": "51178110,"}),
        "streets.csv 第3行：区划代码「51178110」应为9位数字",
        id="code-wrong-length",
    ),
    pytest.param(
        lambda d: edit(d / "villages.csv", replace={"511781001002,": "5117810010O2,"}),
        "villages.csv 第3行：区划代码「5117810010O2」应为12位数字",
        id="code-not-digits",
    ),
    pytest.param(
        lambda d: edit(d / "villages.csv", append='511781001001,"重复社区",511781001,51,5117,511781\n'),
        "villages.csv 第300行：区划代码 511781001001 重复（第2行已有）",
        id="duplicate-code",
    ),
    pytest.param(
        lambda d: edit(
            d / "villages.csv", replace={'"新华社区居民委员会",511781001': '"新华社区居民委员会",511781100'}
        ),
        "villages.csv 第3行：新华社区居民委员会（511781001002）的上级代码 streetCode「511781100」"
        "与区划代码前 9 位不一致",
        id="parent-column-disagrees-with-code",
    ),
    pytest.param(
        lambda d: edit(d / "villages.csv", replace={'"新华社区居民委员会"': '""'}),
        "villages.csv 第3行：区划代码 511781001002 缺少名称",
        id="empty-name",
    ),
    pytest.param(
        lambda d: edit(d / "areas.csv", drop="511781,"),
        "areas.csv 中没有 --root 指定的区划代码 511781",
        id="root-missing",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("damage", "message"), BAD_FILES)
def test_bad_file_is_refused_with_file_and_line_and_nothing_written(demo_copy, damage, message):
    damage(demo_copy)
    with pytest.raises(CommandError) as caught:
        run(demo_copy)
    assert message in str(caught.value)
    assert "未写入任何数据" in str(caught.value)
    assert OrgUnit.objects.count() == 0


@pytest.mark.django_db
def test_bad_file_after_good_changes_leaves_existing_tree_untouched(demo_copy):
    run(demo_copy)
    before = snapshot()
    edit(
        demo_copy / "villages.csv",
        replace={'"包台村民委员会"': '"包台新村村民委员会"'},
        drop="511781106202,",
        append='511781106999,"坏行",511781106,51,5117\n511781106A00,"坏代码",511781106,51,5117,511781\n',
    )
    with pytest.raises(CommandError, match=r"villages\.csv 第300行"):
        run(demo_copy)
    assert snapshot() == before


@pytest.mark.django_db
def test_bad_root_is_refused(demo_copy):
    with pytest.raises(CommandError, match=r"--root「5117811」应为 2、4、6 或 9 位数字"):
        run(demo_copy, root="5117811")


@pytest.mark.django_db
def test_subtree_count_is_an_index_range_scan_on_path():
    divisions_import(directory=DEMO, root=WANYUAN)
    county = OrgUnit.objects.get(code=WANYUAN)
    subtree = OrgUnit.objects.filter(path__startswith=county.path).order_by()
    if connection.vendor == "postgresql":
        # 330 rows would be read whole, so ask for the plan the planner takes on a big table.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = subtree.explain()
        # LIKE 'P%' becomes a range on the varchar_pattern_ops index Django adds for the unique path.
        assert "_like" in plan
        assert "Index Cond" in plan
        assert "~>=~" in plan
    else:
        plan = subtree.explain()
        assert "SEARCH orgs_orgunit USING" in plan  # a range on the index, not a SCAN
        assert "(path>? AND path<?)" in plan
    assert OrgUnit.objects.filter(path__startswith=county.path).count() == 330


@pytest.mark.django_db
def test_path_startswith_selects_exactly_the_subtree_also_through_joins():
    divisions_import(directory=DEMO, root=WANYUAN)
    units = list(OrgUnit.objects.values_list("path", "code"))
    for code in ("51", "511781", "511781106", "511781106201"):
        path = OrgUnit.objects.get(code=code).path
        expected = sorted(c for p, c in units if p.startswith(path))
        assert (
            sorted(OrgUnit.objects.filter(path__startswith=path).values_list("code", flat=True)) == expected
        )
    town = OrgUnit.objects.get(code="511781106")
    zone = Zone.objects.create(town=town, name="测试片区")
    assert Zone.objects.filter(town__path__startswith=town.path[:-4]).get() == zone
    assert not Zone.objects.filter(town__path__startswith=town.path + "0").exists()
    # Other fields keep the ordinary (LIKE) lookup.
    assert OrgUnit.objects.filter(name__startswith="竹峪").count() == 2
