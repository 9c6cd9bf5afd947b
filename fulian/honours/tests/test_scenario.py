"""A 三八 campaign from nominations to certificates, and its summary sentence."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from fulian.core.figures import collect
from fulian.core.periods import Period
from fulian.core.summary import SummaryContext, plain
from fulian.honours import exports, selectors, services, summary
from fulian.honours.models import Award, HonourLevel, Nomination

from .factories import kind, make_campaign, make_person

D = datetime.date


def test_a_sanba_campaign_from_nominations_to_certificates_and_the_summary(cast, clock):
    clock.set(D(2027, 2, 1))
    campaign = make_campaign(cast, "三八红旗手", close=D(2027, 2, 20))
    services.quota_set(user=cast.county_user, campaign=campaign, unit=cast.town_a, places=2)
    services.quota_set(user=cast.county_user, campaign=campaign, unit=cast.town_b, places=1)
    zhang = make_person(cast.village_a1, "张晓丽")
    wang = make_person(cast.village_a2, "王芳")
    li = make_person(cast.village_b1, "刘娟")
    noms = [
        services.nomination_submit(
            user=cast.vchair_a1,
            campaign=campaign,
            nominated_by=cast.village_a1,
            person=zhang,
            deeds="带头致富",
        ),
        services.nomination_submit(
            user=cast.chair_a, campaign=campaign, nominated_by=cast.town_a, person=wang, deeds="巾帼志愿服务"
        ),
        services.nomination_submit(
            user=cast.chair_b, campaign=campaign, nominated_by=cast.town_b, person=li, deeds="关爱留守儿童"
        ),
    ]
    # a village chair cannot review; the county does, every check passed
    with pytest.raises(Exception, match="无权"):
        services.nomination_review(user=cast.vchair_a1, nomination=noms[0], approve=True)
    for n in noms:
        assert selectors.failed(n) == []
        services.nomination_review(user=cast.county_user, nomination=n, approve=True)

    clock.set(D(2027, 2, 25))
    notice = services.notice_create(
        user=cast.county_user, campaign=campaign, unit=cast.county, nominations=noms, end_date=D(2027, 3, 3)
    )
    services.notice_publish(user=cast.county_user, notice=notice)
    rows = selectors.notice_rows(notice)
    assert [r.name for r in rows] == ["王*", "刘*", "张*丽"]  # masked, by 姓氏笔画
    objection = services.objection_record(
        user=cast.county_user, notice=notice, content="事迹不实", nomination=noms[2]
    )
    services.objection_resolve(
        user=cast.county_user, objection=objection, upheld=False, resolution="经核实属实"
    )

    with pytest.raises(ValidationError, match="公示期未满"):
        services.campaign_award(user=cast.county_user, campaign=campaign, awarded_on=D(2027, 3, 3))
    clock.set(D(2027, 3, 6))
    awards = services.campaign_award(
        user=cast.county_user,
        campaign=campaign,
        awarded_on=D(2027, 3, 6),
        decision_number="万妇发〔2027〕5号",
    )
    assert [a.holder_name for a in awards] == ["王芳", "刘娟", "张晓丽"]
    assert {n.status for n in Nomination.objects.filter(campaign=campaign)} == {Nomination.Status.AWARDED}

    decision = "\n".join(p.text for p in exports.decision(campaign).paragraphs)
    assert "关于表彰2027年度三八红旗手的决定" in decision
    assert "万妇发〔2027〕5号" in decision
    assert "县级三八红旗手（个人，3名）\n王芳　刘娟　张晓丽" in decision
    certs = exports.certificates(campaign)
    buf = io.BytesIO()
    certs.save(buf)
    text = "\n".join(p.text for p in Document(io.BytesIO(buf.getvalue())).paragraphs)
    assert text.count("荣誉证书") == 3
    assert "被评为2027年度“县级三八红旗手”，特发此证，以资鼓励。" in text

    # the city names a village 巾帼示范村 (recorded by the county)
    services.award_record(
        user=cast.county_user,
        kind=kind("巾帼示范村"),
        level=HonourLevel.CITY,
        year=2027,
        awarded_on=D(2027, 5, 10),
        awarding_body="达州市妇联",
        unit=cast.county,
        village=cast.village_a1,
    )
    period = Period.year(2027)
    figures = collect(user=cast.county_user, unit=cast.county, period=period)
    assert figures["honours.individuals"] == 3
    assert figures["honours.collectives"] == 1
    (para,) = summary.contribute(
        SummaryContext(user=cast.county_user, unit=cast.county, period=period, figures=figures)
    )
    assert plain(para.text) == (
        "积极开展评选表彰和创建活动，选树先进典型，表彰先进集体1个、先进个人3名。"
        "青龙村被命名为市级巾帼示范村；县级三八红旗手3名。"
    )
    # a town sees its own: two of the three
    town = collect(user=cast.chair_a, unit=cast.town_a, period=period)
    assert town["honours.individuals"] == 2
    assert Award.objects.count() == 4


def test_an_upheld_objection_withdraws_the_nomination(cast, clock):
    clock.set(D(2027, 2, 1))
    campaign = make_campaign(cast, "孝敬好儿女", close=D(2027, 2, 20))
    n = services.nomination_submit(
        user=cast.chair_a,
        campaign=campaign,
        nominated_by=cast.town_a,
        person=make_person(cast.village_a1),
        deeds="x",
    )
    services.nomination_review(user=cast.county_user, nomination=n, approve=True)
    notice = services.notice_create(
        user=cast.county_user, campaign=campaign, unit=cast.county, nominations=[n]
    )
    with pytest.raises(ValidationError, match="公示尚未发布"):
        services.objection_record(user=cast.county_user, notice=notice, content="x")
    services.notice_publish(user=cast.county_user, notice=notice)
    obj = services.objection_record(user=cast.county_user, notice=notice, content="不孝", nomination=n)
    with pytest.raises(ValidationError) as exc:
        services.objection_resolve(user=cast.county_user, objection=obj, upheld=True, resolution=" ")
    assert exc.value.message_dict == {"resolution": ["请填写核查与处理情况"]}
    services.objection_resolve(user=cast.county_user, objection=obj, upheld=True, resolution="查实")
    n.refresh_from_db()
    assert n.status == Nomination.Status.WITHDRAWN
    assert n.review_note == "公示异议成立：查实"
    clock.set(D(2027, 3, 1))
    with pytest.raises(ValidationError, match="没有公示中的对象"):
        services.campaign_award(user=cast.county_user, campaign=campaign, awarded_on=D(2027, 3, 1))


def test_a_nomination_after_the_close_or_twice_is_refused(cast, clock):
    clock.set(D(2027, 2, 1))
    campaign = make_campaign(cast, "女当家", close=D(2027, 2, 20))
    p = make_person(cast.village_a1)
    services.nomination_submit(
        user=cast.chair_a, campaign=campaign, nominated_by=cast.town_a, person=p, deeds="x"
    )
    with pytest.raises(ValidationError, match="已被推荐参加本次评选"):
        services.nomination_submit(
            user=cast.chair_a, campaign=campaign, nominated_by=cast.town_a, person=p, deeds="x"
        )
    outside = make_person(cast.village_b1, "钱多")
    with pytest.raises(ValidationError) as exc:
        services.nomination_submit(
            user=cast.chair_a, campaign=campaign, nominated_by=cast.town_a, person=outside, deeds="x"
        )
    assert exc.value.message_dict == {"person": ["钱多不在竹峪镇范围内"]}
    clock.set(D(2027, 2, 21))
    with pytest.raises(ValidationError, match="推荐已于2027年02月20日截止"):
        services.nomination_submit(
            user=cast.chair_a,
            campaign=campaign,
            nominated_by=cast.town_a,
            person=make_person(cast.village_a2),
            deeds="x",
        )
