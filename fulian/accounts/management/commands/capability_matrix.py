"""capability_matrix: print the role × capability matrix as Markdown, or (--write) bring docs/roles.md up to
date."""

from django.core.management.base import BaseCommand

from fulian.accounts import matrix


class Command(BaseCommand):
    help = "输出角色 × 权限对照表（Markdown）；加 --write 则更新 docs/roles.md 中生成的部分。"

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="更新 docs/roles.md")

    def handle(self, *args, write: bool = False, **options):
        if not write:
            self.stdout.write(matrix.markdown(), ending="")
            return
        text = matrix.DOCS.read_text(encoding="utf-8")
        current = matrix.with_current_section(text)
        if current == text:
            self.stdout.write(f"{matrix.DOCS} 已是最新。")
            return
        matrix.DOCS.write_text(current, encoding="utf-8")
        self.stdout.write(f"已更新 {matrix.DOCS}。")
