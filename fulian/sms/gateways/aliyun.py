"""Alibaba Cloud SMS (dysmsapi 2017-05-25) through its SDK, `alibabacloud-dysmsapi20170525`.

Our `out_id` goes in `OutId`; `QuerySendDetails` (phone + day) lists what the provider has, each with its
`OutId`, which is how an unanswered send is reconciled. The SDK's own retries are off: a retry of a send
that the provider may have accepted is exactly the duplicate this app exists to prevent.
"""

from __future__ import annotations

import json

from alibabacloud_dysmsapi20170525 import models as m
from alibabacloud_dysmsapi20170525.client import Client
from alibabacloud_tea_openapi.utils_models import Config
from darabonba.runtime import RuntimeOptions

from . import Found, Outcome, Outgoing, QueryResult, SendResult
from .errors import transport_outcome

# Throttled or busy: the provider did not take the message; try again later.
TEMPORARY_CODES = {"isv.BUSINESS_LIMIT_CONTROL", "isv.DAY_LIMIT_CONTROL", "Throttling", "ServiceUnavailable"}


class AliyunGateway:
    name = "aliyun"

    def __init__(self, conf: dict, *, timeout: float) -> None:
        self.client = Client(
            Config(
                access_key_id=conf.get("ACCESS_KEY_ID", ""),
                access_key_secret=conf.get("ACCESS_KEY_SECRET", ""),
                endpoint=conf.get("ENDPOINT", "dysmsapi.aliyuncs.com"),
                protocol=conf.get("PROTOCOL", "https"),
            )
        )
        ms = int(timeout * 1000)
        self.runtime = RuntimeOptions(autoretry=False, max_attempts=1, read_timeout=ms, connect_timeout=ms)

    def send(self, item: Outgoing) -> SendResult:
        request = m.SendSmsRequest(
            phone_numbers=item.phone,
            sign_name=item.sign_name,
            template_code=item.template_code,
            template_param=json.dumps(item.params, ensure_ascii=False),
            out_id=item.out_id,
        )
        try:
            body = self.client.send_sms_with_options(request, self.runtime).body
        except Exception as exc:  # the SDK raises its own classes for HTTP errors, RetryError for transport
            status = getattr(exc, "status_code", None) or getattr(exc, "statusCode", None)
            code = getattr(exc, "code", "") or ""
            if status is not None:
                if int(status) >= 500 or code in TEMPORARY_CODES or int(status) == 429:
                    return SendResult(Outcome.TEMPORARY, error=f"{status} {code}"[:200])
                return SendResult(Outcome.PERMANENT, error=f"{status} {code}"[:200])
            return SendResult(transport_outcome(exc), error=str(exc)[:200])
        if body.code == "OK":
            return SendResult(Outcome.ACCEPTED, provider_id=body.biz_id or "")
        if body.code in TEMPORARY_CODES:
            return SendResult(Outcome.TEMPORARY, error=f"{body.code} {body.message}"[:200])
        return SendResult(Outcome.PERMANENT, error=f"{body.code} {body.message}"[:200])

    def query(self, item: Outgoing) -> QueryResult:
        request = m.QuerySendDetailsRequest(
            phone_number=item.phone, send_date=item.sent_on, page_size=50, current_page=1
        )
        try:
            body = self.client.query_send_details_with_options(request, self.runtime).body
        except Exception:
            return QueryResult(Found.UNKNOWN)
        if body.code != "OK":
            return QueryResult(Found.UNKNOWN)
        details = body.sms_send_detail_dtos.sms_send_detail_dto if body.sms_send_detail_dtos else []
        for detail in details or []:
            if detail.out_id == item.out_id:
                # SendStatus: 1 waiting for the receipt, 2 failed, 3 delivered
                delivered = {3: True, 2: False}.get(int(detail.send_status or 1))
                return QueryResult(Found.FOUND, delivered=delivered)
        return QueryResult(Found.NOT_FOUND)
