"""A fake SMS gateway on 127.0.0.1 speaking the two providers' HTTP APIs as their SDKs call them.

- Alibaba Cloud (dysmsapi 2017-05-25, RPC style, ACS3-HMAC-SHA256): `POST /?<params>` with `x-acs-action`
  SendSms / QuerySendDetails; the signature is recomputed from the request as received (canonical query,
  the signed headers, the body's SHA-256) and a wrong one answers 403 SignatureDoesNotMatch.
- Tencent Cloud (sms 2021-01-11, TC3-HMAC-SHA256): `POST /` JSON with `X-TC-Action` SendSms /
  PullSmsSendStatusByPhoneNumber; the signature is recomputed likewise (AuthFailure.SignatureFailure).

Faults, from a seeded random source: `fail_rate` of sends answer "throttled, not taken" (Alibaba Cloud
isv.BUSINESS_LIMIT_CONTROL, Tencent Cloud RequestLimitExceeded); `accept_then_stall_rate` of sends are
recorded as accepted and then answered only after `stall_seconds` (the client times out first).

`accepted` counts what the "operator" took per out-id and per phone: the test's oracle for exactly once.
`post_receipts(url, secret)` posts signed delivery receipts (the providers' report formats) to our callback.
Used by the tests (fulian/sms/tests) and the benchmark (`python -m bench sms`); nothing in the app imports it.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import random
import threading
import time
import urllib.request
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, urlsplit

ALIYUN_KEY = ("LTAIfakeAccessKey", "fake-aliyun-secret")
TENCENT_KEY = ("AKIDfakeSecretId", "fake-tencent-secret")


def _hmac(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()


def aliyun_signature_ok(method: str, target: str, headers, body: bytes, secret: str) -> bool:
    auth = headers.get("Authorization", "")
    if not auth.startswith("ACS3-HMAC-SHA256 "):
        return False
    fields = dict(part.split("=", 1) for part in auth[len("ACS3-HMAC-SHA256 ") :].split(","))
    if hashlib.sha256(body).hexdigest() != headers.get("x-acs-content-sha256"):
        return False
    url = urlsplit(target)
    query = sorted(parse_qsl(url.query, keep_blank_values=True))
    canonical_query = "&".join(f"{k}={quote(v, safe='~')}" for k, v in query)
    signed = fields["SignedHeaders"].split(";")
    canonical_headers = "".join(f"{name}:{(headers.get(name) or '').strip()}\n" for name in signed)
    request = "\n".join(
        [
            method,
            url.path or "/",
            canonical_query,
            canonical_headers,
            ";".join(signed),
            hashlib.sha256(body).hexdigest(),
        ]
    )
    to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(request.encode()).hexdigest()
    expected = hmac.new(secret.encode(), to_sign.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, fields.get("Signature", ""))


def tencent_signature_ok(method: str, headers, body: bytes, secret: str, service: str = "sms") -> bool:
    auth = headers.get("Authorization", "")
    if not auth.startswith("TC3-HMAC-SHA256 "):
        return False
    fields = dict(p.strip().split("=", 1) for p in auth[len("TC3-HMAC-SHA256 ") :].split(","))
    _secret_id, date, svc, _ = fields["Credential"].split("/")
    signed = fields["SignedHeaders"].split(";")
    canonical_headers = "".join(f"{h}:{(headers.get(h) or '').lower()}\n" for h in signed)
    request = f"{method}\n/\n\n{canonical_headers}\n{';'.join(signed)}\n{hashlib.sha256(body).hexdigest()}"
    to_sign = (
        f"TC3-HMAC-SHA256\n{headers.get('X-TC-Timestamp')}\n{date}/{svc}/tc3_request\n"
        + hashlib.sha256(request.encode()).hexdigest()
    )
    key = _hmac(_hmac(_hmac(("TC3" + secret).encode(), date), svc), "tc3_request")
    expected = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return svc == service and hmac.compare_digest(expected, fields.get("Signature", ""))


class FakeGateway:
    def __init__(
        self,
        *,
        fail_rate: float = 0.0,
        accept_then_stall_rate: float = 0.0,
        stall_seconds: float = 2.0,
        seed: int = 7,
    ):
        self.fail_rate = fail_rate
        self.stall_rate = accept_then_stall_rate
        self.stall_seconds = stall_seconds
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.accepted: dict[str, dict] = {}  # out-id → what was taken (the first time)
        self.per_out_id: Counter = Counter()  # every acceptance, duplicates included
        self.calls = Counter()
        self.bad_signatures = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True

    # --- running ---------------------------------------------------------------------------------
    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> FakeGateway:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def settings(self, provider: str) -> dict:
        if provider == "aliyun":
            ak, secret = ALIYUN_KEY
            return {
                "ACCESS_KEY_ID": ak,
                "ACCESS_KEY_SECRET": secret,
                "ENDPOINT": self.endpoint,
                "PROTOCOL": "http",
            }
        sid, skey = TENCENT_KEY
        return {
            "SECRET_ID": sid,
            "SECRET_KEY": skey,
            "SDK_APP_ID": "1400000001",
            "ENDPOINT": self.endpoint,
            "SCHEME": "http",
        }

    def env(self, provider: str) -> dict[str, str]:
        prefix = f"SMS_{provider.upper()}_"
        return {"SMS_GATEWAY": provider, **{prefix + k: v for k, v in self.settings(provider).items()}}

    @property
    def duplicates(self) -> int:
        return sum(n - 1 for n in self.per_out_id.values() if n > 1)

    def phones(self) -> Counter:
        return Counter(
            item["phone"] for item in self.accepted.values() for _ in range(self.per_out_id[item["out_id"]])
        )

    # --- behaviour -----------------------------------------------------------------------------
    def _draw(self) -> str:
        with self.lock:
            x = self.random.random()
        if x < self.fail_rate:
            return "fail"
        if x < self.fail_rate + self.stall_rate:
            return "stall"
        return "ok"

    def _accept(self, provider: str, out_id: str, phone: str, text: str) -> str:
        with self.lock:
            self.per_out_id[out_id] += 1
            item = self.accepted.setdefault(
                out_id,
                {
                    "out_id": out_id,
                    "phone": phone,
                    "text": text,
                    "id": uuid.uuid4().hex[:20],
                    "provider": provider,
                },
            )
            return item["id"]

    def _find(self, phone: str, out_field: str | None = None) -> list[dict]:
        with self.lock:
            return [dict(i) for i in self.accepted.values() if i["phone"] == phone]

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _reply(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client timed out
                    self.wfile.write(data)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.headers.get("x-acs-action"):
                    self._aliyun(body)
                elif self.headers.get("X-TC-Action"):
                    self._tencent(body)
                else:
                    self._reply(404, {})

            # Alibaba Cloud -----------------------------------------------------------------
            def _aliyun(self, body: bytes) -> None:
                action = self.headers["x-acs-action"]
                fake.calls[f"aliyun.{action}"] += 1
                if not aliyun_signature_ok("POST", self.path, self.headers, body, ALIYUN_KEY[1]):
                    fake.bad_signatures += 1
                    return self._reply(403, {"Code": "SignatureDoesNotMatch", "Message": "签名不匹配"})
                q = dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True))
                rid = uuid.uuid4().hex
                if action == "SendSms":
                    draw = fake._draw()
                    if draw == "fail":
                        return self._reply(
                            200,
                            {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发流控", "RequestId": rid},
                        )
                    biz = fake._accept(
                        "aliyun", q.get("OutId", ""), q["PhoneNumbers"], q.get("TemplateParam", "")
                    )
                    if draw == "stall":
                        time.sleep(fake.stall_seconds)
                    return self._reply(200, {"Code": "OK", "Message": "OK", "BizId": biz, "RequestId": rid})
                if action == "QuerySendDetails":
                    items = [
                        {
                            "OutId": i["out_id"],
                            "PhoneNum": i["phone"],
                            "SendStatus": 3,
                            "ErrCode": "DELIVERED",
                        }
                        for i in fake._find(q["PhoneNumber"])
                    ]
                    return self._reply(
                        200,
                        {
                            "Code": "OK",
                            "Message": "OK",
                            "RequestId": rid,
                            "TotalCount": str(len(items)),
                            "SmsSendDetailDTOs": {"SmsSendDetailDTO": items},
                        },
                    )
                return self._reply(400, {"Code": "InvalidAction"})

            # Tencent Cloud ------------------------------------------------------------------
            def _tencent(self, body: bytes) -> None:
                action = self.headers["X-TC-Action"]
                fake.calls[f"tencent.{action}"] += 1
                rid = str(uuid.uuid4())
                if not tencent_signature_ok("POST", self.headers, body, TENCENT_KEY[1]):
                    fake.bad_signatures += 1
                    error = {"Code": "AuthFailure.SignatureFailure", "Message": "签名错误"}
                    return self._reply(200, {"Response": {"Error": error, "RequestId": rid}})
                params = json.loads(body)
                if action == "SendSms":
                    draw = fake._draw()
                    if draw == "fail":
                        error = {"Code": "RequestLimitExceeded", "Message": "请求频率超过限制"}
                        return self._reply(200, {"Response": {"Error": error, "RequestId": rid}})
                    phone = params["PhoneNumberSet"][0].removeprefix("+86")
                    serial = fake._accept(
                        "tencent",
                        params.get("SessionContext", ""),
                        phone,
                        json.dumps(params["TemplateParamSet"]),
                    )
                    if draw == "stall":
                        time.sleep(fake.stall_seconds)
                    status = {
                        "SerialNo": serial,
                        "PhoneNumber": "+86" + phone,
                        "Fee": 1,
                        "SessionContext": params.get("SessionContext", ""),
                        "Code": "Ok",
                        "Message": "send success",
                        "IsoCode": "CN",
                    }
                    return self._reply(200, {"Response": {"SendStatusSet": [status], "RequestId": rid}})
                if action == "PullSmsSendStatusByPhoneNumber":
                    phone = params["PhoneNumber"].removeprefix("+86")
                    items = [
                        {
                            "UserReceiveTime": int(time.time()),
                            "CountryCode": "86",
                            "SubscriberNumber": phone,
                            "PhoneNumber": "+86" + phone,
                            "SerialNo": i["id"],
                            "ReportStatus": "SUCCESS",
                            "Description": "DELIVRD",
                            "SessionContext": i["out_id"],
                        }
                        for i in fake._find(phone)
                    ]
                    return self._reply(200, {"Response": {"PullSmsSendStatusSet": items, "RequestId": rid}})
                return self._reply(
                    200, {"Response": {"Error": {"Code": "InvalidAction", "Message": ""}, "RequestId": rid}}
                )

        return Handler

    # --- receipts --------------------------------------------------------------------------------
    def receipts(self, provider: str) -> bytes:
        with self.lock:
            items = [i for i in self.accepted.values() if i["provider"] == provider]
        if provider == "aliyun":
            body = [
                {
                    "phone_number": i["phone"],
                    "success": True,
                    "err_code": "DELIVERED",
                    "biz_id": i["id"],
                    "out_id": i["out_id"],
                }
                for i in items
            ]
        else:
            body = [
                {"mobile": i["phone"], "report_status": "SUCCESS", "errmsg": "DELIVRD", "sid": i["id"]}
                for i in items
            ]
        return json.dumps(body).encode()

    def post_receipts(self, url: str, provider: str, secret: str) -> int:
        from fulian.sms.callbacks import sign

        body = self.receipts(provider)
        ts = str(int(time.time()))
        assert urlsplit(url).hostname in ("127.0.0.1", "localhost"), url
        request = urllib.request.Request(  # noqa: S310  (our own live server)
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "X-Sms-Timestamp": ts,
                "X-Sms-Signature": sign(body, ts, secret),
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return json.loads(response.read())["applied"]
