"""import_divisions [DIR] [--root CODE]: import the division files into the organisation tree (without DIR:
the national set shipped with the project, fulian/orgs/data/divisions)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fulian.orgs.services.divisions import DivisionImportError, divisions_import, divisions_tidy

SHOWN = 20  # how many renamed / retired units to list by name


class Command(BaseCommand):
    help = (
        "导入统计用区划代码（provinces/cities/areas/streets/villages.csv 五个文件，也可为 .csv.xz）。"
        "不给目录则导入项目自带的全国区划（fulian/orgs/data/divisions）。"
        "--root 只导入某省、市、县或乡镇及其上级；不给则导入全国。可重复运行：同代码更新名称，"
        "新代码新增，文件中已没有的代码标记撤销（不删除），文件全部检查通过后才在一个事务中写入。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory", type=Path, nargs="?", help="区划文件所在目录（不给则用项目自带的全国区划）"
        )
        parser.add_argument("--root", help="只导入这个区划代码（2/4/6/9 位）的子树，例如 511781 = 万源市")

    def handle(self, *args, directory: Path | None = None, root: str | None = None, **options):
        started = time.perf_counter()
        try:
            summary = divisions_import(directory=directory, root=root)
        except DivisionImportError as exc:
            raise CommandError(f"导入失败，未写入任何数据：{exc}") from exc
        divisions_tidy(summary)
        seconds = time.perf_counter() - started
        w = self.stdout.write
        w(
            f"区划导入完成（{summary.total} 个单位，{seconds:.1f} 秒）："
            f"新增 {summary.added}，更名 {len(summary.renamed)}，撤销 {len(summary.retired)}，"
            f"恢复 {len(summary.reactivated)}，未变 {summary.unchanged}"
        )
        for code, old, new in summary.renamed[:SHOWN]:
            w(f"  更名 {code}：{old} → {new}")
        for code, name in summary.retired[:SHOWN]:
            w(f"  撤销 {code}：{name}")
        for code, name in summary.reactivated[:SHOWN]:
            w(f"  恢复 {code}：{name}")
        hidden = sum(max(0, len(x) - SHOWN) for x in (summary.renamed, summary.retired, summary.reactivated))
        if hidden:
            w(f"  （另有 {hidden} 条未列出）")
