"""A small world with a record in every ledger, every export endpoint that writes it, and a way to put any
text into every text column of every model straight through the ORM (as old rows may hold it).

Used by the export walk (hostile text, control characters) and the export-by-export unmask test."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from types import SimpleNamespace

from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone

from fulian.core import idcard
from fulian.core.roles import Role

HOSTILE = [
    '=HYPERLINK("http://evil.example/x","点我")',
    "=cmd|' /C calc'!A0",
    "+1+2",
    "-3+4",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]
# Columns whose content the application reads as a key, a code, a path or a choice: left alone.
_SKIP = re.compile(r"(path|hash|tail|pinyin|initials|token|code|key|seed|username|password|email|url|mime)")
_SKIP_APPS = {"accounts"}  # logins and tokens: not text a ledger shows


def text_columns() -> list[tuple[type[models.Model], list[models.Field]]]:
    """Every model of the project with its free-text columns (CharField/TextField that are neither keys,
    codes, paths, choices nor unique)."""
    out = []
    for model in apps.get_models():
        if not model.__module__.startswith("fulian.") or model._meta.app_label in _SKIP_APPS:
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        in_unique = {name for group in model._meta.unique_together for name in group}
        for constraint in model._meta.constraints:
            in_unique.update(getattr(constraint, "fields", ()) or ())
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.primary_key
            and not f.choices
            and not f.unique
            and f.name not in in_unique
            and f.editable
            and not _SKIP.search(f.name)
        ]
        if fields:
            out.append((model, fields))
    return out


def fill_text(value_for) -> int:
    """Set every free-text column of every row to `value_for(index)` (truncated to the column's length),
    through `QuerySet.update` (no validation, as old data). Returns the number of columns written."""
    n = 0
    for model, fields in text_columns():
        values = {}
        for f in fields:
            value = value_for(n)
            if f.max_length:
                value = value[: f.max_length]
            values[f.name] = value
            n += 1
        model._default_manager.all().update(**values)
    return n


def _publicity_and_office(cast) -> None:
    """A piece with an adoption, and a numbered document with a notice (fulian/publicity, fulian/office)."""
    from fulian.office import services as office
    from fulian.publicity import services as publicity

    day = timezone.localdate()
    piece = publicity.piece_create(
        user=cast.chair_a,
        unit=cast.town_a,
        title="稿件",
        kind="info",
        authors="王丽",
        written_on=day,
        text="正文",
    )
    publicity.adoption_record(
        user=cast.chair_a, piece=piece, outlet="city_fed", submitted_on=day, adopted_on=day
    )
    series = office.series_create(user=cast.chair_a, unit=cast.town_a, prefix="竹妇发")
    office.document_send(user=cast.chair_a, series=series, title="发文", dated_on=day, recipients="各村")
    office.notice_send(user=cast.chair_a, unit=cast.town_a, title="通知", body="正文", units=[cast.town_a])


def build(cast, *, care, health, empl, cw) -> SimpleNamespace:
    """Records in every ledger on top of the ledger fixtures; in both towns where the ledger allows."""
    from conftest import make_user
    from fulian.activities.tests.factories import make_activity
    from fulian.aid import services as aid
    from fulian.aid.tests.factories import make_programme
    from fulian.assessment import services as assessment_services
    from fulian.assessment.tests.factories import final_score_all, make_assessment, self_score_all, sheet_of
    from fulian.core.periods import Period
    from fulian.indicators.models import Indicator
    from fulian.indicators.services import indicator_value_save
    from fulian.orgbuild.tests.factories import make_election
    from fulian.people.models import Person
    from fulian.people.services import person_build
    from fulian.reports.services import summary_create
    from fulian.surveys import services as survey_services
    from fulian.surveys.tests.factories import make_questionnaire

    born = datetime.date(1980, 5, 6)
    people = {}
    for i, village in enumerate((cast.village_a1, cast.village_a2, cast.village_b1), start=1):
        person = person_build(
            name=f"登记{i}",
            gender="F",
            birth_date=born,
            id_number=idcard.make_id_number("511781", born, 20 + i),
            mobile=f"1391234567{i}",
            village=village,
        )
        person.save()
        people[village.pk] = person
    programme = make_programme(cast.county_user, cast.county)
    staff_b = make_user("staff_b", (cast.town_b, Role.TOWN_STAFF), display_name="林专干")
    for village, chair, staff, town_chair, town in (
        (cast.village_a1, cast.vchair_a1, cast.staff_a, cast.chair_a, cast.town_a),
        (cast.village_b1, cast.vchair_b1, staff_b, cast.chair_b, cast.town_b),
    ):
        app = aid.application_submit(
            user=chair, programme=programme, person=people[village.pk], amount=500, reason="因病"
        )
        aid.application_review(user=staff, application=app)
        aid.application_approve(user=town_chair, application=app)
        start = timezone.localdate() - datetime.timedelta(days=10)
        notice = aid.notice_create(
            user=town_chair,
            programme=programme,
            unit=town,
            applications=[app],
            start_date=start,
            end_date=start + datetime.timedelta(days=7),
        )
        aid.notice_publish(user=town_chair, notice=notice)
        app.refresh_from_db()
        aid.disbursement_create(user=staff, application=app, amount=Decimal(500), note="发放")
    make_activity(cast.chair_a, cast.town_a, place="村委会", summary="游园")
    make_activity(cast.chair_b, cast.town_b, title="家风讲座", type_code="sanba")
    _publicity_and_office(cast)
    a = make_assessment(cast, year=2025)
    for village, chair in ((cast.village_a1, cast.vchair_a1), (cast.village_a2, cast.vchair_a2)):
        sheet = sheet_of(a, village)
        self_score_all(chair, sheet)
        assessment_services.sheet_submit(user=chair, sheet=sheet)
        final_score_all(cast.chair_a, sheet, deduction=Decimal(1))
    q = make_questionnaire(cast)
    (link,) = survey_services.links_create(user=cast.chair_a, questionnaire=q, village=cast.village_a1)
    questions = {x.kind: x for x in q.questions.all()}
    survey_services.response_submit(
        token=link.token,
        data={f"q{questions['rating'].pk}": ["5"], f"q{questions['text'].pk}": ["很好"]},
    )
    indicator = Indicator.objects.filter(values__isnull=True).order_by("id").first()
    indicator_value_save(
        user=cast.chair_a,
        indicator=indicator,
        unit=cast.town_a,
        year=2026,
        numerator=Decimal(5),
        denominator=Decimal(10),
        note="已核实",
    )
    election = make_election(cast).election
    donation = _resources(cast, people[cast.village_a1.pk])
    honours_campaign = _honours(cast, people[cast.village_a1.pk])
    draft = summary_create(user=cast.chair_a, unit=cast.town_a, period=Period.year(2026))
    return SimpleNamespace(
        people=people, programme=programme, assessment=a, sheet=sheet_of(a, cast.village_a1),
        election=election, questionnaire=q, draft=draft, honours_campaign=honours_campaign, case=cw.case,
        care=care, health=health, empl=empl, persons=Person.objects.all(), donation=donation,
    )  # fmt: skip


def _resources(cast, person):
    """A fund with a donation and a use, and a service handled (the resources exports and the receipt)."""
    from fulian.resources import services as resources
    from fulian.resources.models import ServiceKind

    fund = resources.fund_create(user=cast.chair_a, unit=cast.town_a, name="春蕾助学金", purpose="助学")
    day = timezone.localdate()
    donation = resources.donation_receive(
        user=cast.chair_a, fund=fund, donor_kind="person", donor="李先生", amount=Decimal(100),
        received_on=day, purpose="助学",
    )  # fmt: skip
    resources.use_record(
        user=cast.chair_a,
        fund=fund,
        target="unit",
        recipient="青龙村",
        amount=Decimal(10),
        used_on=day,
        note="助学",
    )
    kind = ServiceKind.objects.order_by("id").first()
    resources.service_record(user=cast.vchair_a1, person=person, kind=kind, handled_on=day, note="已办结")
    return donation


def _honours(cast, person):
    """A town's 最美家庭 selection taken to its award (the Excel export, the decision and certificates)."""
    from fulian.honours import services as honours
    from fulian.honours.models import HonourKind, HonourLevel

    today = timezone.localdate()
    campaign = honours.campaign_create(
        user=cast.chair_a,
        kind=HonourKind.objects.get(name="最美家庭"),
        year=today.year,
        level=HonourLevel.TOWN,
        unit=cast.town_a,
        nominations_close=today,
    )
    n = honours.nomination_submit(
        user=cast.chair_a, campaign=campaign, nominated_by=cast.town_a, person=person, deeds="孝老爱亲"
    )
    honours.nomination_review(user=cast.chair_a, nomination=n, approve=True)
    start = today - datetime.timedelta(days=10)
    notice = honours.notice_create(
        user=cast.chair_a,
        campaign=campaign,
        unit=cast.town_a,
        nominations=[n],
        start_date=start,
        end_date=start + datetime.timedelta(days=7),
    )
    honours.notice_publish(user=cast.chair_a, notice=notice)
    honours.campaign_award(user=cast.chair_a, campaign=campaign, awarded_on=today)
    return campaign


def stats_url(unit) -> str:
    return reverse("reports:stats") + f"?unit={unit.pk}&kind=year&year=2026&format=xlsx"


def laid_out_exports(cast, w) -> dict[str, tuple[str, object]]:
    """The exports that are not registered specs: module → (url, a user who may open it)."""
    return {
        "fulian/reports/xlsx.py": (stats_url(cast.town_a), cast.chair_a),
        "fulian/indicators/xlsx.py": (
            reverse("indicators:values") + f"?unit={cast.town_a.pk}&year=2026&format=xlsx",
            cast.chair_a,
        ),
        "fulian/assessment/exports.py": (
            reverse("assessment:sheet_export", args=[w.sheet.pk, "xlsx"]),
            cast.chair_a,
        ),
        "fulian/assessment/exports.py#ranking": (
            reverse("assessment:ranking_export", args=[w.assessment.pk, "xlsx"]),
            cast.chair_a,
        ),
        "fulian/cases/export.py": (reverse("cases:export", args=[w.case.pk]), cast.caseworker_a),
        "fulian/surveys/views.py": (reverse("surveys:export", args=[w.questionnaire.pk]), cast.chair_a),
        "fulian/orgbuild/exports.py": (
            reverse("orgbuild:download", args=[w.election.pk, "results.xlsx"]),
            cast.chair_a,
        ),
        "fulian/honours/exports.py": (
            reverse("honours:campaign_export", args=[w.honours_campaign.pk]),
            cast.chair_a,
        ),
        "fulian/orgbuild/exports.py#roster": (
            reverse("orgbuild:roster", args=[cast.village_a1.pk]) + "?format=xlsx",
            cast.chair_a,
        ),
    }


def word_files(cast, w) -> list[tuple[str, object]]:
    return [
        (reverse("reports:summary_docx", args=[w.draft.pk]), cast.chair_a),
        (reverse("assessment:sheet_export", args=[w.sheet.pk, "docx"]), cast.chair_a),
        (reverse("assessment:ranking_export", args=[w.assessment.pk, "docx"]), cast.chair_a),
        (reverse("orgbuild:download", args=[w.election.pk, "announcement.docx"]), cast.chair_a),
        (reverse("orgbuild:download", args=[w.election.pk, "filing.docx"]), cast.chair_a),
        (reverse("resources:receipt", args=[w.donation.pk]), cast.chair_a),
        (reverse("honours:decision", args=[w.honours_campaign.pk]), cast.chair_a),
        (reverse("honours:certificates", args=[w.honours_campaign.pk]), cast.chair_a),
    ]


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def workbook_cells(response):
    """Every cell of every sheet of a downloaded workbook."""
    from openpyxl import load_workbook

    assert response.status_code == 200, response.status_code
    wb = load_workbook(io.BytesIO(body(response)))
    return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]
