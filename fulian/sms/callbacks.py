"""Delivery receipts and replies posted by the gateways, verified by an HMAC signature (docs/sms.md).

A callback carries `X-Sms-Timestamp` (Unix seconds) and `X-Sms-Signature`: the hex HMAC-SHA256, under
SMS["CALLBACK_SECRET"], of "<timestamp>\\n<body>". A request without a valid signature, or older than five
minutes, is refused (403) and changes nothing. The bodies are the providers' own report formats:
Alibaba Cloud's list of {"out_id", "biz_id", "success", "err_code"} and Tencent Cloud's list of
{"sid", "report_status", "errmsg"} (plus "session_context" when the relay adds it); replies (上行) are
{"phone_number"/"mobile", "content"/"text"}.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time

from .gateways import sms_settings

MAX_AGE = 300


def sign(body: bytes, timestamp: str, secret: str | None = None) -> str:
    key = (secret if secret is not None else sms_settings()["CALLBACK_SECRET"]).encode()
    return hmac.new(key, timestamp.encode() + b"\n" + body, hashlib.sha256).hexdigest()


def verified(body: bytes, timestamp: str, signature: str, *, now: float | None = None) -> bool:
    secret = sms_settings()["CALLBACK_SECRET"]
    if not secret or not timestamp or not signature:
        return False
    try:
        age = abs((now if now is not None else time.time()) - float(timestamp))
    except ValueError:
        return False
    return age <= MAX_AGE and hmac.compare_digest(sign(body, timestamp, secret), signature)


def receipts_of(provider: str, body: bytes) -> list[dict]:
    """[{"out_id", "provider_id", "delivered", "error"}] from a provider's report body."""
    items = json.loads(body.decode("utf-8"))
    items = items if isinstance(items, list) else [items]
    out = []
    for item in items:
        if provider == "aliyun":
            out.append(
                {
                    "out_id": str(item.get("out_id") or ""),
                    "provider_id": str(item.get("biz_id") or ""),
                    "delivered": bool(item.get("success")),
                    "error": str(item.get("err_code") or ""),
                }
            )
        else:
            out.append(
                {
                    "out_id": str(item.get("session_context") or ""),
                    "provider_id": str(item.get("sid") or ""),
                    "delivered": item.get("report_status") == "SUCCESS",
                    "error": str(item.get("errmsg") or ""),
                }
            )
    return out


def replies_of(body: bytes) -> list[tuple[str, str]]:
    items = json.loads(body.decode("utf-8"))
    items = items if isinstance(items, list) else [items]
    return [
        (str(i.get("phone_number") or i.get("mobile") or ""), str(i.get("content") or i.get("text") or ""))
        for i in items
    ]
