"""The sending engine: exactly once per (message, phone) with several task workers (docs/sms.md).

A message's delivery rows are worked by `run(message_id)`, which `tasks.send_message_task` runs on as many
task workers as `SMS["WORKERS"]` says. Each run:

1. **claims** a batch: rows due (queued, or unknown and due for a check) and unclaimed or claimed by a
   worker whose beat is older than the lease. On PostgreSQL `SELECT … FOR UPDATE SKIP LOCKED` picks rows no
   one else is claiming; on every backend the claim itself is one conditional `UPDATE … WHERE <still
   claimable>` with a fresh token, so two workers never hold one row (SQLite runs one writer at a time and
   evaluates the WHERE under its write lock; PostgreSQL re-checks it on the locked row);
2. beats (`core.jobs.Heartbeat` on `beat_at` of the rows it holds) while it works, so a killed worker's
   rows are recognised by their old beat and claimed again;
3. per row: the **opt-out** is checked; the row is marked `sending` (committed) **before** the gateway is
   called; the provider is given the row's `out_id`; the answer is written conditionally on the token:
   accepted → sent; certainly not taken → queued again with backoff (failed after MAX_ATTEMPTS); refused →
   failed; **no answer** (a timeout after the request went out) → `unknown`, never sent again on its own;
4. **reconciles**: a `sending` row whose worker stopped beating, and every `unknown` row once SETTLE_SECONDS
   have passed, is looked up at the provider by its out-id — found: sent (or delivered/failed); not found:
   queued again (the provider never had it, so a send is not a second one); no answer: asked again later,
   and after MAX_ATTEMPTS checks it stays 结果待核实 for a person to decide.
"""

from __future__ import annotations

import logging
import os
import random
import time
import uuid
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Case, F, Min, Q, Value, When
from django.utils import timezone

from fulian.core import jobs
from fulian.core.masking import mask_mobile

from . import text as sms_text
from .gateways import Found, Gateway, Outcome, Outgoing, get_gateway, sms_settings
from .models import Delivery, Message, OptOut
from .ratelimit import SharedRateLimiter

logger = logging.getLogger("fulian.sms")
S = Delivery.Status


def lease() -> timedelta:
    """How long a claim lives without a beat: the jobs' timeout (15 s beats, 900 s by default)."""
    return timedelta(seconds=jobs.timeout_seconds())


def outgoing(row: Delivery, message: Message) -> Outgoing:
    values = {**message.variables, **row.variables}
    body = sms_text.render(message.text, values)
    sent_on = timezone.localtime(row.sending_at or timezone.now()).strftime("%Y%m%d")
    return Outgoing(
        phone=row.phone,
        sign_name=message.sign_name,
        template_code=message.template_code,
        params=sms_text.params_of(message.text, values),
        text=sms_text.with_sign(message.sign_name, body),
        out_id=row.out_id,
        sent_on=sent_on,
    )


def _claimable(message_id: int, now: datetime) -> Q:
    conf = sms_settings()
    return (
        Q(message_id=message_id, status__in=[S.QUEUED, S.UNKNOWN], checks__lt=conf["MAX_ATTEMPTS"])
        & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        & (Q(claim_token="") | Q(beat_at__lt=now - lease()))
    )


def _taking(token: str, now: datetime) -> dict:
    """The claim's writes; a row taken from a worker that stopped beating counts one more reclaim."""
    stolen = Case(When(claim_token="", then=Value(0)), default=Value(1))
    return {"claim_token": token, "beat_at": now, "reclaims": F("reclaims") + stolen}


def claim_token() -> str:
    """A run's claim token: the worker's process id (hex), a dot, then random hex — an operator looking at a
    held row can tell which process holds it."""
    return f"{os.getpid():x}.{uuid.uuid4().hex[:22]}"


def claim(message_id: int, token: str, size: int) -> list[int]:
    now = timezone.now()
    cond = _claimable(message_id, now)
    if connection.vendor == "postgresql":
        with transaction.atomic():
            rows = Delivery.objects.select_for_update(skip_locked=True).filter(cond).order_by("id")
            ids = list(rows.values_list("id", flat=True)[:size])
            Delivery.objects.filter(cond, pk__in=ids).update(**_taking(token, now))
    else:
        # A few batches' worth of candidates, shuffled, so that workers rarely aim at the same rows.
        pool = list(Delivery.objects.filter(cond).order_by("id").values_list("id", flat=True)[: size * 4])
        random.shuffle(pool)
        ids = pool[:size]
        Delivery.objects.filter(cond, pk__in=ids).update(**_taking(token, now))
    return list(
        Delivery.objects.filter(pk__in=ids, claim_token=token).order_by("id").values_list("id", flat=True)
    )


def recover_stale(message_id: int) -> int:
    """`sending` rows whose worker stopped beating: the provider may have them — ask, never resend."""
    now = timezone.now()
    return Delivery.objects.filter(message_id=message_id, status=S.SENDING, beat_at__lt=now - lease()).update(
        status=S.UNKNOWN,
        claim_token="",
        reclaims=F("reclaims") + 1,
        next_attempt_at=now + timedelta(seconds=sms_settings()["SETTLE_SECONDS"]),
        error="发送进程中断，结果待向网关核实",
    )


def _held(row: Delivery, token: str, *statuses: str):
    return Delivery.objects.filter(pk=row.pk, claim_token=token, status__in=statuses)


def backoff(attempts: int) -> timedelta:
    first = float(sms_settings()["BACKOFF_SECONDS"])
    return timedelta(seconds=min(300.0, first * 2 ** max(0, attempts - 1)))


def send_one(
    row: Delivery, message: Message, token: str, gateway: Gateway, limiter: SharedRateLimiter
) -> str:
    """One claimed row through the state machine; returns the status it was left in."""
    conf = sms_settings()
    if row.status == S.UNKNOWN:
        return reconcile(row, message, token, gateway)
    if OptOut.objects.filter(phone_hash=row.phone_hash).exists():
        _held(row, token, S.QUEUED).update(status=S.OPTED_OUT, claim_token="", error="已退订，未发送")
        return S.OPTED_OUT
    now = timezone.now()
    if not _held(row, token, S.QUEUED).update(
        status=S.SENDING, attempts=F("attempts") + 1, sending_at=now, beat_at=now
    ):
        return row.status  # the claim was lost (this worker was too slow): someone else has the row
    row.attempts += 1
    row.sending_at = now
    limiter.wait()
    result = gateway.send(outgoing(row, message))
    now = timezone.now()
    if result.outcome == Outcome.ACCEPTED:
        status, extra = S.SENT, {"provider_id": result.provider_id[:64], "sent_at": now, "error": ""}
    elif result.outcome == Outcome.TEMPORARY and row.attempts < conf["MAX_ATTEMPTS"]:
        status, extra = (
            S.QUEUED,
            {"next_attempt_at": now + backoff(row.attempts), "error": _said("暂时失败，稍后重试", result)},
        )
    elif result.outcome == Outcome.UNKNOWN:
        settle = timedelta(seconds=conf["SETTLE_SECONDS"])
        status, extra = (
            S.UNKNOWN,
            {"next_attempt_at": now + settle, "error": _said("网关未应答，待核实", result)},
        )
    else:
        what = f"尝试{row.attempts}次仍未发出" if result.outcome == Outcome.TEMPORARY else "发送失败"
        status, extra = S.FAILED, {"error": _said(what, result)}
    _held(row, token, S.SENDING).update(status=status, claim_token="", **extra)
    logger.info("短信 %s → %s：%s %s", row.out_id, mask_mobile(row.phone), status, extra.get("error", ""))
    return status


def _said(what: str, result) -> str:
    """The row's note: what happened in Chinese, then the provider's own code and words."""
    return f"{what}（{result.error}）"[:200] if result.error else what


def reconcile(row: Delivery, message: Message, token: str, gateway: Gateway) -> str:
    """An unanswered send: look it up at the provider by its out-id instead of sending it again."""
    answer = gateway.query(outgoing(row, message))
    now = timezone.now()
    held = _held(row, token, S.UNKNOWN)
    if answer.found == Found.FOUND:
        status = {True: S.DELIVERED, False: S.FAILED}.get(answer.delivered, S.SENT)  # type: ignore[arg-type]
        fields = {"provider_id": answer.provider_id[:64]} if answer.provider_id else {}
        held.update(status=status, claim_token="", sent_at=row.sending_at or now, error="", **fields)
        return status
    if answer.found == Found.NOT_FOUND:
        held.update(status=S.QUEUED, claim_token="", next_attempt_at=now, error="网关无此短信，重新发送")
        return S.QUEUED
    settle = timedelta(seconds=sms_settings()["SETTLE_SECONDS"])
    held.update(claim_token="", checks=F("checks") + 1, next_attempt_at=now + settle * 2 ** (row.checks + 1))
    return S.UNKNOWN


def outstanding(message_id: int) -> Q:
    """Rows not yet settled: queued, being sent, or unknown and still to be checked."""
    max_checks = sms_settings()["MAX_ATTEMPTS"]
    return Q(message_id=message_id) & (
        Q(status__in=[S.QUEUED, S.SENDING]) | Q(status=S.UNKNOWN, checks__lt=max_checks)
    )


def run(message_id: int, *, gateway: Gateway | None = None, max_wait: float = 1.0) -> int:
    """Work the message's rows until none is outstanding; returns how many rows this run handled."""
    conf = sms_settings()
    message = Message.objects.get(pk=message_id)
    if message.status not in (Message.Status.SENDING,):
        return 0
    gateway = gateway or get_gateway(message.gateway or None)
    limiter = SharedRateLimiter(gateway.name, float(conf["RATE_PER_SECOND"]), float(conf["RATE_BURST"]))
    token = claim_token()
    handled = 0
    with jobs.Heartbeat(Delivery.objects.filter(claim_token=token), field="beat_at"):
        while True:
            recover_stale(message_id)
            ids = claim(message_id, token, int(conf["BATCH"]))
            for row in Delivery.objects.filter(pk__in=ids).order_by("id"):
                send_one(row, message, token, gateway, limiter)
                handled += 1
            if ids:
                continue
            left = Delivery.objects.filter(outstanding(message_id))
            if not left.exists():
                break
            due = left.filter(status__in=[S.QUEUED, S.UNKNOWN]).aggregate(t=Min("next_attempt_at"))["t"]
            wait = (due - timezone.now()).total_seconds() if due else max_wait
            time.sleep(min(max(wait, 0.05), max_wait))
    Message.objects.filter(pk=message_id, status=Message.Status.SENDING).update(
        status=Message.Status.DONE, finished_at=timezone.now()
    )
    return handled
