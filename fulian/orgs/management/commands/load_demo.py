"""load_demo: the 万源市 demo, only into an empty database; otherwise it just prints the demo logins."""

import os

from django.core.management.base import BaseCommand

from fulian.orgs.services.demo import demo_load, demo_logins


class Command(BaseCommand):
    help = (
        "加载演示数据（万源市 31 个乡镇、298 个村和社区、片区、村民小组、妇联成员、各角色演示账号，"
        "以及各模块的演示记录）。只在数据库中还没有任何组织时写入，从不覆盖已有数据；"
        "已有数据时只列出演示账号。"
    )
    requires_system_checks = []  # bin/demo has just run migrate, which checks; startup stays quick

    def handle(self, *args, **options):
        w = self.stdout.write
        ctx = demo_load(log=w)
        if ctx is None:
            w("数据库中已有组织数据，未加载演示数据（不会覆盖已有数据）。")
        else:
            towns, villages = len(ctx.towns), len(ctx.villages)
            w(f"已加载演示数据：{ctx.county.name}，{towns} 个乡镇/街道，{villages} 个村/社区。")
        logins = demo_logins()
        host, port = os.environ.get("HOST", "127.0.0.1"), os.environ.get("PORT", "8000")
        w(f"网站地址：http://{host}:{port}/")
        if not logins:
            return
        w("演示账号（密码相同）：")
        widths = [
            max(_width(row[i]) for row in [("用户名", "角色", "单位", "密码"), *logins]) for i in range(4)
        ]
        for row in [("用户名", "角色", "单位", "密码"), *logins]:
            w("  " + "  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)))


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
