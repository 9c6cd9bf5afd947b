"""The SMS gateways behind one small interface (docs/sms.md).

`Gateway.send(...)` hands one message for one phone to a provider and answers with a `SendResult`:
- ACCEPTED: the provider took it (its own message id in `provider_id`);
- TEMPORARY: the provider certainly did not take it (throttled, unavailable, refused the connection) —
  the engine retries with backoff;
- PERMANENT: the provider refused it for good (a bad number, a template not approved) — failed;
- UNKNOWN: no answer after the request went out (a read timeout, a dropped connection) — the provider may
  have taken it, so the engine never sends it again on its own: it asks `query(...)` later.

`query(...)` answers FOUND (with the provider id), NOT_FOUND or UNKNOWN for an out-id. Every adapter gives
the provider our `out_id` (Alibaba Cloud `OutId`, Tencent Cloud `SessionContext`) so receipts and queries
name our delivery row.

The gateway is chosen by settings: `SMS["GATEWAY"]` = "console" (default), "aliyun" or "tencent".
"""

from __future__ import annotations

import enum
import json
import logging
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone

from fulian.core.masking import mask_mobile

logger = logging.getLogger("fulian.sms")


class Outcome(enum.Enum):
    ACCEPTED = "accepted"
    TEMPORARY = "temporary"
    PERMANENT = "permanent"
    UNKNOWN = "unknown"


class Found(enum.Enum):
    FOUND = "found"
    NOT_FOUND = "not_found"
    UNKNOWN = "unknown"


@dataclass
class SendResult:
    outcome: Outcome
    provider_id: str = ""
    error: str = ""


@dataclass
class QueryResult:
    found: Found
    provider_id: str = ""
    delivered: bool | None = None


@dataclass
class Outgoing:
    """What one send carries: the phone, the sign, the template code, the variables and the whole text."""

    phone: str
    sign_name: str
    template_code: str
    params: dict[str, str]
    text: str
    out_id: str
    sent_on: str = field(default="")  # YYYYMMDD, for the providers' queries


class Gateway(Protocol):
    name: str

    def send(self, item: Outgoing) -> SendResult: ...

    def query(self, item: Outgoing) -> QueryResult: ...


def sms_settings() -> dict:
    return {**DEFAULTS, **getattr(settings, "SMS", {})}


DEFAULTS: dict = {
    "GATEWAY": "console",
    "CONSOLE_FILE": "",  # a JSON-lines outbox; empty: kept in memory and logged masked
    "RATE_PER_SECOND": 50.0,  # per gateway, all worker processes together (ratelimit.py)
    "RATE_BURST": 1.0,  # tokens a gateway's bucket holds when idle
    "PRICE_PER_PART": 0.045,  # 元 per 70/67-character part
    "TIMEOUT_SECONDS": 5.0,  # a send's read timeout
    "LEASE_SECONDS": 60.0,  # a claim's lease; renewed while the worker runs
    "SETTLE_SECONDS": 30.0,  # how long after an unanswered send before the provider is asked about it
    "MAX_ATTEMPTS": 5,
    "BACKOFF_SECONDS": 2.0,  # first retry; doubled each attempt, capped at 300 s
    "BATCH": 20,
    "WORKERS": 3,  # how many sending tasks one message is split over
    "CALLBACK_SECRET": "",  # the HMAC key of signed receipt and reply callbacks
    "ALIYUN": {},  # ACCESS_KEY_ID, ACCESS_KEY_SECRET, ENDPOINT, PROTOCOL
    "TENCENT": {},  # SECRET_ID, SECRET_KEY, SDK_APP_ID, REGION, ENDPOINT, SCHEME
}


class ConsoleGateway:
    """The default gateway (demo, development, tests): writes each message to a JSON-lines file, or keeps it
    in memory, and logs it with the phone masked. It never fails."""

    name = "console"
    sent: deque[dict] = deque(maxlen=100_000)  # the in-memory outbox (no file configured), bounded
    _lock = threading.Lock()

    def __init__(self, path: str = "") -> None:
        self.path = Path(path) if path else None

    def send(self, item: Outgoing) -> SendResult:
        record = {"out_id": item.out_id, "phone": item.phone, "text": item.text, "at": time.time()}
        with self._lock:
            if self.path:
                with self.path.open("a", encoding="utf-8") as fh:
                    fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                self.sent.append(record)
        logger.info("短信 %s → %s：%s", item.out_id, mask_mobile(item.phone), item.text)
        return SendResult(Outcome.ACCEPTED, provider_id=f"console-{item.out_id}")

    def query(self, item: Outgoing) -> QueryResult:
        if self.path:
            lines = self.path.read_text(encoding="utf-8").splitlines() if self.path.exists() else []
            records = [json.loads(line) for line in lines if line.strip()]
        else:
            records = list(self.sent)
        if any(r["out_id"] == item.out_id for r in records):
            return QueryResult(Found.FOUND, provider_id=f"console-{item.out_id}")
        return QueryResult(Found.NOT_FOUND)


def get_gateway(name: str | None = None) -> Gateway:
    conf = sms_settings()
    name = name or conf["GATEWAY"]
    if name == "aliyun":
        from .aliyun import AliyunGateway

        return AliyunGateway(conf["ALIYUN"], timeout=conf["TIMEOUT_SECONDS"])
    if name == "tencent":
        from .tencent import TencentGateway

        return TencentGateway(conf["TENCENT"], timeout=conf["TIMEOUT_SECONDS"])
    if name == "console":
        return ConsoleGateway(conf["CONSOLE_FILE"])
    raise ValueError(f"unknown SMS gateway {name!r}")


def today_code() -> str:
    return timezone.localdate().strftime("%Y%m%d")
