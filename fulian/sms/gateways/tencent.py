"""Tencent Cloud SMS (sms 2021-01-11) through its SDK, `tencentcloud-sdk-python-sms`.

Our `out_id` goes in `SessionContext`, which the provider gives back in its status reports and in
`PullSmsSendStatusByPhoneNumber`, how an unanswered send is reconciled. Template parameters are positional
in Tencent's templates: they are passed in the order the template text names them.
"""

from __future__ import annotations

import time

from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.sms.v20210111 import models as m
from tencentcloud.sms.v20210111.sms_client import SmsClient

from . import Found, Outcome, Outgoing, QueryResult, SendResult
from .errors import transport_outcome

TEMPORARY_CODES = {
    "LimitExceeded.PhoneNumberDailyLimit",
    "RequestLimitExceeded",
    "InternalError.Timeout",
    "InternalError.RequestTimeException",
    "FailedOperation.ServiceUnavailable",
}


def _e164(phone: str) -> str:
    return phone if phone.startswith("+") else f"+86{phone}"


class TencentGateway:
    name = "tencent"

    def __init__(self, conf: dict, *, timeout: float) -> None:
        http = HttpProfile(
            endpoint=conf.get("ENDPOINT", "sms.tencentcloudapi.com"),
            protocol=conf.get("SCHEME", "https"),
            reqTimeout=max(1, round(timeout)),
        )
        self.app_id = conf.get("SDK_APP_ID", "")
        self.client = SmsClient(
            credential.Credential(conf.get("SECRET_ID", ""), conf.get("SECRET_KEY", "")),
            conf.get("REGION", "ap-guangzhou"),
            ClientProfile(httpProfile=http),
        )

    def send(self, item: Outgoing) -> SendResult:
        request = m.SendSmsRequest()
        request.PhoneNumberSet = [_e164(item.phone)]
        request.SmsSdkAppId = self.app_id
        request.SignName = item.sign_name
        request.TemplateId = item.template_code
        request.TemplateParamSet = [str(v) for v in item.params.values()]
        request.SessionContext = item.out_id
        try:
            response = self.client.SendSms(request)
        except TencentCloudSDKException as exc:
            code = exc.get_code() or ""
            if code == "ClientNetworkError":
                return SendResult(transport_outcome(exc), error=str(exc.get_message())[:200])
            if code in TEMPORARY_CODES or code.startswith("RequestLimitExceeded"):
                return SendResult(Outcome.TEMPORARY, error=code[:200])
            if code.startswith("InternalError"):
                return SendResult(Outcome.UNKNOWN, error=code[:200])
            return SendResult(Outcome.PERMANENT, error=f"{code} {exc.get_message()}"[:200])
        except Exception as exc:
            return SendResult(transport_outcome(exc), error=str(exc)[:200])
        status = response.SendStatusSet[0]
        if status.Code == "Ok":
            return SendResult(Outcome.ACCEPTED, provider_id=status.SerialNo or "")
        if status.Code in TEMPORARY_CODES:
            return SendResult(Outcome.TEMPORARY, error=status.Code)
        return SendResult(Outcome.PERMANENT, error=f"{status.Code} {status.Message}"[:200])

    def query(self, item: Outgoing) -> QueryResult:
        request = m.PullSmsSendStatusByPhoneNumberRequest()
        request.PhoneNumber = _e164(item.phone)
        request.SmsSdkAppId = self.app_id
        request.BeginTime = int(time.time()) - 7 * 86400
        request.Offset = 0
        request.Limit = 100
        try:
            response = self.client.PullSmsSendStatusByPhoneNumber(request)
        except Exception:
            return QueryResult(Found.UNKNOWN)
        for status in response.PullSmsSendStatusSet or []:
            if status.SessionContext == item.out_id:
                delivered = {"SUCCESS": True, "FAIL": False}.get(status.ReportStatus or "")
                return QueryResult(Found.FOUND, provider_id=status.SerialNo or "", delivered=delivered)
        return QueryResult(Found.NOT_FOUND)
