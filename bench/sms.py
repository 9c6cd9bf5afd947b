"""Benchmark of the SMS platform (短信平台): N recipients through the fake gateway on 127.0.0.1.

    python -m bench sms                                   # 10,000 recipients, Alibaba Cloud SDK, SQLite
    python -m bench sms --gateway tencent --workers 6
    scripts/with-postgres .venv/bin/python -m bench sms   # on a throwaway PostgreSQL (DATABASE_URL)

One message with N delivery rows (phones encrypted, as the service writes them) is sent by --workers
sending loops (`fulian.sms.sending.run`, the body of the task; threads of this process, each on its own
database connection) through the real provider SDK against `fulian.sms.fakegateway.FakeGateway`, which
fails --fail-rate of the sends (throttled: retried with backoff) and counts what it accepted. Prints the
messages per second (accepted by the gateway ÷ wall time from the first claim to the message done), the
SDK calls, and the oracle: duplicates (an out-id accepted twice) and lost (a recipient never accepted) —
both must be 0. The rate limit is lifted (--rate) so that the engine, not the limiter, is measured.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench sms", description=__doc__.splitlines()[0])
    p.add_argument("--recipients", type=int, default=10_000)
    p.add_argument("--workers", type=int, default=4, help="sending loops at once (default 4)")
    p.add_argument("--gateway", choices=["aliyun", "tencent"], default="aliyun")
    p.add_argument("--fail-rate", type=float, default=0.05, help="share of sends the fake throttles")
    p.add_argument("--rate", type=float, default=100_000.0, help="rate limit per gateway (messages/s)")
    args = p.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="fulian-bench-sms-") as tmp:
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        return run(args)


def run(args) -> int:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections
    from django.db.models import Count

    from fulian.orgs.models import Level, OrgUnit
    from fulian.people.models import mobile_hash
    from fulian.sms import sending
    from fulian.sms.fakegateway import FakeGateway
    from fulian.sms.models import Delivery, Message

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"数据库：{connection.vendor}（迁移 {time.perf_counter() - t:.0f} 秒）")
    gw = FakeGateway(fail_rate=args.fail_rate, seed=1).start()
    settings.SMS = {
        **settings.SMS,
        "GATEWAY": args.gateway,
        args.gateway.upper(): gw.settings(args.gateway),
        "RATE_PER_SECOND": args.rate,
        "BACKOFF_SECONDS": 0.05,
        "MAX_ATTEMPTS": 20,
        "SETTLE_SECONDS": 1.0,
        "BATCH": 50,
    }
    county = OrgUnit.add_root(name="万源市", level=Level.COUNTY, code="511781")
    message = Message.objects.create(
        unit=county,
        unit_path=county.path,
        text="{姓名}您好，请于{时间}到镇妇联参加培训。",
        sign_name="万源妇联",
        template_code="SMS_1001",
        variables={"时间": "6月20日上午9点"},
        audience=Message.Audience.LIST,
        gateway=args.gateway,
    )
    t = time.perf_counter()
    phones = [f"139{i:08d}" for i in range(args.recipients)]
    Delivery.objects.bulk_create(
        [
            Delivery(
                message=message,
                name=f"测试{i}",
                phone=phone,
                phone_hash=mobile_hash(phone),
                variables={"姓名": f"测试{i}"},
                out_id=uuid.uuid4().hex,
            )
            for i, phone in enumerate(phones)
        ],
        batch_size=1000,
    )
    print(f"接收人：{args.recipients:,}（写入 {time.perf_counter() - t:.1f} 秒）")
    Message.objects.filter(pk=message.pk).update(status=Message.Status.SENDING)

    def loop():
        try:
            sending.run(message.pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=loop) for _ in range(args.workers)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    gw.stop()

    accepted = len(gw.accepted)
    lost = len(set(phones) - {item["phone"] for item in gw.accepted.values()})
    statuses = dict(Delivery.objects.values_list("status").annotate(n=Count("id")).order_by())
    print(f"网关：{args.gateway}（SDK），流控失败率 {args.fail_rate:.0%}，发送循环 {args.workers} 个")
    print(f"用时 {elapsed:.1f} 秒；每秒 {accepted / elapsed:,.0f} 条")
    print(
        f"SDK 调用：{sum(gw.calls.values()):,}（发送 {gw.calls[args.gateway + '.SendSms']:,}）；"
        f"签名错误 {gw.bad_signatures}"
    )
    print(f"重复：{gw.duplicates}；丢失：{lost}；状态：{statuses}")
    return 0 if gw.duplicates == 0 and lost == 0 and gw.bad_signatures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
