"""The hand-written SQL the ledger benchmark holds figures() against: one statement per metric family."""

from __future__ import annotations

from datetime import datetime, timedelta

from bench.county_year import END, START


def _rows(connection, sql: str, params) -> list[tuple]:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def _one(connection, sql, params) -> tuple:
    return _rows(connection, sql, params)[0]


def bare_care(cn, path):
    like = path + "%"
    (v,) = _one(
        cn,
        "SELECT COUNT(*) FROM care_volunteer x "
        "WHERE x.village_path LIKE %s AND x.registered_on <= %s AND (x.left_on IS NULL OR x.left_on >= %s)",
        [like, END, START],
    )
    p = _one(
        cn,
        "SELECT COUNT(*), COUNT(CASE WHEN x.started_on >= %s THEN 1 END), "
        "COUNT(CASE WHEN x.ended_on <= %s THEN 1 END), COUNT(DISTINCT x.child_id) "
        "FROM care_pairing x WHERE x.village_path LIKE %s "
        "AND x.started_on <= %s AND (x.ended_on IS NULL OR x.ended_on >= %s)",
        [START, END, like, END, START],
    )
    vis = _one(
        cn,
        "SELECT COUNT(*), COUNT(CASE WHEN x.kind = 'home' THEN 1 END), "
        "COUNT(CASE WHEN x.needs_found <> '' THEN 1 END) "
        "FROM care_visit x "
        "WHERE x.village_path LIKE %s AND x.visited_on BETWEEN %s AND %s",
        [like, START, END],
    )
    return {
        "care.volunteers": v,
        "care.pairings.active": p[0],
        "care.pairings.new": p[1],
        "care.pairings.ended": p[2],
        "care.children": p[3],
        "care.visits": vis[0],
        "care.visits.home": vis[1],
        "care.visits.with_needs": vis[2],
    }


def bare_health(cn, path):
    like = path + "%"
    c = _one(
        cn,
        "SELECT COUNT(*), SUM(x.target_count) FROM health_campaign x "
        "WHERE x.unit_path LIKE %s AND x.started_on BETWEEN %s AND %s",
        [like, START, END],
    )
    s = _one(
        cn,
        "SELECT COUNT(*), COUNT(CASE WHEN x.result = 'abnormal' THEN 1 END), "
        "COUNT(CASE WHEN x.result = 'positive' THEN 1 END), COUNT(CASE WHEN x.referred_to <> '' THEN 1 END), "
        "COUNT(CASE WHEN x.treatment IN ('ongoing', 'done') THEN 1 END), "
        "COUNT(CASE WHEN x.free_surgery THEN 1 END) "
        "FROM health_screening x "
        "WHERE x.village_path LIKE %s AND x.screened_on BETWEEN %s AND %s",
        [like, START, END],
    )
    n = _one(
        cn,
        "SELECT SUM(x.screened), SUM(x.abnormal), SUM(x.positive), SUM(x.free_surgeries) "
        "FROM health_screeningcount x "
        "WHERE x.village_path LIKE %s AND x.reported_on BETWEEN %s AND %s",
        [like, START, END],
    )
    n = [v or 0 for v in n]
    return {
        "health.campaigns": c[0],
        "health.target": c[1] or 0,
        "health.screened": s[0] + n[0],
        "health.screened.persons": s[0],
        "health.screened.counted": n[0],
        "health.abnormal": s[1] + n[1],
        "health.positive": s[2] + n[2],
        "health.referred": s[3],
        "health.treated": s[4],
        "health.free_surgeries": s[5] + n[3],
    }


def bare_employment(cn, path):
    like = path + "%"
    (tr,) = _one(
        cn,
        "SELECT COUNT(*) FROM employment_training x "
        "WHERE x.unit_path LIKE %s AND x.started_on BETWEEN %s AND %s",
        [like, START, END],
    )
    te = _one(
        cn,
        "SELECT COUNT(*), COUNT(CASE WHEN x.certified THEN 1 END) FROM employment_trainee x "
        "JOIN employment_training t ON t.id = x.training_id "
        "WHERE x.village_path LIKE %s AND t.started_on BETWEEN %s AND %s",
        [like, START, END],
    )
    f = _one(
        cn,
        "SELECT COUNT(*), SUM(x.attendees) FROM employment_jobfair x "
        "WHERE x.unit_path LIKE %s AND x.held_on BETWEEN %s AND %s",
        [like, START, END],
    )
    e = _one(
        cn,
        "SELECT COUNT(*), SUM(x.posts_offered), SUM(x.hires) FROM employment_fairemployer x "
        "JOIN employment_jobfair f ON f.id = x.fair_id "
        "WHERE f.unit_path LIKE %s AND f.held_on BETWEEN %s AND %s",
        [like, START, END],
    )
    en = _one(
        cn,
        "SELECT COUNT(*), COUNT(CASE WHEN x.started_on >= %s THEN 1 END) FROM employment_entrepreneur x "
        "WHERE x.village_path LIKE %s AND x.started_on <= %s",
        [START, like, END],
    )
    lo = _one(
        cn,
        "SELECT COUNT(*), SUM(x.amount), COUNT(CASE WHEN x.repaid THEN 1 END) FROM employment_loan x "
        "WHERE x.village_path LIKE %s AND x.granted_on BETWEEN %s AND %s",
        [like, START, END],
    )
    return {
        "employment.trainings": tr,
        "employment.trainees": te[0],
        "employment.trainees.certified": te[1],
        "employment.fairs": f[0],
        "employment.fair_attendees": f[1] or 0,
        "employment.employers": e[0],
        "employment.posts": e[1] or 0,
        "employment.hires": e[2] or 0,
        "employment.entrepreneurs": en[0],
        "employment.entrepreneurs.new": en[1],
        "employment.loans": lo[0],
        "employment.loan_amount": lo[1] or 0,
        "employment.loans.repaid": lo[2],
    }


def bare_activities(cn, path):
    like = path + "%"
    # kinds of work a specialised ledger records are counted there, not here (decision 0005)
    where = (
        "a.unit_path LIKE %s AND a.start_date >= %s AND a.start_date <= %s "
        "AND a.type_id IN (SELECT id FROM activities_activitytype WHERE ledger = '')"
    )
    t = _one(
        cn,
        f"SELECT COUNT(*), COALESCE(SUM(a.participant_count), 0), SUM(a.money_spent) "
        f"FROM activities_activity a WHERE {where}",
        [like, START, END],
    )
    out = {"activities.count": t[0], "activities.participants": t[1], "activities.money": t[2] or 0}
    for code, n in _rows(
        cn,
        f"SELECT ty.code, COUNT(*) FROM activities_activity a JOIN activities_activitytype ty "
        f"ON ty.id = a.type_id WHERE {where} GROUP BY ty.code",
        [like, START, END],
    ):
        out[f"activities.count.{code}"] = n
    for code, n in _rows(
        cn,
        "SELECT k.code, SUM(q.amount) FROM activities_activityquantity q "
        "JOIN activities_quantitykind k ON k.id = q.kind_id "
        f"JOIN activities_activity a ON a.id = q.activity_id WHERE {where} GROUP BY k.code",
        [like, START, END],
    ):
        out[f"activities.quantity.{code}"] = n
    return out


def bare_aid(cn, path):
    from django.utils import timezone

    like = path + "%"
    where = "d.village_path LIKE %s AND d.status = 'active' AND d.paid_on >= %s AND d.paid_on <= %s"
    t = _one(
        cn,
        f"SELECT COUNT(DISTINCT d.person_id), SUM(d.amount), COUNT(*) FROM aid_disbursement d WHERE {where}",
        [like, START, END],
    )
    out = {"aid.persons": t[0], "aid.amount": t[1] or 0, "aid.count": t[2]}
    for kind, amount in _rows(
        cn,
        f"SELECT d.kind, SUM(d.amount) FROM aid_disbursement d WHERE {where} GROUP BY d.kind",
        [like, START, END],
    ):
        out[f"aid.amount.{kind}"] = amount
    for code, amount, persons in _rows(
        cn,
        "SELECT p.code, SUM(d.amount), COUNT(DISTINCT d.person_id) "
        "FROM aid_disbursement d JOIN aid_programme p ON p.id = d.programme_id "
        f"WHERE {where} GROUP BY p.code",
        [like, START, END],
    ):
        out[f"aid.amount.{code}"] = amount
        out[f"aid.persons.{code}"] = persons
    tz = timezone.get_current_timezone()
    lo = cn.ops.adapt_datetimefield_value(datetime.combine(START, datetime.min.time(), tzinfo=tz))
    hi = cn.ops.adapt_datetimefield_value(
        datetime.combine(END + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    )
    (n,) = _one(
        cn,
        "SELECT COUNT(*) FROM aid_application a WHERE a.village_path LIKE %s "
        "AND a.status NOT IN ('rejected', 'withdrawn') AND a.submitted_at >= %s AND a.submitted_at < %s",
        [like, lo, hi],
    )
    out["aid.applications"] = n
    return out


BARE = {
    "care": bare_care,
    "health": bare_health,
    "employment": bare_employment,
    "activities": bare_activities,
    "aid": bare_aid,
}
