"""Funds: the balance the database computes equals counted receipts minus counted uses, whatever the
sequence of receipts, uses, corrections and cancellations; overdrawing is refused with the field named;
receipt numbers run per unit and year; a use paying aid traces to the people who received it."""

from __future__ import annotations

import io
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fulian.resources import selectors, services
from fulian.resources.models import Donation, FundUse, Kind, Status

from .factories import D, disbursement, fund_with, make_person

pytestmark = pytest.mark.django_db


def _expected(fund, kind=Kind.MONEY) -> Decimal:
    received = sum(d.amount for d in Donation.objects.filter(fund=fund, kind=kind, status=Status.ACTIVE))
    used = sum(u.amount for u in FundUse.objects.filter(fund=fund, kind=kind, status=Status.ACTIVE))
    return Decimal(received) - Decimal(used)


def test_balance_after_receipts_uses_edits_and_cancellations(cast):
    fund = fund_with(cast, "1000")
    d2 = services.donation_receive(
        user=cast.staff_a, fund=fund, donor_kind="person", donor="王女士", amount=Decimal("500"),
        received_on=D(2027, 4, 1),
    )  # fmt: skip
    use = services.use_record(
        user=cast.staff_a, fund=fund, target="disaster", recipient="洪灾受灾户", amount=Decimal("1200"),
        used_on=D(2027, 5, 1),
    )  # fmt: skip
    assert selectors.balance(fund=fund) == Decimal("300")
    services.donation_update(user=cast.staff_a, donation=d2, amount=Decimal("800"))
    assert selectors.balance(fund=fund) == Decimal("600")
    services.use_cancel(user=cast.staff_a, use=use, reason="重复录入")
    assert selectors.balance(fund=fund) == Decimal("1800") == _expected(fund)
    services.donation_cancel(user=cast.staff_a, donation=d2, reason="退回捐赠人")
    assert selectors.balance(fund=fund) == Decimal("1000") == _expected(fund)
    listed = selectors.fund_list(user=cast.chair_a).get(pk=fund.pk)
    assert (listed.money_in, listed.money_out, listed.money_left) == (Decimal("1000"), 0, Decimal("1000"))


def test_a_use_that_would_overdraw_is_refused_naming_the_amount(cast):
    fund = fund_with(cast, "1000")
    with pytest.raises(ValidationError) as exc:
        services.use_record(
            user=cast.staff_a, fund=fund, target="unit", recipient="红旗村", amount=Decimal("1000.01"),
            used_on=D(2027, 5, 1),
        )  # fmt: skip
    assert exc.value.message_dict["amount"] == ["支出1,000.01元后，春蕾助学金的资金余额将为-0.01元，不能透支"]
    assert not FundUse.objects.exists()
    # the boundary: exactly the balance is allowed
    services.use_record(
        user=cast.staff_a, fund=fund, target="unit", recipient="红旗村", amount=Decimal("1000"),
        used_on=D(2027, 5, 1),
    )  # fmt: skip
    assert selectors.balance(fund=fund) == 0


def test_money_spent_cannot_be_cancelled_or_lowered_away(cast):
    fund = fund_with(cast, "1000")
    donation = Donation.objects.get(fund=fund)
    services.use_record(
        user=cast.staff_a,
        fund=fund,
        target="unit",
        recipient="红旗村",
        amount=Decimal("600"),
        used_on=D(2027, 5, 1),
    )
    with pytest.raises(ValidationError) as exc:
        services.donation_cancel(user=cast.staff_a, donation=donation, reason="退回")
    assert "作废收据2027-0001后" in exc.value.message_dict["cancel_reason"][0]
    with pytest.raises(ValidationError) as exc:
        services.donation_update(user=cast.staff_a, donation=donation, amount=Decimal("599.99"))
    assert exc.value.message_dict["amount"] == ["改为599.99元后，春蕾助学金的资金余额将为-0.01元，不能透支"]
    donation.refresh_from_db()
    assert (donation.status, donation.amount) == (Status.ACTIVE, Decimal("1000"))
    services.donation_update(user=cast.staff_a, donation=donation, amount=Decimal("600"))
    assert selectors.balance(fund=fund) == 0


def test_goods_count_apart_from_money_with_their_lines(cast):
    fund = fund_with(cast, "100")
    goods = services.donation_receive(
        user=cast.staff_a, fund=fund, donor_kind="unit", donor="市粮油公司", kind=Kind.GOODS,
        items=[{"name": "大米", "quantity": "50", "measure": "袋", "unit_value": "80"},
               {"name": "矿泉水", "quantity": "20", "measure": "箱", "unit_value": "25.5"}],
        received_on=D(2027, 6, 1),
    )  # fmt: skip
    assert goods.amount == Decimal("4510.00")
    assert selectors.balance(fund=fund, kind=Kind.GOODS) == Decimal("4510")
    assert selectors.balance(fund=fund) == Decimal("100")
    with pytest.raises(ValidationError) as exc:
        services.use_record(
            user=cast.staff_a, fund=fund, kind=Kind.GOODS, target="disaster", recipient="洪灾受灾户",
            amount=Decimal("4510.01"), used_on=D(2027, 6, 2),
        )  # fmt: skip
    assert "物资折价余额将为-0.01元" in exc.value.message_dict["amount"][0]
    with pytest.raises(ValidationError) as exc:
        services.donation_receive(
            user=cast.staff_a, fund=fund, donor_kind="unit", donor="某公司", kind=Kind.GOODS,
            items=[{"name": "大米", "quantity": "0", "measure": "袋", "unit_value": "80"}],
            received_on=D(2027, 6, 1),
        )  # fmt: skip
    assert exc.value.message_dict["items"] == ["第1项物品“大米”的数量必须大于0"]


def test_receipt_numbers_run_per_unit_and_year(cast):
    a = fund_with(cast, None)
    b = fund_with(cast, None, unit=cast.town_b, name="爱心基金")

    def give(fund, day, user=cast.chair_a):
        return services.donation_receive(
            user=user, fund=fund, donor_kind="person", donor="李先生", amount=Decimal("10"), received_on=day
        ).receipt_number

    assert [give(a, D(2026, 12, 31)), give(a, D(2027, 1, 1)), give(a, D(2027, 2, 1))] == [
        "2026-0001",
        "2027-0001",
        "2027-0002",
    ]
    assert give(b, D(2027, 1, 5), cast.chair_b) == "2027-0001"
    second = fund_with(cast, None, name="抗洪救灾")  # another fund of the same unit shares the counter
    assert give(second, D(2027, 3, 1)) == "2027-0003"


def test_a_donation_dated_after_today_is_refused(cast, clock):
    clock.set(D(2027, 6, 15))
    fund = fund_with(cast, None)
    with pytest.raises(ValidationError) as exc:
        services.donation_receive(
            user=cast.chair_a, fund=fund, donor_kind="person", donor="李先生", amount=Decimal("10"),
            received_on=D(2027, 6, 16),
        )  # fmt: skip
    assert exc.value.message_dict["received_on"] == ["接收日期不能晚于今天"]
    services.donation_receive(
        user=cast.chair_a, fund=fund, donor_kind="person", donor="李先生", amount=Decimal("10"),
        received_on=D(2027, 6, 15),
    )  # fmt: skip


SEQ = itertools.count()
OPS = st.lists(
    st.tuples(
        st.sampled_from(["give", "use", "edit", "cancel_gift", "cancel_use"]),
        st.integers(min_value=1, max_value=2000),
        st.integers(min_value=0, max_value=20),
    ),
    max_size=12,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_balance_is_always_receipts_minus_uses_and_never_negative(cast, ops):
    fund = fund_with(cast, None, name=f"基金{next(SEQ)}")
    refused = []
    for op, amount, pick in ops:
        gifts = list(Donation.objects.filter(fund=fund, status=Status.ACTIVE).order_by("id"))
        uses = list(FundUse.objects.filter(fund=fund, status=Status.ACTIVE).order_by("id"))
        try:
            if op == "give":
                services.donation_receive(
                    user=cast.staff_a, fund=fund, donor_kind="person", donor="捐赠人", amount=Decimal(amount),
                    received_on=D(2027, 3, 1),
                )  # fmt: skip
            elif op == "use":
                services.use_record(
                    user=cast.staff_a, fund=fund, target="unit", recipient="红旗村", amount=Decimal(amount),
                    used_on=D(2027, 3, 2),
                )  # fmt: skip
            elif op == "edit" and gifts:
                services.donation_update(
                    user=cast.staff_a, donation=gifts[pick % len(gifts)], amount=Decimal(amount)
                )
            elif op == "cancel_gift" and gifts:
                services.donation_cancel(user=cast.staff_a, donation=gifts[pick % len(gifts)], reason="退回")
            elif op == "cancel_use" and uses:
                services.use_cancel(user=cast.staff_a, use=uses[pick % len(uses)], reason="重复")
        except ValidationError as exc:
            refused.append(" ".join(exc.messages))
        left = selectors.balance(fund=fund)
        assert left == _expected(fund)
        assert left >= 0
    assert all("不能透支" in message for message in refused)


def test_a_use_pays_aid_disbursements_and_traces_to_who_received_them(cast, login):
    fund = fund_with(cast, "2000")
    person = make_person(cast.village_a1, "王秀英")
    paid = disbursement(cast, person, "500")
    use = services.use_record(
        user=cast.staff_a, fund=fund, target="aid", recipient="困难母亲救助", used_on=D(2027, 6, 10),
        disbursements=[paid],
    )  # fmt: skip
    assert use.amount == Decimal("500.00")
    assert selectors.balance(fund=fund) == Decimal("1500")
    links = list(selectors.paid_disbursements(user=cast.chair_a, fund=fund))
    assert [(link.disbursement.person.name, link.amount) for link in links] == [("王秀英", Decimal("500"))]
    # paid once only
    with pytest.raises(ValidationError) as exc:
        services.use_record(
            user=cast.staff_a, fund=fund, target="aid", recipient="再付一次", used_on=D(2027, 6, 10),
            disbursements=[paid],
        )  # fmt: skip
    assert exc.value.message_dict["disbursements"] == [f"发放记录{paid.pk}已由其他捐赠使用支付"]
    # the fund's page names the recipient: masked for the county staff, who may not unmask personal data,
    # in full for the town's officer, who may
    page = login(cast.county_user).get(reverse("resources:fund", args=[fund.pk])).content.decode()
    assert "王*英" in page
    assert "王秀英" not in page
    page = login(cast.staff_a).get(reverse("resources:fund", args=[fund.pk])).content.decode()
    assert "王秀英" in page
    # cancelled, the use stops counting and the disbursement may be paid again
    services.use_cancel(user=cast.staff_a, use=use, reason="改由其他账户支付")
    assert selectors.balance(fund=fund) == Decimal("2000")
    assert not selectors.paid_disbursements(user=cast.chair_a, fund=fund).exists()
    services.use_record(
        user=cast.staff_a, fund=fund, target="aid", recipient="困难母亲救助", used_on=D(2027, 6, 11),
        disbursements=[paid],
    )  # fmt: skip


def test_a_disbursement_outside_the_fund_unit_cannot_be_paid(cast):
    fund = fund_with(cast, "2000", unit=cast.town_b, name="爱心基金")
    paid = disbursement(cast, make_person(cast.village_a1, "王秀英"), "500")
    with pytest.raises(ValidationError) as exc:
        services.use_record(
            user=cast.county_user, fund=fund, target="aid", recipient="救助", used_on=D(2027, 6, 10),
            disbursements=[paid],
        )  # fmt: skip
    assert exc.value.message_dict["disbursements"] == [f"发放记录{paid.pk}不在{cast.town_b.name}的范围内"]


def test_the_receipt_is_a_word_document_with_the_donation(cast, login):
    fund = fund_with(cast, "1000")
    donation = Donation.objects.get(fund=fund)
    response = login(cast.assessor_a).get(reverse("resources:receipt", args=[donation.pk]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "捐赠收据" in text
    assert "编号：2027-0001" in text
    assert "今收到万源市某建材公司捐款，金额人民币1,000.00元。" in text
