"""Free text of a case is encrypted at rest: the raw rows never hold it in clear."""

from django.db import connection

from fulian.cases import services
from fulian.cases.models import Case

SECRET = "她说丈夫把她锁在猪圈里三天"


def _raw(table: str, columns: list[str]) -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute(f"SELECT {', '.join(columns)} FROM {table}")  # noqa: S608 - fixed identifiers
        return cur.fetchall()


def test_raw_database_holds_no_case_free_text_in_clear(cw):
    case = cw.case
    case.narrative = SECRET
    case.request = SECRET + "诉求"
    case.respondent_name = "王大力"
    case.save()
    services.referral_create(user=cw.cast.caseworker_a, case=case, body=cw.bodies["police"], asked=SECRET)
    services.case_handle(user=cw.cast.caseworker_a, case=case, note=SECRET)
    services.break_glass(user=cw.cast.staff_a, number=case.number, reason=SECRET + "紧急")
    rows = (
        _raw("cases_case", ["narrative", "request", "respondent_name", "closing_note"])
        + _raw("cases_referral", ["asked", "outcome"])
        + _raw("cases_caseevent", ["note"])
        + _raw("cases_breakglassgrant", ["reason"])
    )
    stored = " ".join(str(v) for row in rows for v in row)
    assert "猪圈" not in stored
    assert "王大力" not in stored
    assert "v1:" in stored
    assert Case.objects.get(pk=case.pk).narrative == SECRET  # and it reads back
