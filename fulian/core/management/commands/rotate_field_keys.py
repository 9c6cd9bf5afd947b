"""Re-encrypt every encrypted column with the current key, and (with --rehash) recompute lookup hashes.

Selects: every row of every model that has an EncryptedTextField whose stored value was written with a key
other than the current one. A dry run (counts only) unless --commit is given. See docs/security.md.
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from fulian.core import crypto

CHUNK = 1000


def encrypted_fields(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if isinstance(f, crypto.EncryptedTextField)]


class Command(BaseCommand):
    help = (
        "用当前密钥重新加密所有加密字段中由旧密钥写入的值（默认只统计，加 --commit 才写入）；"
        "--rehash 同时按当前查找密钥重算身份证号哈希。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--commit", action="store_true", help="真正写入（否则只统计）")
        parser.add_argument("--rehash", action="store_true", help="重算查找哈希（如服务对象的身份证号哈希）")

    def handle(self, *args, commit: bool = False, rehash: bool = False, **options):
        crypto.reset_keyring()
        current = crypto.keyring().current
        for model in apps.get_models():
            fields = encrypted_fields(model)
            if not fields:
                continue
            stale = self._rotate(model, fields, current, commit)
            self.stdout.write(
                f"{model._meta.label}: {stale} 行使用旧密钥" + ("，已重新加密" if commit else "")
            )
        if rehash:
            self._rehash(commit)
        if not commit:
            self.stdout.write("（试运行：未写入。确认无误后加 --commit）")

    def _rotate(self, model, fields: list[str], current: str, commit: bool) -> int:
        # Read the stored tokens with a raw query: the ORM would hand back plaintext.
        table = model._meta.db_table
        columns = ", ".join(model._meta.get_field(f).column for f in fields)
        with connection.cursor() as cur:
            cur.execute(f"SELECT {model._meta.pk.column}, {columns} FROM {table}")  # noqa: S608
            rows = cur.fetchall()
        todo = [
            pk
            for pk, *values in rows
            if any(v and crypto.is_encrypted(v) and crypto.key_id_of(v) != current for v in values)
        ]
        stale = len(todo)
        if commit:
            for start in range(0, len(todo), CHUNK):
                with transaction.atomic():
                    for obj in model._base_manager.filter(pk__in=todo[start : start + CHUNK]).only(
                        "pk", *fields
                    ):
                        model._base_manager.filter(pk=obj.pk).update(**{f: getattr(obj, f) for f in fields})
        return stale

    def _rehash(self, commit: bool) -> None:
        for rehasher in crypto.rehashers():
            changed = rehasher.fn(commit=commit)
            self.stdout.write(
                f"{rehasher.label}: {changed} 个{rehasher.noun}需要重算" + ("，已重算" if commit else "")
            )
